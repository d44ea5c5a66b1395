//! A deliberately simple language guess from the script and a few letters,
//! for `tmkit segment` without `--lang`. It only has to pick the right rule
//! set, so it looks at letters that tell the supported languages apart
//! (Ukrainian і ї є ґ against Russian ы э ъ ё; German ä ö ü ß; French é è ê ç …)
//! and says when it is unsure instead of guessing.

/// The outcome of [`guess_language`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageGuess {
    /// The language tag, or `None` when the text gives no reliable clue.
    pub lang: Option<String>,
    /// True when the clue is strong (distinctive letters or script); false for
    /// a default such as English for plain ASCII text.
    pub confident: bool,
    /// Why, in words, for a message to the user.
    pub reason: String,
}

/// Guesses the language of `text` from its first 64 KiB.
///
/// ```
/// use tmkit::segment::detect::guess_language;
/// assert_eq!(guess_language("Це речення українською мовою, і воно єдине.").lang.as_deref(), Some("uk"));
/// assert_eq!(guess_language("Это предложение на русском языке, и оно одно.").lang.as_deref(), Some("ru"));
/// ```
pub fn guess_language(text: &str) -> LanguageGuess {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let (mut cyrillic, mut latin, mut letters) = (0usize, 0usize, 0usize);
    let (mut uk, mut ru, mut de, mut fr, mut other_diacritics) = (0, 0, 0, 0, 0);
    let mut scripts: Vec<(&str, usize)> = Vec::new();
    let mut bump = |lang: &'static str| match scripts.iter_mut().find(|(l, _)| *l == lang) {
        Some((_, n)) => *n += 1,
        None => scripts.push((lang, 1)),
    };
    for c in sample.chars() {
        if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        let lower = c.to_lowercase().next().unwrap_or(c);
        match c as u32 {
            0x0400..=0x052F => {
                cyrillic += 1;
                match lower {
                    'і' | 'ї' | 'є' | 'ґ' => uk += 1,
                    'ы' | 'э' | 'ъ' | 'ё' => ru += 1,
                    _ => {}
                }
            }
            0x0041..=0x024F => {
                latin += 1;
                match lower {
                    'ä' | 'ö' | 'ü' | 'ß' => de += 1,
                    'é' | 'è' | 'ê' | 'à' | 'â' | 'ç' | 'ù' | 'û' | 'î' | 'ô' | 'œ' | 'ë' | 'ï' => {
                        fr += 1
                    }
                    c if !c.is_ascii() => other_diacritics += 1,
                    _ => {}
                }
            }
            0x0370..=0x03FF => bump("el"),
            0x0530..=0x058F => bump("hy"),
            0x0590..=0x05FF => bump("he"),
            0x0600..=0x06FF => bump("ar"),
            0x0900..=0x097F => bump("hi"),
            0x0E00..=0x0E7F => bump("th"),
            0x10A0..=0x10FF => bump("ka"),
            0x1200..=0x137F => bump("am"),
            0x3040..=0x30FF => bump("ja"),
            0xAC00..=0xD7AF => bump("ko"),
            0x4E00..=0x9FFF => bump("zh"),
            _ => {}
        }
    }
    let unsure = |reason: String| LanguageGuess {
        lang: None,
        confident: false,
        reason,
    };
    if letters < 20 {
        return unsure(format!(
            "only {letters} letters: too little text to tell the language"
        ));
    }
    if cyrillic * 2 > letters {
        return match uk.cmp(&ru) {
            std::cmp::Ordering::Greater => LanguageGuess {
                lang: Some("uk".into()),
                confident: true,
                reason: format!("Cyrillic text with {uk} of the Ukrainian letters і ї є ґ"),
            },
            std::cmp::Ordering::Less => LanguageGuess {
                lang: Some("ru".into()),
                confident: true,
                reason: format!("Cyrillic text with {ru} of the Russian letters ы э ъ ё"),
            },
            std::cmp::Ordering::Equal => {
                unsure("Cyrillic text without letters that tell Russian from Ukrainian".to_string())
            }
        };
    }
    if latin * 2 > letters {
        let per_mille = |n: usize| n * 1000 / latin.max(1);
        if per_mille(de) >= 5 && de > fr {
            return LanguageGuess {
                lang: Some("de".into()),
                confident: true,
                reason: format!("Latin text with {de} of the German letters ä ö ü ß"),
            };
        }
        if per_mille(fr) >= 5 && fr > de {
            return LanguageGuess {
                lang: Some("fr".into()),
                confident: true,
                reason: format!("Latin text with {fr} French accented letters"),
            };
        }
        if per_mille(de + fr + other_diacritics) < 3 {
            return LanguageGuess {
                lang: Some("en".into()),
                confident: false,
                reason: "Latin text with almost no accented letters; assuming English".into(),
            };
        }
        return unsure(format!(
            "Latin text with {} accented letters that are neither German nor French",
            other_diacritics
        ));
    }
    if let Some((lang, _)) = scripts.iter().max_by_key(|(_, n)| *n) {
        return LanguageGuess {
            lang: Some((*lang).to_string()),
            confident: true,
            reason: format!("mostly written in the script of `{lang}`"),
        };
    }
    unsure("no script dominates the text".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_letters() {
        assert_eq!(
            guess_language("Der Bundestag hat am Dienstag über das Gesetz für Straßen abgestimmt.")
                .lang
                .as_deref(),
            Some("de")
        );
        assert_eq!(
            guess_language("Le président a déclaré que la réforme était nécessaire à l'économie.")
                .lang
                .as_deref(),
            Some("fr")
        );
        let en = guess_language("The committee met on Tuesday and agreed on the new budget.");
        assert_eq!(en.lang.as_deref(), Some("en"));
        assert!(!en.confident);
        assert_eq!(guess_language("Hi.").lang, None);
        assert_eq!(
            guess_language("Србија и Црна Гора, Македонија и Бугарска су на Балкану").lang,
            None
        );
        assert_eq!(
            guess_language(
                "Dzisiaj rząd ogłosił, że podatek wzrośnie o pięć procent w przyszłym roku."
            )
            .lang,
            None
        );
        assert_eq!(
            guess_language("東京は日本の首都です。人口は多いです。とても大きな都市です。")
                .lang
                .as_deref(),
            Some("ja")
        );
    }
}
