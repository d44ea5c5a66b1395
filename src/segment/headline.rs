//! The headline post-pass: a paragraph that starts with a headline (a title
//! or sub-head without an end mark, run into the first sentence of the text,
//! as news lines joined by spaces are: "… 'looking like muppets' There is
//! consternation …") gets a break after the headline.
//!
//! SRX cannot express this: the decision needs the words on both sides and
//! statistics of the whole paragraph. The pass looks only at the first segment
//! the rules produced for a paragraph. It splits it at the first position
//! where all of these hold, then looks again in what follows (a title, a
//! standfirst and bullet lines, none with an end mark, up to eight):
//!
//! - a word with a capital initial follows white space (and at most one
//!   opening quote, with French spacing "« Un vote"); before the white space
//!   there is a letter, digit or closing quote ("marionnettes » Des"), never
//!   `, ; : -` (those continue a sentence);
//! - the capitalised word is a common sentence opener in its lower-case form
//!   (an article, pronoun, preposition, conjunction, adverb or numeral of the
//!   language: "The", "It's", "Він", "Der", "L’équipe"), or it appears in
//!   lower case elsewhere in the paragraph more often than capitalised after
//!   a lower-case word or comma (Mikheev's document-centred test: "Police" is
//!   a sentence start when the paragraph also says "police", "President" is
//!   not when it says "President Trump" more often than "the president"); in
//!   Russian and Ukrainian other case forms count ("Полиция", "полиции");
//! - or, in the first headline, the sentence names again whom the headline
//!   named: the capitalised word stood in the headline already and follows a
//!   lower-case word ("… push into UK beauty market Sainsbury's is taking on
//!   Boots"); in German, where every noun is capitalised, only a repeated
//!   two-word name counts ("… leidet Track Palin, 26, …");
//! - the word before is not a function word ("of", "the", "und", "на"): a
//!   headline ends with a content word;
//! - the headline has 3 to 20 words and the rest of the segment at least 4;
//! - the text on both sides has the case pattern of a headline and a
//!   sentence: after a Title Case headline the next word must be lower case
//!   and not a function word ("… Farmer to Death A farmer was …" breaks before
//!   "A", not before "Farmer"); after a sentence-case headline the next word is
//!   lower case, a number, an acronym after an opener ("… minds The FBI
//!   investigation"), or the capitalised word is an opener after a lower-case
//!   word (in German, where nouns are capitalised, any opener; in Russian and
//!   Ukrainian, where prepositions and pronouns are never capitalised inside
//!   a name, whatever follows: "… велосипедиста В Лондоне"); a capitalised
//!   last word of a sentence-case headline ("… the Lloyds Pharmacy chain")
//!   only breaks before an opener of two or more letters ("Class A
//!   misdemeanours" stays whole, "Party "A vote …" does not).
//!
//! Only the first segment of a paragraph is examined because that is where
//! headlines are (59 of the 74 missed English NTREX boundaries were there);
//! applied inside paragraphs the same tests lost precision on UD text.
//! Languages without word lists (everything but en, de, fr, ru, uk) are left
//! alone.

/// Per-language word lists (`data/headline/LANG.txt`).
struct Words {
    /// Lower-case forms of words that open sentences (closed classes).
    openers: WordSet,
    /// Numerals also open sentences, but after a capitalised word they are
    /// part of a name ("World War One", "Day One").
    numerals: WordSet,
    /// Lower-case function words a headline does not end with.
    function: WordSet,
    /// Nouns are capitalised (German): a capitalised word after an opener says nothing.
    nouns_capitalised: bool,
    /// Openers are never capitalised inside a name (Russian "в", "он"), so a
    /// capitalised opener after a lower-case word starts a sentence whatever
    /// follows ("… велосипедиста В Лондоне …"); English "The Times" and French
    /// "Le Monde" are why this is off elsewhere.
    openers_decide: bool,
    /// How many final letters inflection changes, for matching other forms
    /// of a word in the paragraph (0: forms must be identical).
    inflection: usize,
}

impl Words {
    /// Parses a word-list file: `[section]` headers, one word per line, `#` comments.
    fn parse(text: &'static str) -> Words {
        let (mut openers, mut numerals, mut function) = (Vec::new(), Vec::new(), Vec::new());
        let mut words = Words {
            openers: WordSet::default(),
            numerals: WordSet::default(),
            function: WordSet::default(),
            nouns_capitalised: false,
            inflection: 0,
            openers_decide: false,
        };
        let mut section = "";
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            match section {
                "openers" => openers.push(line),
                "numerals" => numerals.push(line),
                "function" => function.push(line),
                "nouns_capitalised" => words.nouns_capitalised = line == "true",
                "inflection" => words.inflection = line.parse().unwrap_or(0),
                "openers_decide" => words.openers_decide = line == "true",
                _ => {}
            }
        }
        words.openers = WordSet::new(&openers);
        words.numerals = WordSet::new(&numerals);
        words.function = WordSet::new(&function);
        words
    }

    /// Whether `word` (lower case) is in `list`; a typographic apostrophe
    /// matches the list's straight one ("it’s" is "it's").
    fn has(list: &WordSet, word: &str) -> bool {
        if word.contains('’') {
            let straight = word.replace('’', "'");
            return list.contains(&straight);
        }
        list.contains(word)
    }
}

/// A word list as a hash set: the pass asks two or three lists about every
/// capitalised word, and a binary search of a few hundred strings was a
/// fifth of the pass.
#[derive(Default)]
struct WordSet(std::collections::HashSet<&'static str, ahash::RandomState>);

impl WordSet {
    fn new(words: &[&'static str]) -> WordSet {
        // Fixed seeds: no system randomness at start-up, and the answers do
        // not depend on the seeds anyway.
        let hasher = ahash::RandomState::with_seeds(14, 15, 16, 17);
        let mut set = std::collections::HashSet::with_capacity_and_hasher(words.len(), hasher);
        set.extend(words.iter().copied());
        WordSet(set)
    }

    fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// The languages with word lists, and their files.
const LISTS: [(&str, &str); 5] = [
    ("en", include_str!("data/headline/en.txt")),
    ("de", include_str!("data/headline/de.txt")),
    ("fr", include_str!("data/headline/fr.txt")),
    ("ru", include_str!("data/headline/ru.txt")),
    ("uk", include_str!("data/headline/uk.txt")),
];

fn words_for(primary: &str) -> Option<&'static Words> {
    // Each language's lists are parsed when first asked for.
    static PARSED: [std::sync::OnceLock<Words>; LISTS.len()] =
        [const { std::sync::OnceLock::new() }; LISTS.len()];
    let index = LISTS.iter().position(|(lang, _)| *lang == primary)?;
    Some(PARSED[index].get_or_init(|| Words::parse(LISTS[index].1)))
}

/// Whether headline detection has word lists for this primary language subtag.
pub(crate) fn supports(primary: &str) -> bool {
    LISTS.iter().any(|(lang, _)| *lang == primary)
}

/// Fewest words a headline has.
const MIN_HEADLINE_WORDS: usize = 3;
/// Most words a headline has.
const MAX_HEADLINE_WORDS: usize = 20;
/// Most headlines split off one segment (a title, a standfirst and bullets).
const MAX_HEADLINES: usize = 8;
/// Fewest words of the sentence after it (within the first segment).
const MIN_REST_WORDS: usize = 4;

/// Characters below this have their letter and digit properties in [`KINDS`].
const KIND_TABLE_END: usize = 0x530;
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;

/// `char::is_alphabetic` and `char::is_numeric` of Latin, Greek and Cyrillic
/// characters: the word scans ask for every character, and the standard
/// library's look-up of a non-ASCII one was an eighth of all CPU time of
/// `tmkit segment` on Russian text.
static KINDS: std::sync::LazyLock<[u8; KIND_TABLE_END]> = std::sync::LazyLock::new(|| {
    let mut table = [0u8; KIND_TABLE_END];
    for (code, kind) in table.iter_mut().enumerate() {
        if let Some(c) = char::from_u32(code as u32) {
            *kind = u8::from(c.is_alphabetic()) * ALPHABETIC + u8::from(c.is_numeric()) * NUMERIC;
        }
    }
    table
});

fn kind(c: char, flag: u8) -> bool {
    if c.is_ascii() {
        let kind = if c.is_ascii_alphabetic() {
            ALPHABETIC
        } else if c.is_ascii_digit() {
            NUMERIC
        } else {
            0
        };
        return kind & flag != 0;
    }
    match KINDS.get(c as usize) {
        Some(kind) => kind & flag != 0,
        None if flag == ALPHABETIC => c.is_alphabetic(),
        None if flag == NUMERIC => c.is_numeric(),
        None => c.is_alphanumeric(),
    }
}

/// `c.is_alphabetic()`.
fn is_alphabetic(c: char) -> bool {
    kind(c, ALPHABETIC)
}

/// `c.is_numeric()`.
fn is_numeric(c: char) -> bool {
    kind(c, NUMERIC)
}

/// `c.is_alphanumeric()`.
fn is_alphanumeric(c: char) -> bool {
    kind(c, ALPHABETIC | NUMERIC)
}

/// Byte ranges of the first `limit` words of `text`: a letter followed by
/// letters, digits, apostrophes and hyphens, or a digit followed by letters,
/// digits and inner `.` and `,` ("1,000", "3.5"; the comma of "1954," is not
/// part of the word).
fn words(text: &str, limit: usize) -> Vec<(usize, usize)> {
    // Read by bytes, ASCII through a table: this runs on the start of every paragraph.
    let bytes = text.as_bytes();
    let char_at = |i: usize| match bytes[i] {
        b if b < 0x80 => (char::from(b), 1),
        _ => {
            let c = text[i..].chars().next().unwrap_or('\0');
            (c, c.len_utf8())
        }
    };
    // Room for all of them at once: growing the vector was a fifth of the pass.
    let mut out = Vec::with_capacity(limit.min(64));
    let mut i = 0;
    while i < bytes.len() && out.len() < limit {
        // ASCII that starts no word, skipped without decoding.
        if ASCII_KIND[usize::from(bytes[i] & 0x7F)] == 0 && bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        let numeric = if is_cyrillic_letter(bytes, i) {
            i += 2;
            false
        } else {
            let (c, len) = char_at(i);
            i += len;
            let numeric = is_numeric(c);
            if !(is_alphabetic(c) || numeric) {
                continue;
            }
            numeric
        };
        // What else a word goes on with: `.` and `,` in a number, `'` and `-` in a word.
        let joiner = if numeric { JOINS_NUMBER } else { JOINS_WORD };
        let inside_ascii = ALPHABETIC | NUMERIC | joiner;
        loop {
            // A run of ASCII word bytes in a tight loop, then one other character.
            while let Some(&b) = bytes.get(i) {
                if b >= 0x80 || ASCII_KIND[usize::from(b)] & inside_ascii == 0 {
                    break;
                }
                i += 1;
            }
            let Some(&b) = bytes.get(i) else {
                break;
            };
            if b < 0x80 {
                break;
            }
            if is_cyrillic_letter(bytes, i) {
                i += 2;
                continue;
            }
            let (next, len) = char_at(i);
            if !(is_alphanumeric(next) || (!numeric && next == '’')) {
                break;
            }
            i += len;
        }
        // Only characters of the word were passed over.
        let end = if numeric {
            start + text[start..i].trim_end_matches(['.', ',']).len()
        } else {
            i
        };
        out.push((start, end));
    }
    out
}

/// Whether the character at `bytes[i]` (a character start of valid UTF-8)
/// is in U+0400..U+047F, all letters: lead byte D0 or D1. Russian and
/// Ukrainian words are read without decoding.
fn is_cyrillic_letter(bytes: &[u8], i: usize) -> bool {
    matches!(bytes[i], 0xD0 | 0xD1)
}

/// Joins a number: `.` and `,` ([`ASCII_KIND`]).
const JOINS_NUMBER: u8 = 4;
/// Joins a word: `'` and `-` ([`ASCII_KIND`]).
const JOINS_WORD: u8 = 8;

/// Per ASCII byte: [`ALPHABETIC`], [`NUMERIC`], [`JOINS_NUMBER`], [`JOINS_WORD`].
static ASCII_KIND: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            ALPHABETIC
        } else if c.is_ascii_digit() {
            NUMERIC
        } else if c == b'.' || c == b',' {
            JOINS_NUMBER
        } else if c == b'\'' || c == b'-' {
            JOINS_WORD
        } else {
            0
        };
        b += 1;
    }
    table
};

/// False only when no character of `text` after its first non-space one is
/// upper case (`char::is_uppercase`). Reads bytes: an ASCII capital, or a
/// character outside the common lower-case Cyrillic letters, Latin-1
/// punctuation and general punctuation, answers true.
fn may_have_capital(text: &str) -> bool {
    let text = text.trim_start();
    let first = text.chars().next().map_or(0, char::len_utf8);
    let bytes = &text.as_bytes()[first..];
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += match b {
            b'A'..=b'Z' => return true,
            0x00..=0x7F => 1,
            // U+0400..U+042F are capitals; U+0430..U+045F are not.
            0xD0 if bytes.get(i + 1).is_some_and(|&c| c >= 0xB0) => 2,
            0xD1 if bytes.get(i + 1).is_some_and(|&c| c < 0xA0) => 2,
            // U+0080..U+00BF: no capitals.
            0xC2 => 2,
            // U+2000..U+203F: spaces, dashes, quotes.
            0xE2 if bytes.get(i + 1) == Some(&0x80) => 3,
            _ => return true,
        };
    }
    false
}

fn is_upper_initial(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_lower_initial(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

const CLOSING: &[char] = &['"', '”', '»', '’', '\'', ')', '“', '‘'];
// Not `(`: a parenthesis opens an aside, not a sentence.
const OPENING: &[char] = &['"', '“', '„', '«', '‘', '\'', '‚'];

/// The text between two words is `[closing]* space+ [opening]?`, where
/// French spacing may put white space inside the quotes ("marionnettes » Des",
/// "« Un vote"); returns the byte length of the opening quote with the white
/// space after it (0 without one), or `None` for any other gap.
fn gap_opening(gap: &str) -> Option<usize> {
    let lead = gap.len() - gap.trim_start().len();
    let after_lead = &gap[lead..];
    let closings = after_lead.trim_start_matches(CLOSING);
    let after_space = closings.trim_start();
    let rest = if after_space.len() < closings.len() {
        after_space
    } else if lead > 0 {
        // No closing quote followed by white space: what follows the white
        // space may only be an opening quote (`"` is both).
        after_lead
    } else {
        return None;
    };
    let mut chars = rest.chars();
    match chars.next() {
        None => Some(0),
        Some(c) if OPENING.contains(&c) && chars.as_str().chars().all(char::is_whitespace) => {
            Some(rest.len())
        }
        _ => None,
    }
}

/// Where the first segment `paragraph[..segment_end]` of a paragraph should be
/// split after a headline (a byte offset inside it), if anywhere.
pub(crate) fn headline_breaks(paragraph: &str, segment_end: usize, primary: &str) -> Vec<usize> {
    let Some(lists) = words_for(primary) else {
        return Vec::new();
    };
    let mut breaks = Vec::new();
    let mut from = 0;
    while breaks.len() < MAX_HEADLINES {
        match headline_break_after(paragraph, from, segment_end, lists) {
            Some(at) if at > from => {
                breaks.push(at);
                from = at;
            }
            _ => break,
        }
    }
    breaks
}

/// The first headline break in `paragraph[from..segment_end]`, a byte offset
/// into `paragraph`.
fn headline_break_after(
    paragraph: &str,
    from: usize,
    segment_end: usize,
    lists: &Words,
) -> Option<usize> {
    let segment = &paragraph[..segment_end];
    // Every break is before a capitalised word that is not the first: a
    // third of news paragraphs have no capital after their first letter,
    // and the word scan below was a tenth of `tmkit segment`'s time.
    if !may_have_capital(&segment[from..]) {
        return None;
    }
    // Words past the longest headline and the sentence start after it are never looked at.
    let tokens: Vec<(usize, usize)> =
        words(&segment[from..], MAX_HEADLINE_WORDS + MIN_REST_WORDS + 1)
            .into_iter()
            .map(|(s, e)| (s + from, e + from))
            .collect();
    if tokens.len() < MIN_HEADLINE_WORDS + MIN_REST_WORDS {
        return None;
    }
    let last = tokens.len().saturating_sub(MIN_REST_WORDS);
    // Lower-case forms, written into buffers reused for every word.
    let (mut previous_buf, mut lower_buf, mut next_buf) =
        (String::new(), String::new(), String::new());
    // Per prefix of the tokens: how many are long or capitalised, and how
    // many capitalised (see `is_title_case`), counted once when first needed.
    let mut title_counts: Option<Vec<(usize, usize)>> = None;
    for j in MIN_HEADLINE_WORDS..=last.min(MAX_HEADLINE_WORDS) {
        let (start, end) = tokens[j];
        let word = &segment[start..end];
        // All capitals are acronyms or emphasis ("why YOU want"), not sentence starts.
        if !is_upper_initial(word) || word.chars().nth(1).is_some_and(char::is_uppercase) {
            continue;
        }
        // A single capital with a full stop is an initial ("А. И. Семенов", "та В.").
        if word.chars().nth(1).is_none() && segment[end..].starts_with('.') {
            continue;
        }
        let Some(quote_len) = gap_opening(&segment[tokens[j - 1].1..start]) else {
            continue;
        };
        let previous = &segment[tokens[j - 1].0..tokens[j - 1].1];
        let previous_lower = lowercase(previous, &mut previous_buf);
        if Words::has(&lists.function, previous_lower) {
            continue;
        }
        let lower = lowercase(word, &mut lower_buf);
        let numeral = Words::has(&lists.numerals, lower);
        // An elided article or pronoun opens too: "L’équipe", "C’est", "D’autres".
        let elided = word.split_once(['\'', '’']).is_some_and(|(head, tail)| {
            head.chars().count() <= 2
                && is_lower_initial(tail)
                && Words::has(&lists.openers, &head.to_lowercase())
        });
        let opener = numeral || elided || Words::has(&lists.openers, lower);
        let next = &segment[tokens[j + 1].0..tokens[j + 1].1];
        // Quoted speech opens with a sentence-case word; a quoted Title Case
        // phrase is a name ("a memoir called "A Charge to Keep"").
        if quote_len > 0 && !is_lower_initial(next) {
            continue;
        }
        // A quoted title after a number is a document's name ("№ 333 "Деякі питання …"").
        if quote_len > 0 && previous.chars().next().is_some_and(char::is_numeric) {
            continue;
        }
        // Where nouns are capitalised every headline looks like Title Case.
        let title_case = !lists.nouns_capitalised && {
            let counts = title_counts.get_or_insert_with(|| {
                title_case_counts(tokens.iter().map(|&(s, e)| &segment[s..e]))
            });
            let (long, capitalised) = counts[j];
            long >= 2 && capitalised * 10 >= long * 7
        };
        if title_case {
            // After Title Case the sentence goes on in lower case, with a content word.
            if !is_lower_initial(next)
                || Words::has(&lists.function, lowercase(next, &mut next_buf))
            {
                continue;
            }
        } else {
            // The first sentence of a report names again whom the headline
            // named ("… push into UK beauty market Sainsbury's is taking on
            // Boots", "… vs. Chelsea Daniel Sturridge saved …"): inside one
            // sentence a name does not come back after a content word.
            if from == 0
                && quote_len == 0
                && !opener
                && is_lower_initial(previous)
                && names_again(paragraph, &tokens, j, lists)
            {
                return Some(start - quote_len);
            }
            // "Lloyds Pharmacy", "Class A": after a capitalised word only a
            // longer opener ("… to Ye The rapper …") starts a sentence.
            // An opening quote before the single letter rules out "Class A".
            let single_letter = word.chars().nth(1).is_none() && quote_len == 0;
            if is_upper_initial(previous) && (!opener || numeral || single_letter) {
                continue;
            }
            // An opener before a capitalised word: in German any (nouns are
            // capitalised), elsewhere only if that word is itself a common
            // word ("The President obliquely …", but not "Le Bal des sirènes").
            let next_ok = is_lower_initial(next)
                || next.chars().next().is_some_and(char::is_numeric)
                || (opener
                    && (lists.nouns_capitalised
                        || (is_lower_initial(previous)
                            && (lists.openers_decide
                                || is_acronym(next)
                                || common_word(
                                    paragraph,
                                    next,
                                    lowercase(next, &mut next_buf),
                                    lists,
                                )))));
            if !next_ok {
                continue;
            }
        }
        // The paragraph scan last: it is the one test that reads more than a few words.
        if !opener && !common_word(paragraph, word, lower, lists) {
            continue;
        }
        return Some(start - quote_len);
    }
    None
}

/// Whether the capitalised word at `tokens[j]` (three letters or more, not an
/// opener) already stood in the text before `tokens[j - 1]`, and that text is
/// headline-like (no comma, parenthesis or semicolon): the sentence that
/// starts at `j` repeats a name from the headline before it.
fn names_again(paragraph: &str, tokens: &[(usize, usize)], j: usize, lists: &Words) -> bool {
    let headline = &paragraph[..tokens[j - 1].0];
    // A clause before the name ("…, and his wife Manju Sam") is a sentence, not a headline.
    if paragraph[..tokens[j].0].contains([',', '(', ')', ';']) {
        return false;
    }
    let (s, e) = tokens[j];
    let word = &paragraph[s..e];
    let lower = word.to_lowercase();
    // Where nouns are capitalised a repeated noun says nothing ("… tödlichen
    // Schüssen"): only a two-word name counts ("… leidet Track Palin, 26, …").
    if lists.nouns_capitalised {
        let Some(&(ns, ne)) = tokens.get(j + 1) else {
            return false;
        };
        let next = &paragraph[ns..ne];
        let name = &paragraph[s..ne];
        return is_upper_initial(next)
            && name.chars().filter(|c| c.is_whitespace()).count() == 1
            && whole_words(headline, word).any(|at| headline[at..].starts_with(name));
    }
    word.chars().count() >= 3
        // "I've", "I'm" are pronouns; "Sainsbury's" is a name.
        && word.find(['\'', '’']).is_none_or(|at| at > 1)
        && !Words::has(&lists.openers, &lower)
        && !Words::has(&lists.function, &lower)
        && (whole_words(headline, word).next().is_some()
            || possessive_base(word).is_some_and(|base| whole_words(headline, base).next().is_some()))
}

/// "Bond" for "Bond's" and "Bond’s".
fn possessive_base(word: &str) -> Option<&str> {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s"))
}

/// An acronym: two or more capitals and no lower-case letter ("FBI", "UK", "G20").
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Title Case: at least two of the headline's words of four or more letters
/// (or capitalised), and 70 % of them, are capitalised. For each prefix of
/// `words` (element `k`: the first `k` words), how many words are long or
/// capitalised and how many capitalised.
fn title_case_counts<'a>(words: impl Iterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let mut counts = Vec::with_capacity(MAX_HEADLINE_WORDS + MIN_REST_WORDS + 2);
    counts.push((0, 0));
    let (mut long, mut capitalised) = (0usize, 0usize);
    for word in words {
        let upper = is_upper_initial(word);
        // Four characters or more, without counting them all: `count` was
        // a third of the pass's Title Case test (its set-up for short words).
        if upper || word.chars().nth(3).is_some() {
            long += 1;
            capitalised += usize::from(upper);
        }
        counts.push((long, capitalised));
    }
    counts
}

/// `word.to_lowercase()`, written into `buf` (no allocation per word).
fn lowercase<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else if word.contains('Σ') {
        // A final sigma depends on its neighbours: the standard library knows how.
        buf.push_str(&word.to_lowercase());
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
    buf
}

/// The document-centred test: `word` is a common word capitalised for a
/// sentence start if the paragraph has its lower-case form more often than
/// the capitalised form in mid-sentence (after a lower-case word or a comma).
/// Occurrences are whole words in the sense of [`words`]; in languages that
/// inflect ([`Words::inflection`] > 0) a form counts when it shares the stem
/// ("Полиция" and "полицию", "Моряки" and "моряков").
fn common_word(paragraph: &str, word: &str, lower: &str, lists: &Words) -> bool {
    let (word, lower, suffix) = stem(word, lower, lists.inflection);
    let lower_count = whole_words_with_suffix(paragraph, lower, suffix).count();
    if lower_count == 0 {
        return false;
    }
    let mid_sentence = whole_words_with_suffix(paragraph, word, suffix)
        .filter(|&s| {
            let before = paragraph[..s].trim_end().chars().next_back();
            before.is_some_and(|c| c.is_alphanumeric() || c == ',')
        })
        .count();
    lower_count > mid_sentence
}

/// Fewest letters a stem keeps.
const MIN_STEM_CHARS: usize = 5;

/// The stem of `word` and `lower` (its lower-case form) for an inflecting
/// language: up to `inflection` final letters go, never below
/// [`MIN_STEM_CHARS`]. Returns the two stems and how many letters a form may
/// add to them.
fn stem<'w>(word: &'w str, lower: &'w str, inflection: usize) -> (&'w str, &'w str, usize) {
    let chars = lower.chars().count();
    let keep = chars.saturating_sub(inflection).max(MIN_STEM_CHARS);
    if inflection == 0 || keep >= chars || word.chars().count() != chars {
        return (word, lower, 0);
    }
    let cut = |text: &'w str| {
        let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
        &text[..end]
    };
    (cut(word), cut(lower), inflection + 1)
}

/// Start offsets of `needle` (a word beginning with a letter) where it is a
/// whole word of `text`: a substring search is much faster than splitting
/// the paragraph into words.
fn whole_words<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    whole_words_with_suffix(text, needle, 0)
}

/// [`whole_words`], where the word may go on for up to `suffix` letters
/// after `needle` (other forms of a stem; with `suffix` 0, exactly `whole_words`).
fn whole_words_with_suffix<'a>(
    text: &'a str,
    needle: &'a str,
    suffix: usize,
) -> impl Iterator<Item = usize> + 'a {
    let inside = |c: char| is_alphanumeric(c) || matches!(c, '\'' | '’' | '-');
    // memchr's SIMD substring search: `str::match_indices` was most of the
    // document-centred test's time.
    let starts = memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes());
    starts.filter(move |&s| {
        let e = s + needle.len();
        let mut before = text[..s].chars().rev();
        let starts_word = match before.next() {
            None => true,
            Some(c) if is_alphanumeric(c) => false,
            // An apostrophe or hyphen joins words ("anti-police"), not after a space.
            Some('\'' | '’' | '-') => !before.next().is_some_and(is_alphanumeric),
            Some(_) => true,
        };
        let mut after = text[e..].chars();
        let extra = after
            .by_ref()
            .take_while(|&c| is_alphabetic(c))
            .take(suffix + 1)
            .count();
        let rest = &text[e..];
        let tail = rest
            .char_indices()
            .nth(extra)
            .map_or(rest.len(), |(i, _)| i);
        // A final apostrophe is a plural possessive ("Rangers' Graham"), not more word.
        let mut following = rest[tail..].chars();
        let continues = match following.next() {
            Some('\'' | '’') => following.next().is_some_and(is_alphanumeric),
            Some(c) => inside(c),
            None => false,
        };
        let ends_word = extra <= suffix && !continues;
        starts_word && ends_word
    })
}

#[cfg(test)]
#[path = "headline_tests.rs"]
mod tests;
