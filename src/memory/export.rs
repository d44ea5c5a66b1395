//! Exporting a memory as TMX 1.4b.

use super::{ForEachError, Memory, MemoryError};
use crate::tmx::{TmxWriter, WriteOptions};
use crate::unit::{Header, set_attr};
use serde::Serialize;
use std::path::Path;

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
            let mut writer = TmxWriter::new(out, &header, options)?;
            let mut seen = 0u64;
            let visited = self.for_each_unit(&mut |_, unit| {
                seen += 1;
                if seen % 1024 == 0 {
                    progress(seen);
                }
                writer.write_unit(&unit)
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
