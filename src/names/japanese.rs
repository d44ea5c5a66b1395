//! Japanese names in Hepburn romanisation against romanisations of their
//! Russian or Ukrainian transcription (round 9).
//!
//! Russian writes Japanese by the Polivanov system: shi is си, chi ти, j
//! and z дз, sha, shu, sho ся, сю, сё, cha, chu, cho тя, тю, тё (Shinzo
//! Синдзо, Sindzo; Fujimori Фудзимори; Kyushu Кюсю, Kyusyu). A word that is
//! a sequence of Hepburn syllables (with a syllabic n and doubled
//! consonants) is read into the BGN/PCGN romanisation of its Polivanov
//! transcription; the key of that spelling is an extra key of the word for
//! an exact match only ([`super::pinyin::palladius_keys`]).
//!
//! Source: the Polivanov system's kana table (general knowledge).

/// Consonant onsets: Hepburn, BGN/PCGN romanisation of the Cyrillic.
const ONSETS: &[(&str, &str)] = &[
    ("sh", "s"),
    ("ch", "t"),
    ("ts", "ts"),
    ("ky", "k"),
    ("gy", "g"),
    ("ny", "n"),
    ("hy", "kh"),
    ("my", "m"),
    ("ry", "r"),
    ("by", "b"),
    ("py", "p"),
    ("k", "k"),
    ("g", "g"),
    ("s", "s"),
    ("z", "dz"),
    ("j", "dz"),
    ("t", "t"),
    ("d", "d"),
    ("n", "n"),
    ("h", "kh"),
    ("f", "f"),
    ("b", "b"),
    ("p", "p"),
    ("m", "m"),
    ("y", ""),
    ("r", "r"),
    ("w", "v"),
];

/// The syllable's vowel after an onset, romanised (a glide after a
/// consonant is я, ю, ё: kyu кю, sha ся), or `None` when Hepburn has no
/// such syllable.
fn nucleus(onset: &str, vowel: u8) -> Option<&'static str> {
    let glide = |v: u8| match v {
        b'a' => Some("ya"),
        b'u' => Some("yu"),
        b'o' => Some("yo"),
        _ => None,
    };
    let plain = |v: u8| match v {
        b'a' => Some("a"),
        b'i' => Some("i"),
        b'u' => Some("u"),
        b'e' => Some("e"),
        b'o' => Some("o"),
        _ => None,
    };
    match onset {
        "sh" | "ch" | "j" => glide(vowel).or_else(|| plain(vowel)),
        "y" | "ky" | "gy" | "ny" | "hy" | "my" | "ry" | "by" | "py" => glide(vowel),
        "ts" => (vowel == b'u').then_some("u"),
        "w" => matches!(vowel, b'a' | b'o').then(|| plain(vowel)).flatten(),
        _ => plain(vowel),
    }
}

/// Romanisations of the Polivanov transcription of `word` read as Hepburn,
/// or nothing when it is not a sequence of Hepburn syllables.
pub(crate) fn polivanov_readings(word: &str) -> Vec<String> {
    let lower = super::fold::fold(word);
    let bytes = lower.as_bytes();
    if bytes.len() < 3 || !bytes.iter().all(u8::is_ascii_lowercase) {
        return Vec::new();
    }
    let is_vowel = |b: u8| b"aiueo".contains(&b);
    let mut at: Vec<Vec<String>> = vec![Vec::new(); bytes.len() + 1];
    at[0].push(String::new());
    for pos in 0..bytes.len() {
        if at[pos].is_empty() {
            continue;
        }
        let rest = &bytes[pos..];
        let mut steps: Vec<(usize, String)> = Vec::new();
        if is_vowel(rest[0]) {
            steps.push((1, (rest[0] as char).to_string()));
        }
        // Syllabic n: before a consonant or at the end (м before a labial).
        if rest[0] == b'n' && rest.get(1).is_none_or(|&b| !is_vowel(b) && b != b'y') {
            steps.push((1, "n".into()));
            if matches!(rest.get(1), Some(b'b' | b'p' | b'm')) {
                steps.push((1, "m".into()));
            }
        }
        // A doubled consonant (tt, kk, ss, pp) or tch.
        if pos + 1 < bytes.len()
            && !is_vowel(rest[0])
            && rest[0] != b'n'
            && (rest[1] == rest[0] || (rest[0] == b't' && rest[1] == b'c'))
        {
            steps.push((1, (rest[0] as char).to_string()));
        }
        for (onset, rom) in ONSETS {
            if !rest.starts_with(onset.as_bytes()) {
                continue;
            }
            let Some(&vowel) = rest.get(onset.len()) else {
                continue;
            };
            if let Some(nuc) = nucleus(onset, vowel) {
                steps.push((onset.len() + 1, format!("{rom}{nuc}")));
            }
        }
        for (len, rom) in steps {
            let heads = at[pos].clone();
            for head in heads {
                if at[pos + len].len() < 4 {
                    at[pos + len].push(format!("{head}{rom}"));
                }
            }
        }
    }
    let mut out = std::mem::take(&mut at[bytes.len()]);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hepburn_read_as_polivanov() {
        let reads = |w: &str, r: &str| polivanov_readings(w).iter().any(|x| x == r);
        assert!(reads("Shinzo", "sindzo"));
        assert!(reads("Kyushu", "kyusyu"));
        assert!(reads("Fujimori", "fudzimori"));
        assert!(reads("Junichiro", "dzyunitiro"));
        assert!(reads("Hiroshima", "khirosima"));
        assert!(reads("Hattori", "khattori"));
        assert!(reads("Kenji", "kendzi"));
        assert!(polivanov_readings("Ivanov").is_empty());
        assert!(polivanov_readings("Frolov").is_empty());
        assert!(polivanov_readings("Shchukin").is_empty());
    }

    #[test]
    fn hepburn_against_romanised_polivanov_only() {
        let linked = |a: &str, b: &str| super::super::compare_words(a, b).is_some();
        for (a, b) in [
            ("Shinzo", "Sindzo"),
            ("Kyushu", "Kyusyu"),
            ("Fujimori", "Fudzimori"),
            ("Junichiro", "Dzyunitiro"),
            ("Kenji", "Kendzi"),
        ] {
            assert!(linked(a, b), "{a} / {b}");
        }
        // A Slavic or English name is never read as Hepburn (Саша is no
        // Сася, Маша no Мася), nor is a Hepburn reading measured against
        // another Hepburn word.
        for (a, b) in [
            ("Sasha", "Sasya"),
            ("Masha", "Masya"),
            ("Natasha", "Natasya"),
            ("Chika", "Tika"),
        ] {
            assert!(!linked(a, b), "{a} / {b}");
        }
    }
}
