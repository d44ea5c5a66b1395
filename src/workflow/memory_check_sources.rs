//! Where [`super::check_units`] reads units from: an open memory (by row
//! id) or a TMX file (by position, read again for the second pass), and why
//! reading them can fail.

use crate::memory::{ForEachError, Memory, MemoryError};
use crate::unit::{ReadError, TranslationUnit, UnitReader};
use std::path::Path;

/// Where the units come from, for the second pass.
pub trait UnitSource {
    /// Calls `visit` with every unit and its key, in order.
    fn each(&mut self, visit: &mut dyn FnMut(i64, TranslationUnit)) -> Result<(), CheckError>;
    /// Calls `visit` with the units whose keys are in `wanted` (sorted).
    fn some(
        &mut self,
        wanted: &[i64],
        visit: &mut dyn FnMut(i64, &TranslationUnit),
    ) -> Result<(), CheckError>;
}

/// Why a memory or TMX file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The memory could not be read (locked, damaged, …).
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// The TMX file could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
}

impl From<ForEachError> for CheckError {
    fn from(error: ForEachError) -> CheckError {
        match error {
            ForEachError::Memory(e) => CheckError::Memory(e),
            ForEachError::Io(e) => CheckError::Read(ReadError {
                position: crate::unit::Position {
                    file: String::new(),
                    line: 0,
                    column: 0,
                },
                message: e.to_string(),
            }),
        }
    }
}

/// Units of an open memory, keyed by row id.
pub struct MemoryUnits<'m>(pub &'m Memory);

impl UnitSource for MemoryUnits<'_> {
    fn each(&mut self, visit: &mut dyn FnMut(i64, TranslationUnit)) -> Result<(), CheckError> {
        self.0.for_each_unit(&mut |id, unit| {
            visit(id, unit);
            Ok(())
        })?;
        Ok(())
    }

    fn some(
        &mut self,
        wanted: &[i64],
        visit: &mut dyn FnMut(i64, &TranslationUnit),
    ) -> Result<(), CheckError> {
        let total = self.0.unit_count()? as usize;
        // Many wanted units: one more streaming pass beats a look-up each.
        if wanted.len() > total / 8 {
            return self.each(&mut |id, unit| {
                if wanted.binary_search(&id).is_ok() {
                    visit(id, &unit);
                }
            });
        }
        for &id in wanted {
            if let Some(unit) = self.0.get(id)? {
                visit(id, &unit);
            }
        }
        Ok(())
    }
}

/// Units of a TMX file, keyed by their 1-based position; the file is read
/// again for the second pass.
pub struct TmxUnits<'p>(pub &'p Path);

impl UnitSource for TmxUnits<'_> {
    fn each(&mut self, visit: &mut dyn FnMut(i64, TranslationUnit)) -> Result<(), CheckError> {
        let mut reader = crate::tmx::TmxReader::open(self.0)?;
        let mut key = 0;
        while let Some(unit) = reader.next_unit()? {
            key += 1;
            visit(key, unit);
        }
        Ok(())
    }

    fn some(
        &mut self,
        wanted: &[i64],
        visit: &mut dyn FnMut(i64, &TranslationUnit),
    ) -> Result<(), CheckError> {
        self.each(&mut |key, unit| {
            if wanted.binary_search(&key).is_ok() {
                visit(key, &unit);
            }
        })
    }
}
