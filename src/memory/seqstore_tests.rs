use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn table() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(crate::memory::schema::V6_TABLES)
        .unwrap();
    conn
}

/// What the blocks must hold: (language, id) → token bytes.
type Model = BTreeMap<(String, i64), Vec<u8>>;

/// Every check a reader relies on: scans from any point and point reads
/// agree with the model, and a language's blocks never
/// overlap (each entry lies at or above its key and below the next key).
fn check(conn: &Connection, model: &Model, langs: &[Rc<str>]) {
    for lang in langs {
        let want: Vec<(i64, Vec<u8>)> = model
            .iter()
            .filter(|((l, _), _)| l == &**lang)
            .map(|((_, id), t)| (*id, t.clone()))
            .collect();
        for after in [0, 1, 2, 7, 30, 64, 65, 100, 129, 400] {
            let mut got = Vec::new();
            scan(
                conn,
                SeqTable::Blocks,
                lang,
                after,
                |e| e,
                |id, t| {
                    got.push((id, t.to_vec()));
                    Ok(())
                },
            )
            .unwrap();
            let expected: Vec<_> = want.iter().filter(|(id, _)| *id > after).cloned().collect();
            assert_eq!(got, expected, "scan of {lang} after {after}");
        }
        let mut reader = SeqReader::new(SeqTable::Blocks);
        for id in 0..450 {
            let expected = model.get(&(lang.to_string(), id)).cloned();
            assert_eq!(
                reader.read(conn, lang, id).unwrap(),
                expected,
                "{lang} {id}"
            );
        }
        let mut keys: Vec<(i64, Vec<i64>)> = Vec::new();
        let mut stmt = conn
            .prepare("SELECT id, data FROM fz_seqblock WHERE lang = ?1 ORDER BY id")
            .unwrap();
        let mut rows = stmt.query([&**lang]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let key: i64 = row.get(0).unwrap();
            let data: Vec<u8> = row.get(1).unwrap();
            let ids: Vec<i64> = entries(key, &data).map(|e| e.unwrap().0).collect();
            assert!(!ids.is_empty(), "an empty block is kept");
            assert!(ids.len() <= BLOCK_ENTRIES);
            assert!(ids[0] >= key);
            keys.push((key, ids));
        }
        for pair in keys.windows(2) {
            let last = *pair[0].1.last().unwrap();
            assert!(
                last < pair[1].0,
                "blocks {} and {} overlap",
                pair[0].0,
                pair[1].0
            );
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// Adds the next id (ascending, as writers give them) in language `0`.
    Add(usize, u8),
    /// Adds an id below the ones given (a catch-up out of order).
    AddBelow(usize, i64, u8),
    Remove(usize, i64),
    /// Ends the transaction's writer (partial blocks written) and starts
    /// another.
    Finish,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..3usize, any::<u8>()).prop_map(|(l, n)| Op::Add(l, n)),
        1 => (0..3usize, 1..420i64, any::<u8>()).prop_map(|(l, id, n)| Op::AddBelow(l, id, n)),
        3 => (0..3usize, 1..420i64).prop_map(|(l, id)| Op::Remove(l, id)),
        1 => Just(Op::Finish),
    ]
}

fn tokens(n: u8) -> Vec<u8> {
    crate::memory::codec::encode_tokens(
        &(0..u32::from(n % 9))
            .map(|t| t * 300 + 1)
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn blocks_hold_what_was_written(ops in proptest::collection::vec(op(), 1..500)) {
        let conn = table();
        let langs: Vec<Rc<str>> = ["en", "ru", "uk"].into_iter().map(Rc::from).collect();
        let mut model = Model::new();
        let mut writer = SeqWriter::default();
        let mut next = 1i64;
        let mut used = std::collections::HashSet::new();
        for op in ops {
            let mut insert = SeqWriter::insert_statement(&conn).unwrap();
            match op {
                Op::Add(l, n) => {
                    while !used.insert(next) {
                        next += 1;
                    }
                    writer.add(&conn, &mut insert, &langs[l], next, &tokens(n)).unwrap();
                    model.insert((langs[l].to_string(), next), tokens(n));
                    next += 1;
                }
                Op::AddBelow(l, id, n) => {
                    // Never an id given before (writers never give one twice).
                    if id < next && used.insert(id) {
                        writer.add(&conn, &mut insert, &langs[l], id, &tokens(n)).unwrap();
                        model.insert((langs[l].to_string(), id), tokens(n));
                    }
                }
                Op::Remove(l, id) => {
                    let removed = writer.remove(&conn, &langs[l], id).unwrap();
                    prop_assert_eq!(removed, model.remove(&(langs[l].to_string(), id)));
                }
                Op::Finish => {
                    drop(insert);
                    writer.finish(&conn).unwrap();
                    writer = SeqWriter::default();
                    check(&conn, &model, &langs);
                }
            }
        }
        writer.finish(&conn).unwrap();
        check(&conn, &model, &langs);
    }

    #[test]
    fn damaged_blocks_are_errors_not_panics(key in 0..1000i64, data in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut last = None;
        for entry in entries(key, &data) {
            match entry {
                Ok((id, tokens)) => {
                    prop_assert!(id >= key);
                    prop_assert!(last.is_none_or(|l| id > l));
                    prop_assert!(tokens.len() <= data.len());
                    last = Some(id);
                }
                Err(e) => prop_assert!(e.to_string().contains("does not decode"), "{e}"),
            }
        }
    }
}

#[test]
fn an_entry_steps_from_the_key_and_by_at_least_one() {
    let mut block = BlockBytes::new(10);
    block.push(10, &[1, 2]);
    block.push(12, &[]);
    block.push(300, &[0x81, 0x01]);
    let got: Vec<_> = entries(10, &block.data).map(|e| e.unwrap()).collect();
    assert_eq!(
        got,
        [(10, &[1u8, 2][..]), (12, &[][..]), (300, &[0x81, 0x01][..])]
    );
    // A second step of 0 (two entries with one id) is damage.
    let twice = [0u8, 0, 0, 0];
    assert!(entries(5, &twice).any(|e| e.is_err()));
    // A length past the end is damage.
    assert!(entries(5, &[0u8, 9, 1]).any(|e| e.is_err()));
}
