//! Streams an XLIFF file through tmkit's reader and writer (one unit in memory
//! at a time) and prints what it saw: the benchmark's tmkit side
//! (`benches/xliff_bench.sh`). `cargo run --release --example xliff_roundtrip -- IN OUT`

use std::io::Write;
use tmkit::xliff::{Event, XliffReader, XliffWriter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: xliff_roundtrip IN.xlf OUT.xlf");
        std::process::exit(2);
    };
    let mut reader = XliffReader::open(input.as_ref())?;
    let out = std::io::BufWriter::new(std::fs::File::create(output)?);
    let mut writer = XliffWriter::new(out)?;
    let (mut units, mut segments, mut targets) = (0u64, 0u64, 0u64);
    while let Some(event) = reader.next_event()? {
        if let Event::Unit(unit) = &event {
            units += 1;
            for segment in unit.segments().iter().filter(|s| !s.ignorable) {
                segments += 1;
                targets += u64::from(segment.target.is_some());
            }
        }
        writer.write_event(&event)?;
    }
    writer.finish()?.flush()?;
    println!("{units} units, {segments} segments, {targets} targets");
    Ok(())
}
