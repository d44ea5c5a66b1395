//! Levenshtein distances over token sequences.
//!
//! Two implementations on purpose: [`within`] is the banded one used to verify
//! candidates (only the `2k + 1` diagonals around the main one can hold a
//! distance ≤ k, and a row whose minimum exceeds k ends the computation), and
//! [`align`] is the plain full-matrix one that also returns the alignment (the
//! edit script the user sees). Tests check one against the other.

/// Levenshtein distance between `a` and `b` if it is at most `k`, else `None`.
/// Cost O(min(|a|, |b|) · k).
///
/// ```
/// use tmkit::fuzzy::distance::within;
/// assert_eq!(within(&[1, 2, 3, 4], &[1, 3, 4, 5], 2), Some(2));
/// assert_eq!(within(&[1, 2, 3, 4], &[5, 6, 7, 8], 3), None);
/// ```
pub fn within<T: PartialEq>(a: &[T], b: &[T], k: usize) -> Option<usize> {
    // Common prefix and suffix cost nothing and shrink the band's work.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    let big = k + 1;
    let mut prev = vec![big; m + 1];
    let mut cur = vec![big; m + 1];
    for (j, cell) in prev.iter_mut().enumerate().take(m.min(k) + 1) {
        *cell = j;
    }
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        cur[lo - 1] = if lo == 1 { i.min(big) } else { big };
        let mut row_min = cur[lo - 1];
        let ai = &a[i - 1];
        for j in lo..=hi {
            let substitution = prev[j - 1] + usize::from(*ai != b[j - 1]);
            let value = substitution.min(prev[j] + 1).min(cur[j - 1] + 1).min(big);
            cur[j] = value;
            row_min = row_min.min(value);
        }
        if hi < m {
            cur[hi + 1] = big;
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let distance = prev[m];
    (distance <= k).then_some(distance)
}

/// One step of an alignment of `a` (the query) with `b` (the memory segment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `a[i]` equals `b[j]`.
    Equal(usize, usize),
    /// `a[i]` was replaced by `b[j]`.
    Replace(usize, usize),
    /// `a[i]` has no counterpart in `b`.
    OnlyA(usize),
    /// `b[j]` has no counterpart in `a`.
    OnlyB(usize),
}

/// Above this many matrix cells [`align`] gives up on an optimal alignment and
/// reports everything as replaced (the distance is still exact, from [`within`]).
pub const MAX_ALIGN_CELLS: usize = 4_000_000;

/// The distance and an optimal alignment (full matrix; use for the few
/// suggestions shown, not for candidate verification).
///
/// ```
/// use tmkit::fuzzy::distance::{align, Step};
/// let (d, steps) = align(&["a", "b", "c"], &["a", "c"]);
/// assert_eq!(d, 1);
/// assert_eq!(steps, [Step::Equal(0, 0), Step::OnlyA(1), Step::Equal(2, 1)]);
/// ```
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> (usize, Vec<Step>) {
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_ALIGN_CELLS {
        let d = within(a, b, n.max(m)).unwrap_or(n.max(m));
        let mut steps: Vec<Step> = (0..n.min(m)).map(|i| Step::Replace(i, i)).collect();
        steps.extend((m..n).map(Step::OnlyA));
        steps.extend((n..m).map(Step::OnlyB));
        return (d, steps);
    }
    let width = m + 1;
    let mut cell = vec![0u32; (n + 1) * width];
    for (j, value) in cell.iter_mut().take(m + 1).enumerate() {
        *value = j as u32;
    }
    for i in 1..=n {
        cell[i * width] = i as u32;
        for j in 1..=m {
            let substitution = cell[(i - 1) * width + j - 1] + u32::from(a[i - 1] != b[j - 1]);
            let deletion = cell[(i - 1) * width + j] + 1;
            let insertion = cell[i * width + j - 1] + 1;
            cell[i * width + j] = substitution.min(deletion).min(insertion);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = cell[i * width + j];
        if i > 0 && j > 0 {
            let same = a[i - 1] == b[j - 1];
            if cell[(i - 1) * width + j - 1] + u32::from(!same) == here {
                steps.push(if same {
                    Step::Equal(i - 1, j - 1)
                } else {
                    Step::Replace(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && cell[(i - 1) * width + j] + 1 == here {
            steps.push(Step::OnlyA(i - 1));
            i -= 1;
        } else {
            steps.push(Step::OnlyB(j - 1));
            j -= 1;
        }
    }
    steps.reverse();
    (cell[n * width + m] as usize, steps)
}

/// The OmegaT similarity `100 · (L − d) / L` with `L = max(la, lb)`, in whole
/// percent rounded down (integer arithmetic, as OmegaT does). Two empty
/// sequences are 100% similar.
pub fn similarity(distance: usize, la: usize, lb: usize) -> u8 {
    let longest = la.max(lb);
    if longest == 0 {
        return 100;
    }
    (100 * longest.saturating_sub(distance) / longest) as u8
}

/// The largest distance that still gives a similarity of at least `min`
/// percent for sequences whose longer one has `longest` tokens:
/// `⌊longest · (100 − min) / 100⌋`.
pub fn max_distance(longest: usize, min: u8) -> usize {
    longest * (100 - usize::from(min.min(100))) / 100
}

/// Character-level similarity (same formula over the characters of the
/// lower-cased texts), for very short segments and scripts without spaces.
///
/// ```
/// use tmkit::fuzzy::distance::char_similarity;
/// assert_eq!(char_similarity("kitten", "sitting"), 57);
/// ```
pub fn char_similarity(a: &str, b: &str) -> u8 {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let longest = a.len().max(b.len());
    if (a.len() + 1).saturating_mul(b.len() + 1) > MAX_ALIGN_CELLS {
        // Long texts: the banded distance with a cut-off at half the length is
        // enough, anything beyond scores below 50 and is reported as 0.
        return within(&a, &b, longest / 2)
            .map(|d| similarity(d, a.len(), b.len()))
            .unwrap_or(0);
    }
    similarity(strsim::generic_levenshtein(&a, &b), a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn banded_agrees_with_full(a in proptest::collection::vec(0u8..4, 0..14),
                                   b in proptest::collection::vec(0u8..4, 0..14),
                                   k in 0usize..16) {
            let (full, steps) = align(&a, &b);
            let expected = (full <= k).then_some(full);
            prop_assert_eq!(within(&a, &b, k), expected);
            let cost = steps.iter().filter(|s| !matches!(s, Step::Equal(..))).count();
            prop_assert_eq!(cost, full);
        }
    }

    #[test]
    fn similarity_is_omegat_formula() {
        assert_eq!(similarity(1, 10, 9), 90);
        assert_eq!(similarity(1, 7, 7), 85);
        assert_eq!(similarity(0, 0, 0), 100);
        assert_eq!(max_distance(10, 70), 3);
        assert_eq!(max_distance(7, 70), 2);
    }
}
