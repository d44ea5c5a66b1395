//! TMX reader on arbitrary bytes (any encoding the file claims), then the
//! writer on whatever the reader accepted. Besides "no panic", one property:
//! writing what was read and reading it back is a fixed point (the writer's
//! output reads back to units that write out to the same bytes), which is the
//! lossless round trip ARCHITECTURE.md promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions};
use tmkit::unit::{Header, TranslationUnit, UnitReader};

/// Reads every unit (errors end the file, as in an import).
fn read(bytes: Vec<u8>) -> Option<(Header, Vec<TranslationUnit>)> {
    let mut reader = TmxReader::from_reader(Cursor::new(bytes), "fuzz.tmx").ok()?;
    let _ = reader.name();
    let _ = reader.encoding();
    let mut units = Vec::new();
    loop {
        match reader.next_unit() {
            Ok(Some(unit)) => units.push(unit),
            Ok(None) => break,
            Err(error) => {
                // Every error names a position; formatting it must not panic.
                let _ = error.to_string();
                break;
            }
        }
    }
    for warning in reader.take_warnings() {
        let _ = warning.to_string();
    }
    Some((reader.header().clone(), units))
}

fn write(header: &Header, units: &[TranslationUnit]) -> Vec<u8> {
    let mut writer = TmxWriter::new(Vec::new(), header, &WriteOptions::default())
        .expect("writing to a Vec cannot fail");
    for unit in units {
        writer
            .write_unit(unit)
            .expect("writing to a Vec cannot fail");
    }
    writer.finish().expect("writing to a Vec cannot fail")
}

fuzz_target!(|data: &[u8]| {
    let Some((header, units)) = read(data.to_vec()) else {
        return;
    };
    let first = write(&header, &units);
    let (header2, units2) = read(first.clone()).expect("the writer's output must be readable TMX");
    let second = write(&header2, &units2);
    assert!(
        first == second,
        "TMX round trip is not a fixed point:\n--- first\n{}\n--- second\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
});
