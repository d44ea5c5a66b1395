//! XLIFF reader (1.0–2.2, any encoding the file claims) on arbitrary bytes,
//! then the writer on whatever the reader accepted, and the import view
//! (translated units as TMX-model units). Besides "no panic", one property:
//! writing what was read and reading it back is a fixed point (the writer's
//! output reads back to a document that writes out to the same bytes), the
//! lossless round trip ARCHITECTURE.md promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use tmkit::unit::UnitReader;
use tmkit::xliff::{self, Document, ImportFilter, TranslatedUnits, XliffReader};

fn read(bytes: Vec<u8>) -> Option<Document> {
    match xliff::read(Cursor::new(bytes), "fuzz.xlf") {
        Ok((document, warnings)) => {
            for warning in warnings {
                let _ = warning.to_string();
            }
            Some(document)
        }
        Err(error) => {
            // Every error names a position; formatting it must not panic.
            let _ = error.to_string();
            None
        }
    }
}

fn write(document: &Document) -> Vec<u8> {
    xliff::write(document, Vec::new()).expect("writing to a Vec cannot fail")
}

fuzz_target!(|data: &[u8]| {
    // The import path: every translated unit, errors end the file.
    if let Ok(reader) = XliffReader::from_reader(Cursor::new(data.to_vec()), "fuzz.xlf") {
        let mut units = TranslatedUnits::new(reader, ImportFilter::default());
        while let Ok(Some(_)) = units.next_unit() {}
    }
    let Some(document) = read(data.to_vec()) else {
        return;
    };
    let first = write(&document);
    let again = read(first.clone()).expect("the writer's output must be readable XLIFF");
    let second = write(&again);
    assert!(
        first == second,
        "XLIFF round trip is not a fixed point:\n--- first\n{}\n--- second\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
});
