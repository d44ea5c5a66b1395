//! Inputs the fuzzers (`fuzz/`, `benches/fuzz.sh`) found to crash tmkit, each
//! reduced to what triggers the bug and run here on the stable toolchain, so
//! a fixed crash cannot come back unnoticed.

use tmkit::glossary::{DelimitedOptions, Glossary, GlossaryFormat};

/// `tbx_reader`: an XML declaration whose `encoding=` is followed by a
/// byte that is not an ASCII quote (here invalid UTF-8, read as U+FFFD)
/// made the TBX encoding sniffer slice inside a character and panic.
#[test]
fn tbx_declaration_with_a_non_ascii_quote_is_an_error_not_a_panic() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=".to_vec();
    bytes.extend_from_slice(&[0xb7, 0xb7]);
    bytes.extend_from_slice(b"UTF-8\xb7?><martif type=\"TBX\"><text><body/></text></martif>");
    let result = Glossary::parse_bytes(
        &bytes,
        "crash.tbx",
        GlossaryFormat::Tbx,
        &DelimitedOptions::default(),
    );
    // Without a usable declaration the file is read as UTF-8, which it is not.
    let error = result.expect_err("invalid UTF-8 must be an error");
    assert!(error.to_string().contains("crash.tbx"), "{error}");

    // The same declaration with a valid non-ASCII character after `=`.
    let text = "<?xml version=\"1.0\" encoding=«UTF-8»?>\n<martif type=\"TBX\"><text><body/></text></martif>";
    let loaded = Glossary::parse_bytes(
        text.as_bytes(),
        "crash.tbx",
        GlossaryFormat::Tbx,
        &DelimitedOptions::default(),
    );
    assert!(loaded.is_ok(), "{loaded:?}");
}

/// A memory of a few units whose fuzzy index is then damaged by `damage`
/// (SQL run on the closed file, as a bad disk or a hand edit would).
fn damaged_memory(dir: &std::path::Path, damage: &str) -> std::path::PathBuf {
    use tmkit::memory::Memory;
    use tmkit::unit::TranslationUnit;
    let path = dir.join("damaged.tmdb");
    {
        let mut memory = Memory::create(&path).unwrap();
        for (en, ru) in [
            (
                "The ceasefire has held for 14 days.",
                "Перемирие соблюдается уже 14 дней.",
            ),
            (
                "The talks ended without agreement.",
                "Переговоры закончились без соглашения.",
            ),
        ] {
            memory
                .add(&TranslationUnit::pair("en", en, "ru", ru))
                .unwrap();
        }
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(
        conn.execute(damage, []).unwrap() > 0,
        "nothing damaged: {damage}"
    );
    drop(conn);
    path
}

/// `memory_fields` and `memory_file`: a token id read from the file (the
/// vocabulary, a posting list's token, a token sequence) sized the arrays
/// of the fuzzy index, so one damaged id made `match` and `stats`-style
/// warm-up allocate up to 16 GiB (libFuzzer: malloc(17179802440)). Such
/// ids are now refused with a "memory is damaged" error. The ids here are
/// large enough to fail the test before the fix, small enough (≈ 1 GiB of
/// arrays at most) not to endanger the machine running it.
#[test]
fn damaged_token_ids_in_a_memory_are_an_error_not_a_huge_allocation() {
    use tmkit::fuzzy::Query;
    use tmkit::memory::{Memory, MemoryError};
    let damages = [
        "UPDATE fz_token SET id = 40000000 WHERE id = (SELECT min(id) FROM fz_token)",
        // LEB128 of 40,000,000 as the first token of a sequence: a block
        // of one entry (step 0 from its key, 5 bytes of tokens).
        "UPDATE fz_seqblock SET data = x'000580b4891301' \
         WHERE id = (SELECT min(id) FROM fz_seqblock)",
    ];
    for damage in damages {
        let dir = tempfile::tempdir().unwrap();
        let path = damaged_memory(dir.path(), damage);
        let memory = Memory::open(&path).unwrap();
        // The loaded index is what such ids sized (a lookup from the file
        // sizes nothing by a token id; `disksearch` tests its own damage).
        memory.set_lookup_plan(tmkit::memory::LookupPlan::Load);
        let query = Query::new("The ceasefire has held for 15 days.", "en", "ru");
        match memory.suggest(&query) {
            Err(error @ MemoryError::Damaged { .. }) => {
                let message = error.to_string();
                assert!(message.contains("damaged.tmdb"), "{message}");
                assert!(message.contains("the memory is damaged"), "{message}");
            }
            other => panic!("{damage}: expected a damaged-memory error, got {other:?}"),
        }
    }
}

/// A posting list's damaged token id (the second case of the test above,
/// before fuzzy matching stopped reading the posting lists: it derives them
/// from the token sequences) neither allocates by that id nor changes the
/// suggestions.
#[test]
fn a_damaged_posting_token_id_does_not_size_the_fuzzy_index() {
    use tmkit::fuzzy::Query;
    use tmkit::memory::Memory;
    let dir = tempfile::tempdir().unwrap();
    let clean = damaged_memory(dir.path(), "UPDATE fz_token SET text = text WHERE id = 1");
    let query = Query::new("The ceasefire has held for 15 days.", "en", "ru");
    let expected: Vec<(i64, u8)> = Memory::open(&clean)
        .unwrap()
        .suggest(&query)
        .unwrap()
        .iter()
        .map(|s| (s.unit_id, s.score))
        .collect();
    assert!(!expected.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_memory(
        dir.path(),
        "UPDATE fz_posting SET token_id = 40000000 \
         WHERE (lang, token_id, first_id) = (SELECT lang, token_id, first_id FROM fz_posting LIMIT 1)",
    );
    let memory = Memory::open(&path).unwrap();
    let found: Vec<(i64, u8)> = memory
        .suggest(&query)
        .unwrap()
        .iter()
        .map(|s| (s.unit_id, s.score))
        .collect();
    assert_eq!(found, expected);
    let info = memory
        .warm_index(&tmkit::lang::LangTag::parse("en"))
        .unwrap();
    assert!(info.heap_bytes < 1 << 20, "{info:?}");
}
