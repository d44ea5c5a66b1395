//! Cases of the built-in rules in English, Russian and Ukrainian news text,
//! each a rule with the exceptions that keep a sentence together.

use super::*;

#[test]
fn a_latin_abbreviation_before_a_cyrillic_word_ends_the_sentence() {
    // "Washington, D.C." closes the sentence: a Cyrillic word after Latin
    // initials is not the name they abbreviate.
    assert_eq!(
        split(
            "ru",
            "Об этом сообщила газета Washington, D.C. В пятницу утром протестующие вышли к Сенату."
        ),
        [
            "Об этом сообщила газета Washington, D.C.",
            "В пятницу утром протестующие вышли к Сенату."
        ]
    );
    assert_eq!(
        split("uk", "Він працює у Washington, D.C. Його офіс поруч."),
        ["Він працює у Washington, D.C.", "Його офіс поруч."]
    );
    // A postscript is no sentence of its own.
    assert_eq!(
        split("ru", "Вот и всё. P.S. А ты заметил воробья?"),
        ["Вот и всё.", "P.S. А ты заметил воробья?"]
    );
    // Latin initials before a Latin name, and Cyrillic initials, stay.
    assert_eq!(
        split("ru", "Банк J. P. Morgan растёт, сказал В. В. Путин."),
        ["Банк J. P. Morgan растёт, сказал В. В. Путин."]
    );
}

#[test]
fn a_unit_after_a_slash_ends_the_sentence_before_a_capital() {
    // "с." after a slash is "per second", not the village abbreviation that
    // never ends a sentence.
    assert_eq!(
        split(
            "ru",
            "Пропускная способность достигает 600 Мбит/с. Дюваль этого не заметил."
        ),
        [
            "Пропускная способность достигает 600 Мбит/с.",
            "Дюваль этого не заметил."
        ]
    );
    assert_eq!(
        split("uk", "Швидкість вітру сягала 20 м/с. Увечері він стих."),
        ["Швидкість вітру сягала 20 м/с.", "Увечері він стих."]
    );
    // A lowercase word goes on, and "с." alone stays a village.
    assert_eq!(
        split("ru", "Ветер 20 м/с. в порывах, а в с. Ивановка тихо."),
        ["Ветер 20 м/с. в порывах, а в с. Ивановка тихо."]
    );
}

#[test]
fn russian_dialogue_with_a_hyphen_a_site_name_and_the_initial_dzh() {
    // A hyphen between spaces stands for the dash of direct speech.
    assert_eq!(
        split(
            "ru",
            "\"Откройте!\" - скандируют сотни беженцев. Полиция молчит."
        ),
        [
            "\"Откройте!\" - скандируют сотни беженцев.",
            "Полиция молчит."
        ]
    );
    // A site's name is not two sentences run together.
    assert_eq!(
        split(
            "ru",
            "Об этом сообщает «Лента.Ру». На собрании обсудят бюджет."
        ),
        [
            "Об этом сообщает «Лента.Ру».",
            "На собрании обсудят бюджет."
        ]
    );
    // "Дж." is an initial.
    assert_eq!(
        split(
            "ru",
            "Старшим офицером был Джозеф Дж. Эспозито, глава департамента."
        ),
        ["Старшим офицером был Джозеф Дж. Эспозито, глава департамента."]
    );
    assert_eq!(
        split("uk", "Листа підписав Дж. Байден. Його оприлюднили."),
        ["Листа підписав Дж. Байден.", "Його оприлюднили."]
    );
    // A missing space before a capitalised word still ends a sentence, and a
    // hyphen glued to a word joins nothing.
    assert_eq!(
        split("ru", "Матч закончился вничью.Тренер доволен."),
        ["Матч закончился вничью.", "Тренер доволен."]
    );
}

#[test]
fn the_pronoun_im_before_a_latin_word_ends_the_sentence() {
    // "им." before a Latin word is the pronoun (TICO-19 ru).
    assert_eq!(
        split(
            "ru",
            "Комплекс служит доказательством инфицирования им. B0AT1 может стать мишенью."
        ),
        [
            "Комплекс служит доказательством инфицирования им.",
            "B0AT1 может стать мишенью."
        ]
    );
    // "им." before a Russian name is "имени".
    assert_eq!(
        split(
            "ru",
            "Спектакль идёт во МХАТ им. М. Горького. Билеты проданы."
        ),
        ["Спектакль идёт во МХАТ им. М. Горького.", "Билеты проданы."]
    );
    assert_eq!(
        split("ru", "Он учился в институте им. Жуковского."),
        ["Он учился в институте им. Жуковского."]
    );
}

#[test]
fn a_year_before_a_spaced_dash_and_a_figure_goes_on() {
    assert_eq!(
        split(
            "ru",
            "Нефть будет стоить в период 2021-2025 гг. - $55,2 за баррель, в 2026-2030 гг. - 71,1 руб. Это прогноз."
        ),
        [
            "Нефть будет стоить в период 2021-2025 гг. - $55,2 за баррель, в 2026-2030 гг. - 71,1 руб.",
            "Это прогноз."
        ]
    );
    assert_eq!(
        split("uk", "Ціна у 2021 р. - 55 доларів. Це прогноз."),
        ["Ціна у 2021 р. - 55 доларів.", "Це прогноз."]
    );
}

#[test]
fn dollars_end_the_sentence_but_not_the_name_dollars_of_the_usa() {
    // "долл." ends a sentence before a capital, like "руб." (WMT newstest2018).
    let text = "Влепят штраф в 1 тыс. местных долл. За четыре дня поймали 50 человек.";
    assert_eq!(
        split("ru", text),
        [
            "Влепят штраф в 1 тыс. местных долл.",
            "За четыре дня поймали 50 человек."
        ]
    );
    // "долл. США" is one name; a lowercase word or a dash and a figure go on.
    for text in [
        "Проект стоил 2 млрд долл. США и окупился.",
        "Это стоит 5 тыс. долл. US и больше.",
        "Это стоит 30 долл. в сутки.",
        "Курс такой: 1 долл. - 3,8 шекеля.",
    ] {
        assert_eq!(split("ru", text), [text]);
    }
    assert_eq!(
        split("ru", "Компания получила 5 млн долл. США. Это рекорд."),
        ["Компания получила 5 млн долл. США.", "Это рекорд."]
    );
}

#[test]
fn a_question_mark_after_a_word_ends_the_sentence_before_lower_case() {
    // Chats and web text start sentences in lower case (UD English EWT,
    // Taiga; WMT general-test chats, where the run-on cost alignments).
    for (lang, text, first) in [
        (
            "en",
            "what does that mean? where did you grow up?",
            "what does that mean?",
        ),
        ("ru", "Ты не против? мы приедем завтра.", "Ты не против?"),
        ("uk", "Ти не проти? місце ще уточнимо.", "Ти не проти?"),
    ] {
        assert_eq!(split(lang, text)[0], first, "{text}");
    }
    // A reporting clause, "?!", a spaced "?" and a closing quote go on.
    for (lang, text) in [
        ("en", "Why? she asked."),
        ("en", "You did what?! no way."),
        ("en", "Guess What 's Coming to Dinner ? with the crew."),
        ("en", "\"Why?\" she asked."),
    ] {
        assert_eq!(split(lang, text), [text]);
    }
}

#[test]
fn one_letter_places_from_a_to_b_end_the_sentence() {
    assert_eq!(
        split(
            "ru",
            "Нет смысла искать скидки на прямых полетах из A в Б. Авиакомпании это знают."
        ),
        [
            "Нет смысла искать скидки на прямых полетах из A в Б.",
            "Авиакомпании это знают."
        ]
    );
    assert_eq!(
        split(
            "uk",
            "Так буває. Немає сенсу шукати знижки на рейсах із точки А до точки Б. Авіакомпанії це знають."
        ),
        [
            "Так буває.",
            "Немає сенсу шукати знижки на рейсах із точки А до точки Б.",
            "Авіакомпанії це знають."
        ]
    );
    assert_eq!(
        split(
            "en",
            "There is no point in looking for discounts on flights from A to B. Airlines know it."
        ),
        [
            "There is no point in looking for discounts on flights from A to B.",
            "Airlines know it."
        ]
    );
    // An initial after a preposition stays an initial.
    assert_eq!(
        split("ru", "Письмо пришло от В. Путина."),
        ["Письмо пришло от В. Путина."]
    );
}

#[test]
fn english_n_a_before_a_name_is_named_after() {
    assert_eq!(
        split(
            "en",
            "He graduated from the Moscow Institute of Petrochemistry n.a. Gubkin. He works there."
        ),
        [
            "He graduated from the Moscow Institute of Petrochemistry n.a. Gubkin.",
            "He works there."
        ]
    );
    assert_eq!(
        split(
            "en",
            "The figure for 2019 is n.a. The report gives no reason."
        ),
        ["The figure for 2019 is n.a.", "The report gives no reason."]
    );
}

#[test]
fn a_capital_hyphened_to_a_word_is_no_initial() {
    assert_eq!(
        split(
            "en",
            "Mitchell Gourley finished eleventh in the men's standing Super-G. Czech competitor Oldrich Jelinek finished sixteenth."
        ),
        [
            "Mitchell Gourley finished eleventh in the men's standing Super-G.",
            "Czech competitor Oldrich Jelinek finished sixteenth."
        ]
    );
    assert_eq!(
        split(
            "uk",
            "Він виграв супергігант Super-G. Чеський спортсмен був шістнадцятим."
        ),
        [
            "Він виграв супергігант Super-G.",
            "Чеський спортсмен був шістнадцятим."
        ]
    );
    // A double initial still is one.
    assert_eq!(
        split("ru", "Эту книгу написал Ж.-П. Сартр в 1943 году."),
        ["Эту книгу написал Ж.-П. Сартр в 1943 году."]
    );
}

#[test]
fn a_colon_that_announces_steps_ends_the_sentence() {
    // Support texts introduce their steps with a colon and no line break
    // once the lines run together (WMT general-test support chats, where
    // the run-on joined two gold lines for every aligner).
    for (text, first) in [
        (
            "To do this, please follow these steps: Go to your Home screen.",
            "To do this, please follow these steps:",
        ),
        (
            "Connect your eReader by doing one of the following: - Turn on your computer.",
            "Connect your eReader by doing one of the following:",
        ),
        (
            "Please follow the steps indicated below: Tap the icon at the top.",
            "Please follow the steps indicated below:",
        ),
    ] {
        assert_eq!(split("en", text)[0], first, "{text}");
    }
    // Other colons before a capital go on, and so do a lower-case word and
    // a quotation (one line in WMT news).
    for text in [
        "Aleksei Spitchenko shared the following: \"The woods aren't far from the road.\"",
        "Women were told the following: \u{201c}We\u{2019}ve come to protect you.\u{201d}",
        "I don't know what happened, but I know this: Brett denied it vigorously.",
        "The rule is simple: Nobody leaves before noon.",
        "Do the following: mix the flour with the water.",
    ] {
        assert_eq!(split("en", text), [text]);
    }
}

#[test]
fn doubled_brackets_after_a_word_end_a_chat_sentence_before_a_capital() {
    // Russian and Ukrainian chats close a sentence with a bracket smiley
    // (UD Taiga; WMT general-test chats and their English translations).
    for (lang, text, first) in [
        (
            "ru",
            "Какие же вы хорошие))) Стильно получилось.",
            "Какие же вы хорошие)))",
        ),
        (
            "uk",
            "Бабуся не зможе, болять ноги(( А скільки коштує квартира?",
            "Бабуся не зможе, болять ноги((",
        ),
        (
            "en",
            "Her legs hurt a lot (( And how much does it cost?",
            "Her legs hurt a lot ((",
        ),
    ] {
        assert_eq!(split(lang, text)[0], first, "{text}");
    }
    // Before a lower-case word or an emoji the sentence goes on.
    for (lang, text) in [
        ("ru", "Я тоже не путешествовала))) и не хочу."),
        ("ru", "Надо знать, как она должна выглядеть))) 😉💫"),
    ] {
        assert_eq!(split(lang, text), [text]);
    }
}
