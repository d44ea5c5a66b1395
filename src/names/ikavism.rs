//! Ukrainian і where Russian has о, е or ё inside a word, not only in its
//! last syllable (Berizka / Beryozka, Zymivnyk / Zimovnik, Zaizd / Zaezd),
//! and the Ukrainian -ір'я, -ів'я against the Russian -орье, -овье
//! (Pryhiria / Prigore, Pryseimivia / Priseymove).
//!
//! [`ruuk`](super::ruuk) compares two spellings under a coarse key that
//! makes every vowel one symbol, and needs a *marker* that only the ru/uk
//! correspondence explains. The alternation of і with о/е is such a marker
//! only where Ukrainian has it: in a syllable closed by two consonants or at
//! the end of the word (бере́зка / берізка, зимовник / зимівник). On its own
//! it is weak — Sotnikov / Sitnikov are two surnames — so it counts only when
//! the two spellings are otherwise written the way the two languages write
//! them: the Russian side has ё (yo, io, ë), which Ukrainian never writes; or
//! the Ukrainian і follows a vowel (ї, which Russian writes as an iotated е:
//! Zaizd / Zaezd); or somewhere else the Ukrainian side writes и as y where
//! the Russian side writes i.

/// The word as alternating runs of consonants and vowels, digraphs as one
/// letter (`shch`, `kh`, `zh`, `ch`, `sh`, `ts`), h read as g and doubled
/// consonants single. `j` counts as a vowel letter, as in the ru/uk key.
fn runs(word: &str) -> Vec<(bool, String)> {
    let mut s = word.to_string();
    for (from, to) in super::ruuk::DIGRAPHS.iter().chain(&[("h", "g")]) {
        s = s.replace(from, to);
    }
    let mut out: Vec<(bool, String)> = Vec::new();
    for c in s.chars() {
        let vowel = "aeiouyj".contains(c);
        match out.last_mut() {
            Some((v, run)) if *v == vowel => {
                if vowel || !run.ends_with(c) {
                    run.push(c);
                }
            }
            _ => out.push((vowel, c.to_string())),
        }
    }
    out
}

/// How a Ukrainian vowel run stands to a Russian one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pair {
    Same,
    /// и: y in Ukrainian, i in Russian.
    Y,
    /// Ukrainian і for Russian о / е; `strong` when the Russian is ё or the
    /// Ukrainian letter is ї after a vowel.
    I {
        strong: bool,
    },
    Other,
}

fn pair(uk: &str, ru: &str) -> Pair {
    if uk == ru {
        return Pair::Same;
    }
    if uk == "y" && ru == "i" {
        return Pair::Y;
    }
    // A common leading vowel (the a of za-, the y of vy-) is kept apart: ї
    // after it is Russian е after it.
    let Some(prefix) = uk.strip_suffix('i') else {
        return Pair::Other;
    };
    let Some(ru_rest) = ru.strip_prefix(prefix) else {
        return Pair::Other;
    };
    // io is ё only in some standards and i + o in many words (Lion).
    let yo = matches!(ru_rest, "yo" | "jo" | "yë" | "ë");
    if yo
        || matches!(ru_rest, "o" | "e" | "io")
        || (!prefix.is_empty() && matches!(ru_rest, "ye" | "je"))
    {
        Pair::I {
            strong: yo || !prefix.is_empty(),
        }
    } else {
        Pair::Other
    }
}

/// True when `uk` and `ru` (plain Latin stems) differ only in vowels the
/// way Ukrainian and Russian spellings of one name do, with і for о/е/ё in a
/// closed syllable somewhere (see the module documentation).
pub(crate) fn closed_i_inside(uk: &str, ru: &str) -> bool {
    let (u, r) = (runs(uk), runs(ru));
    if u.len() != r.len() || u.len() < 3 {
        return false;
    }
    let (mut alternation, mut strong, mut support) = (false, false, false);
    // Closed by a single final n or m only with the y / i sign: -in / -on,
    // -im / -om end many different surnames (Semin / Semyon).
    let mut final_nasal = false;
    for (index, ((uv, us), (rv, rs))) in u.iter().zip(&r).enumerate() {
        if uv != rv {
            return false;
        }
        if !uv {
            if us != rs {
                return false;
            }
            continue;
        }
        match pair(us, rs) {
            Pair::Same => {}
            Pair::Y => support = true,
            Pair::Other => return false,
            Pair::I { strong: s } => {
                // Closed: by two consonants, or by the last consonant(s) of
                // the stem. The first vowel of the word is no closed
                // syllable of this kind (Ivan / Yevan).
                let closed = match u.get(index + 1) {
                    Some((false, next)) => next.chars().count() >= 2 || index + 2 == u.len(),
                    _ => false,
                };
                if !closed || index == 0 {
                    return false;
                }
                if index + 2 == u.len() && matches!(u[index + 1].1.as_str(), "n" | "m") {
                    final_nasal = true;
                }
                alternation = true;
                strong |= s;
            }
        }
    }
    alternation && (support || (strong && !final_nasal))
}

/// Ukrainian -ір'я, -ів'я (і, a labial or р, я after an apostrophe the
/// plain spelling drops) against the Russian -орье, -овье, -ерье: the
/// letters before agree under the ru/uk key (Pryhiria / Prigore, Mizhhiria /
/// Mezhgore, Pryseimivia / Priseymove).
pub(crate) fn apostrophe_ending(uk: &str, ru: &str, key: impl Fn(&str) -> String) -> bool {
    let Some(uk_stem) = ["ia", "ya", "ja"].iter().find_map(|e| uk.strip_suffix(e)) else {
        return false;
    };
    let Some(ru_stem) = ["ye", "ie", "je", "e"]
        .iter()
        .find_map(|e| ru.strip_suffix(e))
    else {
        return false;
    };
    let (ub, rb) = (uk_stem.as_bytes(), ru_stem.as_bytes());
    let (n, m) = (ub.len(), rb.len());
    if n < 4 || m < 4 {
        return false;
    }
    let consonant = ub[n - 1];
    b"bpvmfr".contains(&consonant)
        && rb[m - 1] == consonant
        && ub[n - 2] == b'i'
        && matches!(rb[m - 2], b'o' | b'e')
        && key(&uk_stem[..n - 2]) == key(&ru_stem[..m - 2])
        && (ub[0] == rb[0] || (ub[0] == b'h' && rb[0] == b'g'))
}

#[cfg(test)]
mod tests {
    use super::{apostrophe_ending, closed_i_inside};

    #[test]
    fn ukrainian_i_in_a_closed_syllable_inside_the_word() {
        for (uk, ru) in [
            ("berizk", "beryozk"),
            ("zymivnyk", "zimovnik"),
            ("zaizd", "zaezd"),
            ("vyimk", "vyemk"),
            ("prystin", "pristen"),
        ] {
            assert!(closed_i_inside(uk, ru), "{uk} / {ru}");
        }
        for (uk, ru) in [
            // no other sign of the two languages: two surnames
            ("sitnikov", "sotnikov"),
            ("kitov", "kotov"),
            // open syllable
            ("kitovyk", "kotovik"),
            ("berizk", "borozk"),
            ("berizk", "berezk"),
            ("lisnik", "lesnik"),
            ("semin", "semyon"),
            ("lin", "lion"),
        ] {
            assert!(!closed_i_inside(uk, ru), "{uk} / {ru}");
        }
    }

    #[test]
    fn ukrainian_ir_ia_against_russian_orie() {
        let key = |s: &str| s.replace('h', "g").replace('y', "i");
        assert!(apostrophe_ending("pryhiria", "prigore", key));
        assert!(apostrophe_ending("pryseimivia", "priseimove", key));
        assert!(!apostrophe_ending("valeria", "valerie", key));
        assert!(!apostrophe_ending("pryhiria", "prigora", key));
    }
}
