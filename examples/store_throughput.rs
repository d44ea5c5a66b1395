//! Measures the memory store alone: imports N generated en–ru units through
//! `Memory::import` (no TMX parsing) into a fresh file and prints units/s.
//!
//!     cargo run --release --example store_throughput -- 1000000 /tmp/store.tmdb

use std::time::Instant;
use tmkit::memory::{ImportOptions, Memory};
use tmkit::unit::{Header, ReadError, ReadWarning, TranslationUnit, UnitReader};

struct Generated {
    header: Header,
    next: u64,
    total: u64,
}

impl UnitReader for Generated {
    fn header(&self) -> &Header {
        &self.header
    }
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        if self.next >= self.total {
            return Ok(None);
        }
        self.next += 1;
        let n = self.next;
        let mut unit = TranslationUnit::pair(
            "en",
            &format!(
                "The delegation of {n} observers arrived in the city on Monday morning, officials said."
            ),
            "ru",
            &format!(
                "Делегация из {n} наблюдателей прибыла в город в понедельник утром, сообщили официальные лица."
            ),
        );
        unit.attrs.push(("tuid".into(), n.to_string()));
        unit.attrs
            .push(("creationdate".into(), "20240101T120000Z".into()));
        Ok(Some(unit))
    }
    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        Vec::new()
    }
    fn bytes_read(&self) -> u64 {
        0
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let total: u64 = args.next().unwrap_or_else(|| "100000".into()).parse()?;
    let path = std::path::PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/store_throughput.tmdb".into()),
    );
    let _ = std::fs::remove_file(&path);
    let mut memory = Memory::create(&path)?;
    let start = Instant::now();
    let report = memory.import(
        &mut Generated {
            header: Header::default(),
            next: 0,
            total,
        },
        &ImportOptions::default(),
        &mut |_| {},
    )?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} units imported in {seconds:.1} s ({:.0} units/s), file {} MiB",
        report.imported,
        report.imported as f64 / seconds,
        std::fs::metadata(&path)?.len() / (1 << 20)
    );
    Ok(())
}
