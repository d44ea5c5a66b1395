//! Numbers as people write them: "4.5" and "4,5", "1,000,000", "1.000.000",
//! "1 000 000" (space, no-break space or narrow no-break space), read by
//! value so that two notations of one number compare equal.
//!
//! Shared by fuzzy matching (a memory number found by value in the target and
//! rewritten in the target's notation) and the bilingual QA check (numbers of
//! the source missing from the target).
//!
//! A translator writes the source's "4.5%" as "4,5%" in Russian, Ukrainian,
//! German or French, and "1,000,000" as "1 000 000" or "1.000.000". A number
//! is therefore read in every notation that fits it ([`readings`]); "1,000"
//! reads both as one thousand and as one, and the caller decides.

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

pub const NBSP: char = '\u{00A0}';
pub const NNBSP: char = '\u{202F}';

/// Separators that may group digits (thousands).
pub const GROUP_SEPARATORS: [char; 7] = [',', '.', ' ', NBSP, NNBSP, '\'', '\u{2019}'];

/// A space-like group separator: the only place a run of digit groups may be
/// cut into two numbers ("в 2014 100 человек" is 2014 and 100; "4,5" is one).
pub fn is_space_separator(c: char) -> bool {
    matches!(c, ' ' | NBSP | NNBSP)
}

/// A number read in one notation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Integer digits as written, separators removed.
    pub int: String,
    /// Fraction digits as written (empty for an integer).
    pub frac: String,
    /// The group separator used, if the number is grouped.
    pub group: Option<char>,
    /// The decimal separator used, if it has a fraction.
    pub decimal: Option<char>,
}

impl Written {
    /// The value, for comparison: no leading zeros, no trailing fraction zeros
    /// (4.50 and 4,5 are the same number).
    pub fn value(&self) -> (&str, &str) {
        let int = self.int.trim_start_matches('0');
        (
            if int.is_empty() { "0" } else { int },
            self.frac.trim_end_matches('0'),
        )
    }
}

/// Reads `text` as a number whose decimal separator is `decimal` (groups of
/// three digits after a first group of one to three, one group separator
/// throughout, never the decimal one). `None` if it is not such a number.
pub fn read_number(text: &[char], decimal: char) -> Option<Written> {
    let (int_part, frac) = match text.iter().position(|&c| c == decimal) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, &[][..]),
    };
    if frac.contains(&decimal) || (text.contains(&decimal) && frac.is_empty()) {
        return None;
    }
    if !frac.iter().all(char::is_ascii_digit) || int_part.is_empty() {
        return None;
    }
    let group = int_part.iter().copied().find(|c| !c.is_ascii_digit());
    if let Some(g) = group {
        if g == decimal || !GROUP_SEPARATORS.contains(&g) {
            return None;
        }
        let groups: Vec<&[char]> = int_part.split(|&c| c == g).collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|d| d.len() == 3);
        if !first_ok || !rest_ok || groups.iter().any(|d| !d.iter().all(char::is_ascii_digit)) {
            return None;
        }
    }
    Some(Written {
        int: int_part.iter().filter(|c| c.is_ascii_digit()).collect(),
        frac: frac.iter().collect(),
        group,
        decimal: (!frac.is_empty()).then_some(decimal),
    })
}

/// Every reading of `text`: with a decimal point, then with a decimal comma.
pub fn readings(text: &[char]) -> Vec<Written> {
    ['.', ',']
        .iter()
        .filter_map(|&d| read_number(text, d))
        .collect()
}

/// The numbers of a text: maximal runs of digit groups joined by single
/// separators, cut at spaces into the longest pieces that read as numbers,
/// leftmost first. Each is (start, end) in characters, never glued to a
/// letter before it ("x2"), and after it only when `glued_suffix` ("5км").
pub fn target_numbers(chars: &[char], glued_suffix: bool) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && is_word_char(chars[i - 1])) {
            i += 1;
            continue;
        }
        // The run: digits, and separators with a digit on both sides.
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || (GROUP_SEPARATORS.contains(&chars[end])
                    && chars.get(end + 1).is_some_and(char::is_ascii_digit)))
        {
            end += 1;
        }
        if !glued_suffix && end < chars.len() && is_word_char(chars[end]) {
            // Glued to a letter ("5км", "x2"): not a number of its own.
            i = end;
            continue;
        }
        // Cut points: the run's end and every space separator in it.
        let mut cuts: Vec<usize> = (i..end).filter(|&p| is_space_separator(chars[p])).collect();
        cuts.push(end);
        let mut start = i;
        while start < end {
            let piece = cuts
                .iter()
                .rev()
                .copied()
                .filter(|&cut| cut > start)
                .find(|&cut| !readings(&chars[start..cut]).is_empty());
            match piece {
                Some(cut) => {
                    found.push((start, cut));
                    start = cut + 1;
                }
                None => {
                    // Nothing reads from here up to any cut: skip to the next piece.
                    start = cuts.iter().copied().find(|&cut| cut > start).unwrap_or(end) + 1;
                }
            }
        }
        i = end;
    }
    found
}

/// Writes `value` (integer and fraction digits) with the target's group and
/// decimal separators.
pub fn write_number(value: &Written, group: Option<char>, decimal: char) -> String {
    let mut out = String::new();
    let digits: Vec<char> = value.int.chars().collect();
    for (i, d) in digits.iter().enumerate() {
        if let Some(g) = group {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(g);
            }
        }
        out.push(*d);
    }
    if !value.frac.is_empty() {
        out.push(decimal);
        out.push_str(&value.frac);
    }
    out
}

/// A number of a text with every value it can be read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberAt {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// The values (integer digits, fraction digits) it can stand for:
    /// "1,000" is one thousand or one; "4,5" only four and a half.
    pub values: Vec<(String, String)>,
}

/// Every number of `text` with its possible values, for comparing the numbers
/// of a source and its translation. Numbers glued to a following letter
/// ("5км", "1990s") count; digits glued to a preceding letter ("x2", "A320")
/// are codes and do not. A run of digit groups that reads as no number (the
/// date "03.05.2014", the time "10:30") counts as its digit groups, so dates and
/// times written in digits are compared by their parts.
///
/// ```
/// use tmkit::numbers::numbers_by_value;
/// let found = numbers_by_value("1 500,5 т, 03.05.2014");
/// let values: Vec<_> = found.iter().map(|n| n.values[0].clone()).collect();
/// assert_eq!(values[0], ("1500".to_string(), "5".to_string()));
/// assert_eq!(values.len(), 4); // 1500.5, 3, 5, 2014
/// ```
pub fn numbers_by_value(text: &str) -> Vec<NumberAt> {
    let chars: Vec<char> = text.chars().collect();
    let value = |w: &Written| {
        let (int, frac) = w.value();
        (int.to_string(), frac.to_string())
    };
    let mut found: Vec<NumberAt> = target_numbers(&chars, true)
        .into_iter()
        .map(|(start, end)| {
            let mut values: Vec<(String, String)> =
                readings(&chars[start..end]).iter().map(value).collect();
            values.dedup();
            NumberAt { start, end, values }
        })
        .collect();
    // Digit runs no reading covered (dates, times, odd groupings): their parts.
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && chars[end].is_ascii_digit() {
            end += 1;
        }
        let glued = i > 0 && is_word_char(chars[i - 1]);
        let covered = found.iter().any(|n| n.start < end && i < n.end);
        if !glued && !covered {
            let digits: String = chars[i..end].iter().collect();
            let int = digits.trim_start_matches('0');
            let int = if int.is_empty() { "0" } else { int };
            found.push(NumberAt {
                start: i,
                end,
                values: vec![(int.to_string(), String::new())],
            });
        }
        i = end;
    }
    found.sort_by_key(|n| n.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        numbers_by_value(text)
            .iter()
            .map(|n| {
                n.values
                    .iter()
                    .map(|(i, f)| {
                        if f.is_empty() {
                            i.clone()
                        } else {
                            format!("{i}.{f}")
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn notations_of_one_value() {
        assert_eq!(values("4.5%"), [["4.5"]]);
        assert_eq!(values("4,5 %"), [["4.5"]]);
        assert_eq!(values("1\u{202F}500 человек"), [["1500"]]);
        assert_eq!(values("1.500.000 Euro"), [["1500000"]]);
        assert_eq!(values("1,500"), [vec!["1500", "1.5"]]);
        assert_eq!(values("5км и x2"), [["5"]]);
    }

    #[test]
    fn dates_and_times_by_parts() {
        assert_eq!(values("03.05.2014"), [["3"], ["5"], ["2014"]]);
        assert_eq!(
            values("2014-05-03, 10:30"),
            [["2014"], ["5"], ["3"], ["10"], ["30"]]
        );
    }
}
