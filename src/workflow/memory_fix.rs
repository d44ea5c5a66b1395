//! `--fix` for a memory or TMX file: the unambiguous corrections a memory
//! check found (a non-approved spelling of a glossary term → the approved
//! one; the same findings `--fix` applies to a text), written to a new TMX
//! file or a new memory. The checked file is never changed; each unit is
//! streamed, corrected in its target variant, and written.
//!
//! A correction is applied inside one text run of the target's content
//! (inline codes are never moved or dropped); one that would cross an inline
//! code is left out and counted as skipped.

use super::memory_check::{MemoryCheckOptions, MemoryReport};
use crate::check::{Finding, Severity, Side};
use crate::lang::LangTag;
use crate::memory::{ImportOptions, Memory, MemoryError};
use crate::unit::{Header, Inline, ReadError, ReadWarning, TranslationUnit, UnitReader};
use std::collections::HashMap;
use std::path::Path;

/// One replacement in a target's plain text (bytes of its NFC form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the target's plain text.
    pub range: std::ops::Range<usize>,
    /// The replacement.
    pub replacement: String,
}

/// The edits of `report`, by unit key (memory row id or TMX position): the
/// target-side findings with a suggestion that are not notes.
pub fn fixes_by_unit(report: &MemoryReport) -> HashMap<i64, Vec<Edit>> {
    let mut edits: HashMap<i64, Vec<Edit>> = HashMap::new();
    for found in &report.findings {
        let f: &Finding = &found.finding;
        if f.side != Side::Target || f.severity == Severity::Note || !found.spellings.is_empty() {
            continue;
        }
        let (Some(suggestion), Some(key)) = (&f.suggestion, f.segment) else {
            continue;
        };
        if f.byte_range.start >= f.byte_range.end {
            continue;
        }
        edits.entry(key as i64).or_default().push(Edit {
            range: f.byte_range.clone(),
            replacement: suggestion.clone(),
        });
    }
    edits
}

/// Applies `edits` to the target variant of `unit`; returns the number applied.
/// Overlapping edits keep the first; an edit crossing an inline code is skipped.
pub fn fix_unit(unit: &mut TranslationUnit, edits: &[Edit], target_lang: &LangTag) -> usize {
    let Some(at) = unit
        .variants
        .iter()
        .position(|v| v.lang.matches(target_lang))
        .or_else(|| {
            unit.variants
                .iter()
                .position(|v| target_lang.covers(&v.lang))
        })
    else {
        return 0;
    };
    let content = &mut unit.variants[at].content;
    // The offsets count the NFC form; a target not in NFC is left alone.
    let plain = crate::unit::plain_text(content);
    if crate::text::nfc(&plain) != plain {
        return 0;
    }
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut applied = 0;
    let mut last_end = 0;
    // Right to left, so earlier offsets stay valid.
    let mut chosen: Vec<&Edit> = Vec::new();
    for edit in sorted {
        if edit.range.start < last_end {
            continue;
        }
        last_end = edit.range.end;
        chosen.push(edit);
    }
    for edit in chosen.into_iter().rev() {
        if replace_in(content, &mut 0, edit) {
            applied += 1;
        }
    }
    applied
}

/// Replaces `edit` inside the text run that holds it; `offset` is the plain
/// text offset where `content` starts. True when applied.
fn replace_in(content: &mut [Inline], offset: &mut usize, edit: &Edit) -> bool {
    for piece in content.iter_mut() {
        match piece {
            Inline::Text { text } => {
                let start = *offset;
                let end = start + text.len();
                if edit.range.start >= start && edit.range.end <= end {
                    let (a, b) = (edit.range.start - start, edit.range.end - start);
                    if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                        return false;
                    }
                    text.replace_range(a..b, &edit.replacement);
                    return true;
                }
                if edit.range.start < end {
                    return false; // it crosses the end of this run
                }
                *offset = end;
            }
            Inline::Tag { kind, content, .. } if kind.wraps_text() => {
                if replace_in(content, offset, edit) {
                    return true;
                }
                if *offset > edit.range.start {
                    return false;
                }
            }
            Inline::Tag { .. } => {
                // Codes add nothing to the plain text, but `cp` adds one character.
                let mut one = Vec::new();
                crate::unit::plain_text(std::slice::from_ref(piece))
                    .chars()
                    .for_each(|c| one.push(c));
                let len: usize = one.iter().map(|c| c.len_utf8()).sum();
                if len > 0 && edit.range.start < *offset + len {
                    return false;
                }
                *offset += len;
            }
        }
    }
    false
}

/// Writes a corrected copy of the TMX file `input` to `out` (through the
/// one output writer); returns the replacements made.
pub fn write_fixed_tmx(
    input: &Path,
    out: &Path,
    edits: &HashMap<i64, Vec<Edit>>,
    options: &MemoryCheckOptions,
) -> std::io::Result<usize> {
    let mut count = 0;
    crate::fsutil::write_output(out, |w| {
        let mut reader = crate::tmx::TmxReader::open(input).map_err(std::io::Error::other)?;
        let header = reader.header().clone();
        let mut writer =
            crate::tmx::TmxWriter::new(w, &header, &crate::tmx::WriteOptions::default())?;
        let mut key = 0i64;
        while let Some(mut unit) = reader.next_unit().map_err(std::io::Error::other)? {
            key += 1;
            if let Some(list) = edits.get(&key) {
                count += fix_unit(&mut unit, list, &options.target_lang);
            }
            writer.write_unit(&unit)?;
        }
        writer.finish()?;
        Ok(())
    })?;
    Ok(count)
}

/// Why a corrected memory could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// The output exists: a corrected memory is always a new one.
    #[error(
        "{0}: already exists; --fix writes the corrected memory to a new file (remove it or choose another name)"
    )]
    Exists(std::path::PathBuf),
    /// Reading or writing a memory failed.
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

/// Writes a corrected copy of the memory at `input` as a new memory at
/// `out` (created; never an existing file). One transaction: on any error
/// the new file is removed. Returns the replacements made.
pub fn write_fixed_memory(
    input: &Path,
    out: &Path,
    edits: &HashMap<i64, Vec<Edit>>,
    options: &MemoryCheckOptions,
) -> Result<usize, FixError> {
    if out.exists() {
        return Err(FixError::Exists(out.to_path_buf()));
    }
    let header = Memory::open_read_only(input)?
        .first_header()?
        .unwrap_or_default();
    let mut target = Memory::create(out)?;
    let target_lang = options.target_lang.clone();
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<TranslationUnit, String>>(256);
    let count = std::sync::atomic::AtomicUsize::new(0);
    let result = std::thread::scope(|scope| {
        let count = &count;
        scope.spawn(move || {
            // Memories are not shared between threads: this one opens its own.
            let source = match Memory::open_read_only(input) {
                Ok(source) => source,
                Err(e) => {
                    let _ = sender.send(Err(e.to_string()));
                    return;
                }
            };
            let outcome = source.for_each_unit(&mut |id, mut unit| {
                if let Some(list) = edits.get(&id) {
                    count.fetch_add(
                        fix_unit(&mut unit, list, &target_lang),
                        std::sync::atomic::Ordering::Relaxed,
                    );
                }
                sender
                    .send(Ok(unit))
                    .map_err(|_| std::io::Error::other("the import stopped"))
            });
            if let Err(e) = outcome {
                let _ = sender.send(Err(e.to_string()));
            }
        });
        let mut reader = ChannelReader {
            header,
            receiver,
            name: input.display().to_string(),
        };
        target.import(
            &mut reader,
            &ImportOptions {
                on_duplicate: crate::memory::DuplicatePolicy::All,
                source_name: input.display().to_string(),
                ..ImportOptions::default()
            },
            &mut |_| {},
        )
    });
    match result {
        Ok(_) => Ok(count.into_inner()),
        Err(e) => {
            drop(target);
            let _ = std::fs::remove_file(out);
            for suffix in ["-wal", "-shm"] {
                let mut name = out.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
            Err(e.into())
        }
    }
}

/// Units handed over by the thread reading the checked memory.
struct ChannelReader {
    header: Header,
    receiver: std::sync::mpsc::Receiver<Result<TranslationUnit, String>>,
    name: String,
}

impl UnitReader for ChannelReader {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        match self.receiver.recv() {
            Ok(Ok(unit)) => Ok(Some(unit)),
            Ok(Err(message)) => Err(ReadError {
                position: crate::unit::Position {
                    file: self.name.clone(),
                    line: 0,
                    column: 0,
                },
                message,
            }),
            Err(_) => Ok(None),
        }
    }

    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        Vec::new()
    }

    fn bytes_read(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::{TagKind, Variant};
    use crate::workflow::memory_check::tests::options;

    #[test]
    fn edits_land_in_their_text_run_and_codes_stay() {
        let mut unit = TranslationUnit::pair("ru", "x", "en", "");
        unit.variants[1] = Variant {
            content: vec![
                Inline::text("Mykhaylo Khuktin said "),
                Inline::tag(TagKind::Ph, vec![("x".into(), "1".into())], vec![]),
                Inline::text(" to Khuktin."),
            ],
            ..Variant::plain("en", "")
        };
        let plain = crate::unit::plain_text(&unit.variants[1].content);
        let at = plain.rfind("Khuktin").unwrap();
        let edits = vec![
            Edit {
                range: 0..16,
                replacement: "Mikhail Kukhtin".into(),
            },
            Edit {
                range: at..at + 7,
                replacement: "Kukhtin".into(),
            },
            // Crosses the code: skipped.
            Edit {
                range: 17..24,
                replacement: "x".into(),
            },
        ];
        assert_eq!(fix_unit(&mut unit, &edits, &options().target_lang), 2);
        assert_eq!(
            crate::unit::plain_text(&unit.variants[1].content),
            "Mikhail Kukhtin said  to Kukhtin."
        );
        assert_eq!(crate::unit::tag_count(&unit.variants[1].content), 1);
        // Fixing again with the same findings' offsets would be wrong: the
        // check is run again instead, and it finds nothing to fix.
    }
}
