//! A memory shaped like a large one: a few thousand units, each sentence
//! present many times with small edits (replaced, dropped, inserted words,
//! changed numbers), exact copies, date ties and units without a date. The
//! indexed lookup — which reads a candidate's row only while it can still
//! enter the top list — must return exactly what scoring every segment
//! returns, for random queries at several thresholds and list lengths, with
//! and without context.

use tmkit::fuzzy::{Context, Query, Suggestion};
use tmkit::memory::{DuplicatePolicy, ImportOptions, Memory};
use tmkit::unit::{TranslationUnit, VecReader};

/// xorshift64*: a fixed, dependency-free random stream.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "of",
    "of",
    "in",
    "to",
    "a",
    "and",
    "on",
    "said",
    "talks",
    "resumed",
    "Moscow",
    "Kyiv",
    "minister",
    "government",
    "new",
    "prices",
    "rose",
    "fell",
    "by",
    "percent",
    "year",
    "week",
    "officials",
    "agreed",
    "reported",
    "police",
    "city",
    "council",
    "election",
    "budget",
    "bank",
    "rate",
    "Mikhail",
    "Kukhtin",
    "Reuters",
    "Tuesday",
    "Friday",
    "after",
    "before",
    "during",
    "meeting",
    "parliament",
    "vote",
    "law",
    "court",
    "ruled",
    "against",
];

fn word(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => format!("{}", 1 + rng.below(3000)),
        1 => format!("{}.{}%", rng.below(10), rng.below(10)),
        _ => WORDS[rng.below(WORDS.len())].to_string(),
    }
}

fn edited(rng: &mut Rng, base: &[String], edits: usize) -> Vec<String> {
    let mut words = base.to_vec();
    for _ in 0..edits {
        match rng.below(4) {
            0 if !words.is_empty() => {
                let at = rng.below(words.len());
                words[at] = word(rng);
            }
            1 if words.len() > 2 => {
                words.remove(rng.below(words.len()));
            }
            2 => {
                let at = rng.below(words.len() + 1);
                words.insert(at, word(rng));
            }
            _ => {
                // Change a number if there is one (an adaptable difference).
                if let Some(at) = words
                    .iter()
                    .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                {
                    words[at] = format!("{}", 1 + rng.below(3000));
                }
            }
        }
    }
    words
}

fn key(found: &[Suggestion]) -> Vec<(i64, u8, String, Option<String>, u8, u8)> {
    found
        .iter()
        .map(|s| {
            (
                s.unit_id,
                s.score,
                format!("{:?}", s.kind),
                s.adapted_target.clone(),
                s.scores.word,
                s.scores.char,
            )
        })
        .collect()
}

#[test]
fn indexed_lookup_equals_scoring_every_unit_on_near_duplicates() {
    let mut rng = Rng(0x5eed_2026_1204);
    let bases: Vec<Vec<String>> = (0..60)
        .map(|_| {
            let len = 3 + rng.below(14);
            (0..len).map(|_| word(&mut rng)).collect()
        })
        .collect();
    let mut units = Vec::new();
    let mut texts = Vec::new();
    for i in 0..2000 {
        let base = &bases[rng.below(bases.len())];
        let edits = [0, 0, 1, 1, 2, 3][rng.below(6)];
        let text = edited(&mut rng, base, edits).join(" ");
        let mut tu = TranslationUnit::pair("en", &text, "ru", &format!("{text} (ru {})", i % 5));
        // Few distinct dates, so that many equal scores tie on the date too.
        if rng.below(10) > 0 {
            tu.attrs.push((
                "changedate".into(),
                format!("2024010{}T000000Z", 1 + rng.below(4)),
            ));
        }
        texts.push(text);
        units.push(tu);
    }
    let mut memory = Memory::open_in_memory().unwrap();
    let options = ImportOptions {
        on_duplicate: DuplicatePolicy::All,
        ..ImportOptions::default()
    };
    memory
        .import(&mut VecReader::new(units), &options, &mut |_| {})
        .unwrap();
    let mut compared = 0;
    let mut with_results = 0;
    for q in 0..120 {
        let text = match q % 4 {
            0 => texts[rng.below(texts.len())].clone(),
            1 | 2 => {
                let base: Vec<String> = texts[rng.below(texts.len())]
                    .split(' ')
                    .map(str::to_string)
                    .collect();
                let edits = 1 + rng.below(2);
                edited(&mut rng, &base, edits).join(" ")
            }
            _ => (0..3 + rng.below(10))
                .map(|_| word(&mut rng))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let mut query = Query::new(&text, "en", "ru");
        query.min_score = [50, 70, 70, 85, 95][q % 5];
        query.max_results = [1, 5, 5, 10][q % 4];
        if q % 7 == 0 {
            query.context = Some(Context {
                previous: Some(texts[rng.below(texts.len())].clone()),
                next: None,
            });
        }
        let fast = memory.suggest(&query).unwrap();
        let slow = memory.suggest_exhaustive(&query).unwrap();
        assert_eq!(
            key(&fast),
            key(&slow),
            "query {text:?} θ={} max={}",
            query.min_score,
            query.max_results
        );
        compared += 1;
        with_results += usize::from(!fast.is_empty());
    }
    assert_eq!(compared, 120);
    // The queries must exercise the ranking, not only empty lists.
    assert!(with_results >= 70, "{with_results} queries had results");
}
