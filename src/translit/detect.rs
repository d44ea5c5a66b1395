//! Guessing which Slavic language a Cyrillic text is in, from its letters.
//!
//! Each language has an alphabet; a letter outside it is evidence against the
//! language. The language with the fewest such letters wins, but only when the
//! text contains a letter that tells it apart from the runners-up (a text in
//! the 28 letters Russian, Ukrainian, Bulgarian and Serbian share is "unsure").

/// Letters (lower case) that belong to each language's alphabet.
const ALPHABETS: &[(&str, &str)] = &[
    ("ru", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    ("uk", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    ("be", "абвгґдеёжзійклмнопрстуўфхцчшыьэюя"),
    ("bg", "абвгдежзийклмнопрстуфхцчшщъьюяѝ"),
    ("sr", "абвгдђежзијклљмнњопрстћуфхцчџш"),
    ("mk", "абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
];

/// The language of a Cyrillic text: `ru`, `uk`, `be`, `bg`, `sr` or `mk`,
/// decided by letters only one of them uses (ы э ё ъ for Russian, є ї ґ і
/// with и for Ukrainian, ў for Belarusian, ъ as a vowel for Bulgarian, ђ ћ ј
/// љ њ џ for Serbian, ѓ ќ ѕ for Macedonian). None when the text has no
/// Cyrillic or nothing tells the candidates apart ("Михаил Кухтин" could be
/// Russian or Bulgarian).
///
/// ```
/// use tmkit::translit::detect_cyrillic_language;
/// assert_eq!(detect_cyrillic_language("Съешь ещё этих булок"), Some("ru"));
/// assert_eq!(detect_cyrillic_language("Михайло Кухтін"), Some("uk"));
/// assert_eq!(detect_cyrillic_language("Михаил Кухтин"), None);
/// ```
pub fn detect_cyrillic_language(text: &str) -> Option<&'static str> {
    let mut counts: Vec<(char, usize)> = Vec::new();
    let mut total = 0usize;
    // ъ before a consonant or at a word end is a Bulgarian vowel; in Russian it
    // only ever stands before е ё ю я.
    let mut vowel_hard_sign = 0usize;
    let lowered: Vec<char> = text
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    for (i, &c) in lowered.iter().enumerate() {
        if !('\u{400}'..='\u{45F}').contains(&c) {
            continue;
        }
        total += 1;
        match counts.iter_mut().find(|(l, _)| *l == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
        if c == 'ъ' && !matches!(lowered.get(i + 1), Some('е' | 'ё' | 'ю' | 'я')) {
            vowel_hard_sign += 1;
        }
    }
    if total == 0 {
        return None;
    }
    let mut scores: Vec<(&'static str, usize)> = ALPHABETS
        .iter()
        .map(|(lang, alphabet)| {
            let foreign: usize = counts
                .iter()
                .filter(|(c, _)| !alphabet.contains(*c))
                .map(|(_, n)| n)
                .sum();
            (*lang, foreign)
        })
        .collect();
    scores.sort_by_key(|&(_, foreign)| foreign);
    let best = scores[0].1;
    // Quoted foreign words are tolerated (2 % of the letters), a real mix is not.
    if best * 50 > total {
        return None;
    }
    let tied: Vec<&str> = scores
        .iter()
        .filter(|(_, f)| *f == best)
        .map(|(l, _)| *l)
        .collect();
    match tied.as_slice() {
        [only] => Some(only),
        // Russian and Bulgarian share every letter but ы э ё and ѝ; Bulgarian
        // uses ъ as a vowel.
        ["ru", "bg"] | ["bg", "ru"] if vowel_hard_sign > 0 => Some("bg"),
        ["ru", "bg"] | ["bg", "ru"] if counts.iter().any(|(c, _)| *c == 'ъ') => Some("ru"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::detect_cyrillic_language as detect;

    #[test]
    fn distinctive_letters_decide() {
        assert_eq!(detect("Юлия, съешь ещё этих мягких булок"), Some("ru"));
        assert_eq!(detect("Євгенія Ярошенко, Київ"), Some("uk"));
        assert_eq!(detect("Магілёў і Гомель"), Some("be"));
        assert_eq!(detect("Новак Ђоковић"), Some("sr"));
        assert_eq!(detect("Скопје, ѓакон, ќерка"), Some("mk"));
        assert_eq!(detect("България е в Европа, със сто града"), Some("bg"));
        assert_eq!(detect("Объезд"), Some("ru"));
    }

    #[test]
    fn unsure_or_empty_is_none() {
        assert_eq!(detect("Михаил Кухтин"), None);
        assert_eq!(detect("Щербина"), None);
        assert_eq!(detect("Hello world"), None);
        assert_eq!(detect(""), None);
        // Half Russian, half Ukrainian letters: not a quotation, a mix.
        assert_eq!(detect("ыыы їїї"), None);
    }

    #[test]
    fn a_quoted_word_does_not_flip_the_language() {
        let text = "Президент сообщил, что в городе Київ прошли переговоры, \
                    и эти переговоры были долгими и трудными для обеих сторон.";
        assert_eq!(detect(text), Some("ru"));
    }
}
