//! Edit distance between skeletons: optimal-string-alignment Damerau–Levenshtein
//! extended so that swapping two symbols across up to two others costs 1
//! (a metathesis such as Kukhtin / Khuktin, skeletons `kuHtIn` / `HuktIn`).

/// Longest span (in symbols) a transposition may cover: the swapped symbols may
/// be up to this many positions apart.
pub const MAX_SWAP_SPAN: usize = 3;

/// Edit distance in which insertion, deletion, substitution and the swap of two
/// symbols at most [`MAX_SWAP_SPAN`] positions apart (with the symbols between
/// them unchanged) each cost 1.
///
/// ```
/// use tmkit::names::distance::distance;
/// assert_eq!(distance("kuHtIn", "HuktIn"), 1); // swap across one symbol
/// assert_eq!(distance("mikhail", "mikahil"), 1); // adjacent swap
/// assert_eq!(distance("kotov", "kitov"), 1);
/// assert_eq!(distance("abcd", "dbca"), 1); // swap across two symbols
/// assert_eq!(distance("ivan", "ivanov"), 2);
/// ```
pub fn distance(a: &str, b: &str) -> u32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_chars(&a, &b)
}

/// [`distance`] on symbol slices.
pub fn distance_chars<T: PartialEq>(a: &[T], b: &[T]) -> u32 {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        return m as u32;
    }
    if m == 0 {
        return n as u32;
    }
    let width = m + 1;
    let mut d = vec![0u32; (n + 1) * width];
    for i in 0..=n {
        d[i * width] = i as u32;
    }
    for (j, cell) in d.iter_mut().enumerate().take(m + 1) {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            // a[i-1-k] .. a[i-1] against b[j-1-k] .. b[j-1]: the end symbols
            // swapped and the k-1 symbols between them equal.
            for k in 1..=MAX_SWAP_SPAN {
                if i < k + 1 || j < k + 1 {
                    break;
                }
                let (ai, bj) = (i - 1, j - 1);
                if a[ai - k] == b[bj]
                    && a[ai] == b[bj - k]
                    && a[ai] != a[ai - k]
                    && a[ai - k + 1..ai] == b[bj - k + 1..bj]
                {
                    best = best.min(d[(i - k - 1) * width + j - k - 1] + 1);
                }
            }
            d[i * width + j] = best;
        }
    }
    d[n * width + m]
}

/// How many edits a pair of skeletons may differ by and still be a probable
/// misspelling, from the shorter length: exact up to 4 symbols, one edit for 5
/// to 8, two from 9.
pub fn threshold(shorter_len: usize) -> u32 {
    match shorter_len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_edits() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("", "ab"), 2);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("ab", "ba"), 1);
    }

    #[test]
    fn swaps_across_symbols() {
        assert_eq!(distance("kuHtIn", "HuktIn"), 1);
        assert_eq!(distance("HarkIv", "karHIv"), 1);
        assert_eq!(distance("abcde", "ebcda"), 2); // four apart: too far for one swap
        assert_eq!(distance("xabcdx", "xdbcax"), 1);
    }

    #[test]
    fn swap_combines_with_other_edits() {
        assert_eq!(distance("kuHtIn", "HuktIna"), 2);
        assert_eq!(distance("mIHaIl kuHtIn", "mIHaIl HuktIn"), 1);
    }

    #[test]
    fn thresholds_by_length() {
        assert_eq!(threshold(4), 0);
        assert_eq!(threshold(5), 1);
        assert_eq!(threshold(8), 1);
        assert_eq!(threshold(9), 2);
    }

    use proptest::prelude::*;
    proptest! {
        #[test]
        fn symmetric_and_bounded(a in "[a-e]{0,8}", b in "[a-e]{0,8}") {
            let d = distance(&a, &b);
            prop_assert_eq!(d, distance(&b, &a));
            prop_assert!(d as usize <= a.len().max(b.len()));
            prop_assert!(d <= strsim::osa_distance(&a, &b) as u32);
            prop_assert_eq!(d == 0, a == b);
        }
    }
}
