//! Well-known names in every scheme, from the standards' published tables and
//! the research quick-reference (`../shared/research/names.md` §2). Where our
//! output differs in a character from that table, the row says why.

use tmkit::translit::{Scheme, detect_cyrillic_language, group_outputs, transliterate_all};

fn check(id: &str, rows: &[(&str, &str)]) {
    let scheme = Scheme::by_id(id).unwrap_or_else(|| panic!("no scheme {id}"));
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(source, expected)| {
            let got = scheme.transliterate(source);
            (got != *expected).then(|| format!("{id}: {source} → {got}, expected {expected}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_sample_report_names() {
    check("bgn-pcgn", &[("Михаил Кухтин", "Mikhail Kukhtin")]);
    check("wikipedia", &[("Михаил Кухтин", "Mikhail Kukhtin")]);
    check("uk-kmu-2010", &[("Михайло Кухтін", "Mykhailo Kukhtin")]);
    // "Mykhaylo" in the report is the BGN/PCGN 1965 Ukrainian form.
    check("uk-bgn-pcgn", &[("Михайло", "Mykhaylo")]);
}

#[test]
fn well_known_names() {
    check(
        "wikipedia",
        &[
            ("Юлия Тимошенко", "Yuliya Timoshenko"),
            ("Владимир Зеленский", "Vladimir Zelensky"),
            ("Щербина", "Shcherbina"),
            ("Ярошенко", "Yaroshenko"),
            ("Евгений Пригожин", "Yevgeny Prigozhin"),
            ("Сергей Васильевич", "Sergey Vasilyevich"),
            ("Фёдор Достоевский", "Fyodor Dostoyevsky"),
        ],
    );
    check(
        "bgn-pcgn",
        &[
            ("Юлия Тимошенко", "Yuliya Timoshenko"),
            ("Владимир Зеленский", "Vladimir Zelenskiy"),
        ],
    );
    check(
        "icao",
        &[
            ("Юлия Тимошенко", "Iuliia Timoshenko"),
            ("Владимир Зеленский", "Vladimir Zelenskii"),
            ("Щербина", "Shcherbina"),
        ],
    );
    check(
        "uk-kmu-2010",
        &[
            ("Юлія Тимошенко", "Yuliia Tymoshenko"),
            ("Згурський", "Zghurskyi"),
            // ґ is g, so the зг → zgh rule does not apply to зґ.
            ("Зґурський", "Zgurskyi"),
            ("Щербина", "Shcherbyna"),
            ("Євгенія", "Yevheniia"),
            ("Ярошенко", "Yaroshenko"),
            ("Володимир Зеленський", "Volodymyr Zelenskyi"),
            ("ЄВГЕНІЯ ЩЕРБИНА", "YEVHENIIA SHCHERBYNA"),
        ],
    );
    check(
        "de-press",
        &[
            ("Михаил Горбачёв", "Michail Gorbatschow"),
            ("Владимир Зеленский", "Wladimir Selenski"),
        ],
    );
    check(
        "fr-press",
        &[
            ("Михаил Горбачёв", "Mikhaïl Gorbatchev"),
            ("Владимир Путин", "Vladimir Poutine"),
        ],
    );
}

/// research/names.md §2, Russian table: source, then BGN/PCGN, Wikipedia,
/// ICAO, MVD 310, ISO 9, GOST 7.79 B, ALA-LC (no diacritics), scientific.
const RUSSIAN: &[[&str; 9]] = &[
    [
        "Михаил",
        "Mikhail",
        "Mikhail",
        "Mikhail",
        "Mikhail",
        "Mihail",
        "Mixail",
        "Mikhail",
        "Mixail",
    ],
    [
        "Юрий", "Yuriy", "Yury", "Iurii", "Yuriy", "Ûrij", "Yurij", "Iurii", "Jurij",
    ],
    [
        "Евгений",
        "Yevgeniy",
        "Yevgeny",
        "Evgenii",
        "Evgeniy",
        "Evgenij",
        "Evgenij",
        "Evgenii",
        "Evgenij",
    ],
    [
        "Алексей",
        "Aleksey",
        "Aleksey",
        "Aleksei",
        "Aleksey",
        "Aleksej",
        "Aleksej",
        "Aleksei",
        "Aleksej",
    ],
    [
        "Дмитрий",
        "Dmitriy",
        "Dmitry",
        "Dmitrii",
        "Dmitriy",
        "Dmitrij",
        "Dmitrij",
        "Dmitrii",
        "Dmitrij",
    ],
    [
        "Фёдор",
        "Fëdor",
        "Fyodor",
        "Fedor",
        "Fedor",
        "Fëdor",
        "Fyodor",
        "Fedor",
        "Fëdor",
    ],
    [
        "Наталья",
        "Natal’ya",
        "Natalya",
        "Natalia",
        "Natal'ya",
        "Natalʹâ",
        "Natal`ya",
        "Natal'ia",
        "Natalʹja",
    ],
    [
        "Татьяна",
        "Tat’yana",
        "Tatyana",
        "Tatiana",
        "Tat'yana",
        "Tatʹâna",
        "Tat`yana",
        "Tat'iana",
        "Tatʹjana",
    ],
    [
        "Елена",
        "Yelena",
        "Yelena",
        "Elena",
        "Elena",
        "Elena",
        "Elena",
        "Elena",
        "Elena",
    ],
    [
        "Хрущёв",
        "Khrushchëv",
        "Khrushchyov",
        "Khrushchev",
        "Khrushchev",
        "Hruŝëv",
        "Xrushhyov",
        "Khrushchev",
        "Xruščëv",
    ],
    [
        "Зеленский",
        "Zelenskiy",
        "Zelensky",
        "Zelenskii",
        "Zelenskiy",
        "Zelenskij",
        "Zelenskij",
        "Zelenskii",
        "Zelenskij",
    ],
    [
        "Щербаков",
        "Shcherbakov",
        "Shcherbakov",
        "Shcherbakov",
        "Shcherbakov",
        "Ŝerbakov",
        "Shherbakov",
        "Shcherbakov",
        "Ščerbakov",
    ],
    [
        "Чайковский",
        "Chaykovskiy",
        "Chaykovsky",
        "Chaikovskii",
        "Chaykovskiy",
        "Čajkovskij",
        "Chajkovskij",
        "Chaikovskii",
        "Čajkovskij",
    ],
    [
        "Ельцин",
        "Yel’tsin",
        "Yeltsin",
        "Eltsin",
        "El'tsin",
        "Elʹcin",
        "El`cin",
        "El'tsin",
        "Elʹcin",
    ],
    [
        "Ющенко",
        "Yushchenko",
        "Yushchenko",
        "Iushchenko",
        "Yushchenko",
        "Ûŝenko",
        "Yushhenko",
        "Iushchenko",
        "Juščenko",
    ],
    [
        "Достоевский",
        "Dostoyevskiy",
        "Dostoyevsky",
        "Dostoevskii",
        "Dostoevskiy",
        "Dostoevskij",
        "Dostoevskij",
        "Dostoevskii",
        "Dostoevskij",
    ],
    [
        "Соловьёв",
        "Solov’yëv",
        "Solovyov",
        "Solovev",
        "Solov'ev",
        "Solovʹëv",
        "Solov`yov",
        "Solov'ev",
        "Solovʹëv",
    ],
    [
        "Киев", "Kiyev", "Kiyev", "Kiev", "Kiev", "Kiev", "Kiev", "Kiev", "Kiev",
    ],
    [
        "Харьков",
        "Khar’kov",
        "Kharkov",
        "Kharkov",
        "Khar'kov",
        "Harʹkov",
        "Xar`kov",
        "Khar'kov",
        "Xarʹkov",
    ],
];

#[test]
fn russian_reference_table() {
    let ids = [
        "bgn-pcgn",
        "wikipedia",
        "icao",
        "mvd-310",
        "iso9",
        "gost-7.79-b",
        "ala-lc-ascii",
        "scientific",
    ];
    for (column, id) in ids.iter().enumerate() {
        let rows: Vec<(&str, &str)> = RUSSIAN
            .iter()
            .map(|row| (row[0], row[column + 1]))
            .collect();
        check(id, &rows);
    }
}

/// research/names.md §2, Ukrainian table: source, KMU 2010, BGN/PCGN 1965,
/// ISO 9, scholarly. The research table writes BGN's ь as ' and ISO 9's as ′
/// (U+2032, from translitua); the standards print ’ (BGN) and ʹ (U+02B9, ISO 9),
/// which we use. BGN/PCGN 1965 writes зг as z·h to keep it apart from ж.
const UKRAINIAN: &[[&str; 5]] = &[
    ["Михайло", "Mykhailo", "Mykhaylo", "Mihajlo", "Myxajlo"],
    ["Юрій", "Yurii", "Yuriy", "Ûrìj", "Jurij"],
    [
        "Олександр",
        "Oleksandr",
        "Oleksandr",
        "Oleksandr",
        "Oleksandr",
    ],
    ["Євген", "Yevhen", "Yevhen", "Êvgen", "Jevhen"],
    ["Олексій", "Oleksii", "Oleksiy", "Oleksìj", "Oleksij"],
    ["Сергій", "Serhii", "Serhiy", "Sergìj", "Serhij"],
    ["Наталія", "Nataliia", "Nataliya", "Natalìâ", "Natalija"],
    ["Тетяна", "Tetiana", "Tetyana", "Tetâna", "Tetjana"],
    [
        "Зеленський",
        "Zelenskyi",
        "Zelens’kyy",
        "Zelensʹkij",
        "Zelensʹkyj",
    ],
    ["Кухтін", "Kukhtin", "Kukhtin", "Kuhtìn", "Kuxtin"],
    ["Ющенко", "Yushchenko", "Yushchenko", "Ûŝenko", "Juščenko"],
    ["Кличко", "Klychko", "Klychko", "Kličko", "Klyčko"],
    [
        "Згуровський",
        "Zghurovskyi",
        "Z·hurovs’kyy",
        "Zgurovsʹkij",
        "Zhurovsʹkyj",
    ],
    [
        "Їжакевич",
        "Yizhakevych",
        "Yizhakevych",
        "Ïžakevič",
        "Jižakevyč",
    ],
    ["Київ", "Kyiv", "Kyyiv", "Kiïv", "Kyjiv"],
    ["Харків", "Kharkiv", "Kharkiv", "Harkìv", "Xarkiv"],
    [
        "Запоріжжя",
        "Zaporizhzhia",
        "Zaporizhzhya",
        "Zaporìžžâ",
        "Zaporižžja",
    ],
];

#[test]
fn ukrainian_reference_table() {
    for (column, id) in ["uk-kmu-2010", "uk-bgn-pcgn", "iso9", "uk-scientific"]
        .iter()
        .enumerate()
    {
        let rows: Vec<(&str, &str)> = UKRAINIAN
            .iter()
            .map(|row| (row[0], row[column + 1]))
            .collect();
        check(id, &rows);
    }
}

/// research/names.md §2, Belarusian (national, BGN/PCGN 1979 with ’ for ь),
/// Bulgarian and Serbian tables.
#[test]
fn belarusian_bulgarian_serbian_reference_tables() {
    check(
        "be-national",
        &[
            ("Аляксандр", "Aliaksandr"),
            ("Лукашэнка", "Lukašenka"),
            ("Святлана", "Sviatlana"),
            ("Ціханоўская", "Cichanoŭskaja"),
            ("Беларусь", "Bielaruś"),
            ("Гомель", "Homieĺ"),
            ("Магілёў", "Mahilioŭ"),
            ("Віцебск", "Viciebsk"),
        ],
    );
    check(
        "be-bgn-pcgn",
        &[
            ("Аляксандр", "Alyaksandr"),
            ("Лукашэнка", "Lukashenka"),
            ("Ціханоўская", "Tsikhanowskaya"),
            ("Беларусь", "Byelarus’"),
            ("Магілёў", "Mahilyow"),
            ("Віцебск", "Vitsyebsk"),
        ],
    );
    check(
        "bg-streamlined",
        &[
            ("Бойко", "Boyko"),
            ("Христо", "Hristo"),
            ("Мария", "Maria"),
            ("Първанов", "Parvanov"),
            ("София", "Sofia"),
            ("България", "Bulgaria"),
        ],
    );
    check(
        "sr-latin",
        &[
            ("Ђоковић", "Đoković"),
            ("Вучић", "Vučić"),
            ("Милошевић", "Milošević"),
            ("Љубиша", "Ljubiša"),
            ("Његош", "Njegoš"),
            ("Београд", "Beograd"),
        ],
    );
    check("sr-ascii", &[("Ђоковић", "Djokovic"), ("Вучић", "Vucic")]);
}

#[test]
fn alternatives_for_the_name_checks() {
    // What the name-variant module asks for: every known romanisation of a name.
    let outputs: Vec<String> = group_outputs(&transliterate_all("Михаил", "ru"))
        .into_iter()
        .map(|(output, _)| output)
        .collect();
    for expected in ["Mikhail", "Mihail", "Mixail", "Michail", "Mikhaïl"] {
        assert!(
            outputs.iter().any(|o| o == expected),
            "{expected} not in {outputs:?}"
        );
    }
    let uk: Vec<String> = transliterate_all("Михайло", "uk")
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    assert!(uk.contains(&"Mykhailo".to_string()) && uk.contains(&"Mykhaylo".to_string()));
    assert_eq!(detect_cyrillic_language("Михайло Кухтін"), Some("uk"));
}
