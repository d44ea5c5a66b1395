//! Measures TMX reader and writer throughput on one file.
//!
//! ```text
//! python3 benches/make_tmx.py --units 200000 --out benches/data/tm-200k.tmx
//! cargo run --release --example tmx_throughput -- benches/data/tm-200k.tmx [RUNS] [--read-only]
//! ```
//!
//! Prints, per run, the reader alone (every unit built, every segment's plain
//! text taken, like the lxml peer that reads all text) and the writer alone
//! (all units written to a sink), with MB/s (10^6 bytes) and units/s; then the medians.

use std::time::Instant;
use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions};
use tmkit::unit::{TranslationUnit, UnitReader};

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

struct CountingSink(u64);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let read_only = std::env::args().any(|a| a == "--read-only");
    let mut args = std::env::args().skip(1).filter(|a| a != "--read-only");
    let path = args.next().ok_or("usage: tmx_throughput FILE.tmx [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let size = std::fs::metadata(&path)?.len() as f64;
    let mut read_secs = Vec::new();
    let mut write_secs = Vec::new();
    let mut units_count = 0;
    let mut written_bytes = 0;
    for run in 1..=runs {
        let start = Instant::now();
        let mut reader = TmxReader::open(std::path::Path::new(&path))?;
        let mut units: Vec<TranslationUnit> = Vec::new();
        let mut chars = 0usize;
        while let Some(unit) = reader.next_unit()? {
            for variant in &unit.variants {
                chars += variant.text().len();
            }
            // Keep the units of the first run only for the writer measurement.
            if run == 1 && !read_only {
                units.push(unit);
            }
        }
        let read = start.elapsed().as_secs_f64();
        let warnings = reader.take_warnings().len();
        units_count = reader.units_read();
        read_secs.push(read);
        eprintln!(
            "run {run}: read {units_count} units ({chars} text bytes, {warnings} warnings) in {read:.2} s = {:.1} MB/s",
            size / read / 1e6
        );
        if run == 1 && !read_only {
            for _ in 0..runs {
                let start = Instant::now();
                let mut writer =
                    TmxWriter::new(CountingSink(0), reader.header(), &WriteOptions::default())?;
                for unit in &units {
                    writer.write_unit(unit)?;
                }
                written_bytes = writer.finish()?.0;
                let secs = start.elapsed().as_secs_f64();
                eprintln!(
                    "        wrote {} units ({written_bytes} bytes) in {secs:.2} s = {:.1} MB/s",
                    units.len(),
                    written_bytes as f64 / secs / 1e6
                );
                write_secs.push(secs);
            }
        }
    }
    let read = median(&mut read_secs);
    if read_only {
        println!(
            "reader: median {read:.2} s, {:.1} MB/s, {:.0} units/s",
            size / read / 1e6,
            units_count as f64 / read
        );
        return Ok(());
    }
    let write = median(&mut write_secs);
    println!(
        "reader: median {read:.2} s, {:.1} MB/s, {:.0} units/s",
        size / read / 1e6,
        units_count as f64 / read
    );
    println!(
        "writer: median {write:.2} s, {:.1} MB/s, {:.0} units/s",
        written_bytes as f64 / write / 1e6,
        units_count as f64 / write
    );
    Ok(())
}
