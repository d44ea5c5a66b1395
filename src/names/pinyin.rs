//! Chinese names in Hanyu Pinyin against romanisations of their Russian or
//! Ukrainian transcription (round 9).
//!
//! Russian writes Chinese names by the Palladius system, Ukrainian by a
//! system close to it: Xi Jinping is Си Цзиньпин (Si Tszinpin), Guangzhou
//! Гуанчжоу (Guanchzhou), Deng Xiaoping Дэн Сяопин (Den Syaopin). The pinyin
//! spelling shares little with those romanisations (x is с, j and z are цз,
//! q is ц, zh is чж, r is ж, -ng is -н, ong is ун), so no skeleton rule
//! reaches them. A word that is a sequence of pinyin syllables, written as
//! pinyin writes them (a syllable without an initial only at the start of the
//! word or after an apostrophe or hyphen), is read syllable by syllable into
//! the BGN/PCGN romanisation of its Palladius transcription (without soft
//! signs, which the skeletons ignore), and that spelling's skeletons are
//! extra keys of the word for an exact match only.
//!
//! Source: the Palladius system's table of pinyin syllables (Кириллическая
//! транскрипция китайского языка, as in the Russian Wikipedia and in
//! Kontsevich's reference tables); general knowledge, not copied pairs.

/// Initials: pinyin, BGN/PCGN romanisation of the Cyrillic.
const INITIALS: &[(&str, &str)] = &[
    ("zh", "chzh"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("b", "b"),
    ("p", "p"),
    ("m", "m"),
    ("f", "f"),
    ("d", "d"),
    ("t", "t"),
    ("n", "n"),
    ("l", "l"),
    ("g", "g"),
    ("k", "k"),
    ("h", "kh"),
    ("j", "tsz"),
    ("q", "ts"),
    ("x", "s"),
    ("r", "zh"),
    ("z", "tsz"),
    ("c", "ts"),
    ("s", "s"),
];

/// Finals after an initial: pinyin, romanisation.
const FINALS: &[(&str, &str)] = &[
    ("a", "a"),
    ("o", "o"),
    ("e", "e"),
    ("ai", "ay"),
    ("ei", "ey"),
    ("ao", "ao"),
    ("ou", "ou"),
    ("an", "an"),
    ("en", "en"),
    ("ang", "an"),
    ("eng", "en"),
    ("ong", "un"),
    ("i", "i"),
    ("ia", "ya"),
    ("ie", "e"),
    ("iao", "yao"),
    ("iu", "yu"),
    ("ian", "yan"),
    ("in", "in"),
    ("iang", "yan"),
    ("ing", "in"),
    ("iong", "yun"),
    ("u", "u"),
    ("ua", "ua"),
    ("uo", "o"),
    ("uai", "uay"),
    ("ui", "uy"),
    ("uan", "uan"),
    ("un", "un"),
    ("uang", "uan"),
    ("ue", "yue"),
];

/// Syllables without an initial.
const BARE: &[(&str, &str)] = &[
    ("a", "a"),
    ("ai", "ay"),
    ("an", "an"),
    ("ang", "an"),
    ("ao", "ao"),
    ("e", "e"),
    ("ei", "ey"),
    ("en", "en"),
    ("eng", "en"),
    ("er", "er"),
    ("o", "o"),
    ("ou", "ou"),
    ("yi", "i"),
    ("ya", "ya"),
    ("yao", "yao"),
    ("ye", "ye"),
    ("you", "yu"),
    ("yan", "yan"),
    ("yin", "in"),
    ("yang", "yan"),
    ("ying", "in"),
    ("yong", "yun"),
    ("yu", "yuy"),
    ("yue", "yue"),
    ("yuan", "yuan"),
    ("yun", "yun"),
    ("wu", "u"),
    ("wa", "va"),
    ("wo", "vo"),
    ("wai", "vay"),
    ("wei", "vey"),
    ("wan", "van"),
    ("wen", "ven"),
    ("wang", "van"),
    ("weng", "ven"),
];

/// Whether pinyin writes this initial with this final (the syllable table's
/// gaps that matter for telling pinyin from other spellings).
fn allowed(initial: &str, fin: &str) -> bool {
    let palatal = matches!(initial, "j" | "q" | "x");
    let front = fin.starts_with('i');
    let rounded = fin.starts_with('u');
    if palatal {
        return front || rounded;
    }
    if fin == "ue" {
        return matches!(initial, "n" | "l");
    }
    // o only after a labial (bo, po, mo, fo), no e after b, p, f: the
    // syllable table's gaps keep Chicago, Macaroni out
    if fin == "o" {
        return matches!(initial, "b" | "p" | "m" | "f");
    }
    if fin == "e" && matches!(initial, "b" | "p" | "f") {
        return false;
    }
    match initial {
        "zh" | "ch" | "sh" | "r" | "z" | "c" | "s" | "g" | "k" | "h" => {
            !front || (fin == "i" && !matches!(initial, "g" | "k" | "h"))
        }
        "f" => {
            !front
                && !matches!(
                    fin,
                    "ong" | "ua" | "uo" | "uai" | "ui" | "uan" | "un" | "uang"
                )
        }
        "b" | "p" | "m" => !matches!(
            fin,
            "ong" | "ua" | "uo" | "uai" | "ui" | "uan" | "un" | "uang" | "ia" | "iang" | "iong"
        ),
        _ => !matches!(fin, "ia" | "iong") || initial == "l",
    }
}

/// The romanisation of one syllable starting at `rest`'s beginning, for
/// every way a syllable can start there: (pinyin length, romanisation).
fn syllables_at(rest: &[u8], word_start: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if word_start {
        for (py, rom) in BARE {
            if rest.starts_with(py.as_bytes()) {
                out.push((py.len(), (*rom).to_string()));
            }
        }
    } else {
        for (py, rom) in BARE.iter().filter(|(py, _)| py.starts_with(['y', 'w'])) {
            if rest.starts_with(py.as_bytes()) {
                out.push((py.len(), (*rom).to_string()));
            }
        }
    }
    let Some((initial, irom)) = INITIALS
        .iter()
        .find(|(py, _)| rest.starts_with(py.as_bytes()))
    else {
        return out;
    };
    let after = &rest[initial.len()..];
    for (fin, from) in FINALS {
        if !after.starts_with(fin.as_bytes()) || !allowed(initial, fin) {
            continue;
        }
        let palatal = matches!(*initial, "j" | "q" | "x");
        let from: String = match (*fin, *initial) {
            // ы after z, c, s (цзы, цы, сы)
            ("i", "z" | "c" | "s") => "y".into(),
            // ü after j, q, x: юй, юань, юнь
            ("u", _) if palatal => "yuy".into(),
            ("uan", _) if palatal => "yuan".into(),
            ("un", _) if palatal => "yun".into(),
            // хуэй, not хуй
            ("ui", "h") => "uey".into(),
            _ => (*from).to_string(),
        };
        out.push((initial.len() + fin.len(), format!("{irom}{from}")));
    }
    out
}

/// Romanisations of the Palladius transcription of `word` read as pinyin,
/// or nothing when it is not a sequence of pinyin syllables. At most a few
/// readings (ambiguous syllable breaks: Xian as xi-an or xian).
pub(crate) fn palladius_readings(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    if lower.len() < 2
        || !lower
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'\'' || b == b'-')
        || lower.contains('v')
    {
        return Vec::new();
    }
    let bytes = lower.as_bytes();
    // Partial readings reaching each position.
    let mut at: Vec<Vec<String>> = vec![Vec::new(); bytes.len() + 1];
    at[0].push(String::new());
    for pos in 0..bytes.len() {
        if at[pos].is_empty() {
            continue;
        }
        if matches!(bytes[pos], b'\'' | b'-') {
            if pos > 0 {
                let carried = std::mem::take(&mut at[pos]);
                at[pos + 1].extend(carried);
            }
            continue;
        }
        let start = pos == 0 || matches!(bytes[pos - 1], b'\'' | b'-');
        for (len, rom) in syllables_at(&bytes[pos..], start) {
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

/// The labels of the keys [`palladius_keys`] adds.
pub(crate) const STYLE: &str = "pinyin";
const JAPANESE: &str = "hepburn";

/// True for the label of a key read from pinyin or Hepburn.
pub(crate) fn is_reading(style: &str) -> bool {
    style == STYLE || style == JAPANESE
}

/// Keys of the word's Palladius (pinyin) and Polivanov (Hepburn) readings
/// that its own keys lack, with their labels.
pub(crate) fn palladius_keys(word: &str, own: &[(&str, String)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let chinese = palladius_readings(word).into_iter().map(|r| (STYLE, r));
    let japanese = super::japanese::polivanov_readings(word);
    for (style, reading) in chinese.chain(japanese.into_iter().map(|r| (JAPANESE, r))) {
        // The reading is a BGN/PCGN romanisation: its English-style key
        // only (French-style ou as у would make Zhou, Чжоу, Chzhu, Чжу).
        let key = super::skeleton::primary_skeleton(&reading);
        if !key.is_empty()
            && !own.iter().any(|(_, k)| *k == key)
            && !out.iter().any(|(_, k)| *k == key)
        {
            out.push((style, key));
        }
    }
    out
}

/// True when a key match goes through a Palladius or Polivanov reading and
/// the other word is itself pinyin (for a Palladius reading), or Hepburn,
/// or either word a name of the lexicon or of the census list (for a
/// Polivanov one: Sasha is no Hepburn Sasya): two
/// such spellings are two names when they differ (Wang / Wan, Chen / Cheng,
/// Song / Sun are Ван / Вань, Чэнь / Чэн, Сун / Сунь, one skeleton once the
/// soft sign is dropped; Shimon / Simon).
pub(crate) fn pinyin_on_pinyin(
    style_a: &str,
    style_b: &str,
    a: &super::PreparedName,
    b: &super::PreparedName,
) -> bool {
    let name = |w: &super::PreparedName| w.known || super::english::is_english_name(&w.repaired);
    let blocks = |style: &str, own: &super::PreparedName, w: &super::PreparedName| match style {
        STYLE => !palladius_readings(&w.repaired).is_empty(),
        JAPANESE => {
            name(own) || name(w) || !super::japanese::polivanov_readings(&w.repaired).is_empty()
        }
        _ => false,
    };
    blocks(style_a, a, b) || blocks(style_b, b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_read_as_palladius() {
        let reads = |w: &str, r: &str| palladius_readings(w).iter().any(|x| x == r);
        assert!(reads("Jinping", "tszinpin"));
        assert!(reads("Xiaoping", "syaopin"));
        assert!(reads("Guangzhou", "guanchzhou"));
        assert!(reads("Zedong", "tszedun"));
        assert!(reads("Chongqing", "chuntsin"));
        assert!(reads("Xinjiang", "sintszyan"));
        assert!(reads("Huang", "khuan"));
        assert!(reads("Yi", "i"));
        assert!(reads("Zi", "tszy"));
        // Not pinyin: letters pinyin lacks, or a bare vowel syllable inside
        // the word (Maria is not ma-ri-a).
        assert!(palladius_readings("Ivanov").is_empty());
        assert!(palladius_readings("Maria").is_empty());
        assert!(palladius_readings("Kira").is_empty());
        assert!(palladius_readings("Xaris").is_empty());
    }

    #[test]
    fn pinyin_against_romanised_palladius_only() {
        let linked = |a: &str, b: &str| super::super::compare_words(a, b).is_some();
        for (a, b) in [
            ("Jinping", "Tszinpin"),
            ("Jinping", "Czin'pin"),
            ("Xiaoping", "Syaopin"),
            ("Zedong", "Tszedun"),
            ("Chengdu", "\u{10c}\u{e8}ndu"),
            ("Yongzhou", "Iunchzhou"),
            ("Zhang", "Chzhan"),
            ("Keqiang", "Ketsyan"),
        ] {
            assert!(linked(a, b), "{a} / {b}");
        }
        // Two pinyin names that Russian writes alike but for a soft sign
        // (Ван / Вань, Чэнь / Чэн, Сун / Сунь) stay two names, and so do a
        // pinyin ou and u (Чжоу / Чжу).
        for (a, b) in [
            ("Wang", "Wan"),
            ("Chen", "Cheng"),
            ("Song", "Sun"),
            ("Jin", "Jing"),
            ("Lin", "Ling"),
            ("Zhou", "Chzhu"),
            ("Zhu", "Chzhou"),
        ] {
            assert!(!linked(a, b), "{a} / {b}");
        }
    }
}
