//! Exporting a memory as TMX 1.4b.

use super::{ForEachError, Memory, MemoryError};
use crate::tmx::{TmxWriter, WriteOptions};
use crate::unit::{Header, TranslationUnit, set_attr};
use serde::Serialize;
use std::path::Path;
use std::sync::mpsc;

/// What an export wrote.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ExportReport {
    /// Units written.
    pub units_written: u64,
    /// Units skipped because fewer than two of the requested languages remained.
    pub units_skipped: u64,
    /// Characters XML 1.0 cannot carry, left out (none for data read from XML).
    pub characters_dropped: u64,
}

impl Memory {
    /// The header an export starts from: the first imported file's header (its
    /// props, notes and attributes survive a round trip) with tmkit as the
    /// creation tool; a default header for a memory filled through the API.
    pub fn export_header(&self) -> Result<Header, MemoryError> {
        let mut header = self.first_header()?.unwrap_or_default();
        header.version = "1.4".to_string();
        set_attr(&mut header.attrs, "creationtool", "tmkit");
        set_attr(
            &mut header.attrs,
            "creationtoolversion",
            env!("CARGO_PKG_VERSION"),
        );
        Ok(header)
    }

    /// Writes every unit (in import order) as TMX 1.4b to `path`, atomically:
    /// the file appears only when complete, and an existing file is replaced
    /// only on success. `progress` gets the number of units visited so far.
    ///
    /// ```
    /// use tmkit::memory::Memory;
    /// use tmkit::tmx::WriteOptions;
    /// use tmkit::unit::TranslationUnit;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let mut memory = Memory::open_in_memory().unwrap();
    /// memory.add(&TranslationUnit::pair("en", "Fish & chips", "ru", "Рыба с картошкой")).unwrap();
    /// let out = dir.path().join("out.tmx");
    /// let report = memory.export_tmx(&out, &WriteOptions::default(), &mut |_| {}).unwrap();
    /// assert_eq!(report.units_written, 1);
    /// assert!(std::fs::read_to_string(&out).unwrap().contains("Fish &amp; chips"));
    /// ```
    pub fn export_tmx(
        &self,
        path: &Path,
        options: &WriteOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ExportReport, ExportError> {
        let header = self.export_header()?;
        let mut report = ExportReport::default();
        let mut failure = None;
        let written = crate::fsutil::write_output(path, |out| {
            // This thread reads the memory (SQLite, text blocks, remainders);
            // a helper writes the XML (escaping, formatting) into chunks that
            // come back here to be written out in order. On two cores that
            // takes the XML's half of the work off the reading thread.
            let (units_out, units_in) = mpsc::sync_channel::<Vec<TranslationUnit>>(4);
            let (chunks_out, chunks_in) = mpsc::sync_channel::<Vec<u8>>(8);
            std::thread::scope(|scope| -> std::io::Result<()> {
                let serialiser = scope.spawn(move || -> std::io::Result<ExportReport> {
                    let sink = ChunkSink {
                        chunk: Vec::with_capacity(CHUNK_BYTES),
                        out: chunks_out,
                    };
                    let mut writer = TmxWriter::new(sink, &header, options)?;
                    for batch in units_in {
                        for unit in &batch {
                            writer.write_unit(unit)?;
                        }
                        // One chunk per batch, even an empty one: what
                        // `hand_over` waits for when the queue is full.
                        writer.flush()?;
                    }
                    let report = ExportReport {
                        units_written: writer.units_written(),
                        units_skipped: writer.units_skipped(),
                        characters_dropped: writer.characters_dropped(),
                    };
                    writer.finish()?;
                    Ok(report)
                });
                let mut seen = 0u64;
                let mut batch = Vec::with_capacity(EXPORT_BATCH);
                let mut visited = self.for_each_unit(&mut |_, unit| {
                    seen += 1;
                    if seen % 1024 == 0 {
                        progress(seen);
                    }
                    batch.push(unit);
                    if batch.len() == EXPORT_BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(EXPORT_BATCH));
                        hand_over(&units_out, full, &chunks_in, out)?;
                    }
                    Ok(())
                });
                if visited.is_ok() && !batch.is_empty() {
                    if let Err(error) = hand_over(&units_out, batch, &chunks_in, out) {
                        visited = Err(ForEachError::Io(error));
                    }
                }
                // Closing the channel lets the helper finish the file.
                drop(units_out);
                // Written even after a failure, so the helper never blocks.
                let mut written = Ok(());
                for chunk in chunks_in.iter() {
                    if written.is_ok() {
                        written = out.write_all(&chunk);
                    }
                }
                let serialised = serialiser
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                match visited {
                    Err(ForEachError::Memory(error)) => {
                        failure = Some(error);
                        return Err(std::io::Error::other("reading the memory failed"));
                    }
                    Err(ForEachError::Io(error)) => return Err(error),
                    Ok(_) => {}
                }
                report = serialised?;
                written?;
                progress(seen);
                Ok(())
            })
        });
        match (written, failure) {
            (_, Some(error)) => Err(ExportError::Memory(error)),
            (Err(error), None) => Err(ExportError::Write {
                path: path.to_path_buf(),
                source: error,
            }),
            (Ok(()), None) => Ok(report),
        }
    }
}

/// Queues `batch` for the TMX-writing helper, writing out the chunks it
/// sent back meanwhile. When the queue is full this waits for a chunk: the
/// helper sends one per batch it takes, so it cannot be waiting for us.
fn hand_over(
    to: &mpsc::SyncSender<Vec<TranslationUnit>>,
    batch: Vec<TranslationUnit>,
    chunks: &mpsc::Receiver<Vec<u8>>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let stopped = || std::io::Error::other("the TMX writer stopped");
    let mut batch = batch;
    loop {
        match to.try_send(batch) {
            Ok(()) => break,
            Err(mpsc::TrySendError::Full(back)) => {
                batch = back;
                out.write_all(&chunks.recv().map_err(|_| stopped())?)?;
            }
            Err(mpsc::TrySendError::Disconnected(_)) => return Err(stopped()),
        }
    }
    while let Ok(chunk) = chunks.try_recv() {
        out.write_all(&chunk)?;
    }
    Ok(())
}

/// Units handed to the TMX-writing helper at a time.
const EXPORT_BATCH: usize = 256;

/// Bytes of XML the helper gathers before handing them back (under
/// glibc's 128 KiB mmap threshold: larger chunks were mapped and unmapped
/// one by one, page faults included).
const CHUNK_BYTES: usize = 64 << 10;

/// The helper's output: chunks of [`CHUNK_BYTES`] sent back to the
/// thread that owns the output file.
struct ChunkSink {
    chunk: Vec<u8>,
    out: mpsc::SyncSender<Vec<u8>>,
}

impl ChunkSink {
    fn send(&mut self) -> std::io::Result<()> {
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK_BYTES));
        self.out
            .send(full)
            .map_err(|_| std::io::Error::other("the export stopped"))
    }
}

impl std::io::Write for ChunkSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(bytes);
        if self.chunk.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    /// Sends what is gathered, even nothing (see `hand_over`).
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

impl Memory {
    /// Writes the units that have both languages of `options` as one bilingual
    /// XLIFF document (1.2 or 2.x, see [`crate::xliff::UnitExporter`]) to
    /// `path`, atomically. Units without either language are counted as skipped.
    ///
    /// ```
    /// use tmkit::lang::LangTag;
    /// use tmkit::memory::Memory;
    /// use tmkit::unit::TranslationUnit;
    /// use tmkit::xliff::{ExportOptions, Version};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let mut memory = Memory::open_in_memory().unwrap();
    /// memory.add(&TranslationUnit::pair("en", "Fish & chips", "ru", "Рыба с картошкой")).unwrap();
    /// let out = dir.path().join("out.xlf");
    /// let options = ExportOptions { version: Version::V1_2, source_lang: LangTag::parse("en"),
    ///     target_lang: LangTag::parse("ru"), original: "memory.tmdb".into() };
    /// let report = memory.export_xliff(&out, &options, &mut |_| {}).unwrap();
    /// assert_eq!(report.units_written, 1);
    /// assert!(std::fs::read_to_string(&out).unwrap().contains("<source>Fish &amp; chips</source>"));
    /// ```
    pub fn export_xliff(
        &self,
        path: &Path,
        options: &crate::xliff::ExportOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ExportReport, ExportError> {
        let mut report = ExportReport::default();
        let mut failure = None;
        let written = crate::fsutil::write_output(path, |out| {
            let mut writer = crate::xliff::UnitExporter::new(out, options.clone())?;
            let mut seen = 0u64;
            let visited = self.for_each_unit(&mut |_, unit| {
                seen += 1;
                if seen % 1024 == 0 {
                    progress(seen);
                }
                writer.write_unit(&unit).map(|_| ())
            });
            if let Err(ForEachError::Memory(error)) = visited {
                failure = Some(error);
                return Err(std::io::Error::other("reading the memory failed"));
            } else if let Err(ForEachError::Io(error)) = visited {
                return Err(error);
            }
            progress(seen);
            report = ExportReport {
                units_written: writer.units_written(),
                units_skipped: writer.units_skipped(),
                characters_dropped: writer.characters_dropped(),
            };
            writer.finish()?;
            Ok(())
        });
        match (written, failure) {
            (_, Some(error)) => Err(ExportError::Memory(error)),
            (Err(error), None) => Err(ExportError::Write {
                path: path.to_path_buf(),
                source: error,
            }),
            (Ok(()), None) => Ok(report),
        }
    }
}

/// Why an export failed; the output file is then untouched.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the memory failed.
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// Writing the output failed (disk full, no permission, a directory in the way).
    #[error("{}: cannot write the export: {source}; nothing was written", path.display())]
    Write {
        /// The output path.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}
