//! TSV and CSV glossaries.
//!
//! Two layouts:
//! * **OmegaT style**, no header: `source<TAB>target[<TAB>comment]`, languages
//!   from [`DelimitedOptions`]. Two or three columns; anything else is an
//!   error naming the line.
//! * **With a header row** naming the columns: language tags (`ru`, `uk`,
//!   `en-GB`) hold terms; `id`, `status`, `type`, `pos`, `gender`, `case`,
//!   `subject`, `definition`, `note`/`comment` hold data. Rows sharing an `id`
//!   form one entry, so a deprecated variant is a second row with the same id.
//!   `status`, `pos`, `gender`, `case` apply to the row's terms except those in the
//!   first language column (the source, which has no status of its own).
//!
//! CSV fields follow RFC 4180 (quotes, doubled quotes, line breaks inside
//! quotes). TSV fields are taken literally, as OmegaT writes them.

use super::{Entry, Gender, Glossary, GlossaryWarning, NameType, Term, TermStatus};
use crate::unit::{Position, ReadError};
use std::collections::HashMap;
use std::io::{self, Write};

/// Whether the first row names the columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HeaderMode {
    /// A header when every cell of the first row is a language tag or a known
    /// column name (`ru`, `en`, `id`, `status`, `note`, …).
    #[default]
    Auto,
    /// The first row is a header.
    Yes,
    /// No header: OmegaT layout.
    No,
}

/// Options for TSV/CSV glossaries.
#[derive(Clone, Debug)]
pub struct DelimitedOptions {
    /// Header detection.
    pub header: HeaderMode,
    /// Language of the first column in OmegaT layout (and of a `source` column).
    pub source_lang: String,
    /// Language of the second column in OmegaT layout (and of a `target` column).
    pub target_lang: String,
}

impl Default for DelimitedOptions {
    fn default() -> Self {
        DelimitedOptions {
            header: HeaderMode::Auto,
            source_lang: "und".to_string(),
            target_lang: "en".to_string(),
        }
    }
}

/// Decodes a delimited file with the one plain-text decoder
/// ([`crate::text::decode_text`]: UTF-8, BOM optional, or UTF-16 with a BOM).
pub(super) fn decode(bytes: &[u8], file: &str) -> Result<String, ReadError> {
    crate::text::decode_text(bytes)
        .map(std::borrow::Cow::into_owned)
        .map_err(|error| error.into_read_error(file))
}

/// A row of cells with the line it starts on.
struct Row {
    line: u64,
    cells: Vec<String>,
}

fn split_tsv(text: &str) -> Vec<Row> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Row {
            line: i as u64 + 1,
            cells: l
                .trim_end_matches('\r')
                .split('\t')
                .map(|c| c.to_string())
                .collect(),
        })
        .collect()
}

fn split_csv(text: &str, file: &str) -> Result<Vec<Row>, ReadError> {
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line: u64 = 1;
    let mut row_line: u64 = 1;
    let mut quote_open: Option<(u64, u64)> = None;
    let mut column: u64 = 0;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if quote_open.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    column += 1;
                    cell.push('"');
                } else {
                    quote_open = None;
                }
            } else {
                if c == '\n' {
                    line += 1;
                    column = 0;
                }
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quote_open = Some((line, column));
                at_cell_start = false;
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                if cells.len() > 1 || !cells[0].trim().is_empty() {
                    rows.push(Row {
                        line: row_line,
                        cells: std::mem::take(&mut cells),
                    });
                } else {
                    cells.clear();
                }
                line += 1;
                row_line = line;
                column = 0;
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if let Some((qline, qcol)) = quote_open {
        return Err(ReadError {
            position: Position {
                file: file.to_string(),
                line: qline,
                column: qcol,
            },
            message: "a quoted field is never closed; add the closing \" (write \"\" for a quote inside a field)".to_string(),
        });
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        if cells.len() > 1 || !cells[0].trim().is_empty() {
            rows.push(Row {
                line: row_line,
                cells,
            });
        }
    }
    Ok(rows)
}

#[derive(Clone, Debug, PartialEq)]
enum Column {
    Lang(String),
    Id,
    Status,
    NameType,
    PartOfSpeech,
    Gender,
    Case,
    Subject,
    Definition,
    Note,
}

fn column_kind(name: &str, options: &DelimitedOptions) -> Option<Column> {
    let key = name.trim().trim_start_matches('\u{feff}');
    Some(match key.to_ascii_lowercase().as_str() {
        "id" | "entry" | "concept" => Column::Id,
        "status" | "administrativestatus" => Column::Status,
        "type" | "nametype" | "kind" => Column::NameType,
        "pos" | "partofspeech" => Column::PartOfSpeech,
        "gender" | "grammaticalgender" => Column::Gender,
        "case" | "casesensitive" | "case-sensitive" => Column::Case,
        "subject" | "subjectfield" | "domain" => Column::Subject,
        "definition" => Column::Definition,
        "note" | "notes" | "comment" | "comments" => Column::Note,
        "source" => Column::Lang(options.source_lang.clone()),
        "target" => Column::Lang(options.target_lang.clone()),
        _ if looks_like_lang_tag(key) => Column::Lang(key.to_string()),
        _ => return None,
    })
}

fn looks_like_lang_tag(text: &str) -> bool {
    let mut parts = text.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads a TSV (`csv == false`) or CSV glossary.
pub(super) fn read(
    text: &str,
    file: &str,
    csv: bool,
    options: &DelimitedOptions,
) -> Result<(Glossary, Vec<GlossaryWarning>), ReadError> {
    let text = text.trim_start_matches('\u{feff}');
    let rows = if csv {
        split_csv(text, file)?
    } else {
        split_tsv(text)
    };
    let mut glossary = Glossary {
        path: file.to_string(),
        ..Glossary::default()
    };
    let warnings = Vec::new();
    let Some(first) = rows.first() else {
        return Ok((glossary, warnings));
    };
    let separator = if csv { "comma" } else { "tab" };
    let header: Option<Vec<Column>> = match options.header {
        HeaderMode::No => None,
        HeaderMode::Yes | HeaderMode::Auto => {
            let kinds: Vec<Option<Column>> = first
                .cells
                .iter()
                .map(|c| column_kind(c, options))
                .collect();
            let all_known = kinds.iter().all(Option::is_some)
                && kinds.iter().flatten().any(|k| matches!(k, Column::Lang(_)));
            if all_known {
                Some(kinds.into_iter().flatten().collect())
            } else if options.header == HeaderMode::Yes {
                let (index, cell) = first
                    .cells
                    .iter()
                    .enumerate()
                    .find(|(i, _)| kinds[*i].is_none())
                    .map(|(i, c)| (i, c.as_str()))
                    .unwrap_or((0, ""));
                return Err(ReadError {
                    position: Position {
                        file: file.to_string(),
                        line: first.line,
                        column: index as u64 + 1,
                    },
                    message: if cell.is_empty() {
                        "the header row names no language column (e.g. ru, en)".to_string()
                    } else {
                        format!(
                            "unknown header column \"{cell}\"; use language tags (ru, en, …) or id, status, type, pos, gender, case, subject, definition, note"
                        )
                    },
                });
            } else {
                None
            }
        }
    };
    let body = if header.is_some() {
        &rows[1..]
    } else {
        &rows[..]
    };
    let columns = header.unwrap_or_else(|| {
        vec![
            Column::Lang(options.source_lang.clone()),
            Column::Lang(options.target_lang.clone()),
            Column::Note,
        ]
    });
    let omegat =
        columns.len() == 3 && first_is_omegat(&columns, options) && body.len() == rows.len();
    let first_lang_column = columns.iter().position(|c| matches!(c, Column::Lang(_)));
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for row in body {
        let count = row.cells.len();
        let ok = if omegat {
            count == 2 || count == 3
        } else {
            count == columns.len()
        };
        if !ok {
            let expected = if omegat {
                "2 or 3 (source, target, comment)".to_string()
            } else {
                format!("{} as in the header row", columns.len())
            };
            return Err(ReadError {
                position: Position {
                    file: file.to_string(),
                    line: row.line,
                    column: 1,
                },
                message: format!(
                    "wrong number of columns: found {count} {separator}-separated columns, expected {expected}"
                ),
            });
        }
        let mut entry = Entry {
            line: row.line,
            ..Entry::default()
        };
        let mut status = None;
        let mut pos = None;
        let mut gender = None;
        let mut case = None;
        let mut row_terms: Vec<(usize, Term)> = Vec::new();
        let mut notes = Vec::new();
        for (index, (column, cell)) in columns.iter().zip(&row.cells).enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let at = |message: String| ReadError {
                position: Position {
                    file: file.to_string(),
                    line: row.line,
                    column: index as u64 + 1,
                },
                message,
            };
            match column {
                Column::Lang(lang) => {
                    let mut term = Term::new(lang, cell);
                    term.line = row.line;
                    row_terms.push((index, term));
                }
                Column::Id => entry.id = Some(cell.to_string()),
                Column::Status => {
                    status = Some(TermStatus::parse(cell).ok_or_else(|| {
                        at(format!("unknown status \"{cell}\" in column {}; use preferred, admitted, deprecated, superseded or forbidden", index + 1))
                    })?)
                }
                Column::NameType => {
                    entry.name_type = Some(NameType::parse(cell).ok_or_else(|| {
                        at(format!("unknown name type \"{cell}\" in column {}; use person, place or organisation", index + 1))
                    })?)
                }
                Column::PartOfSpeech => pos = Some(cell.to_string()),
                Column::Gender => {
                    gender = Some(Gender::parse(cell).ok_or_else(|| {
                        at(format!("unknown gender \"{cell}\" in column {}; use masculine, feminine or neuter", index + 1))
                    })?)
                }
                Column::Case => {
                    case = Some(matches!(
                        cell.to_ascii_lowercase().as_str(),
                        "yes" | "true" | "1" | "sensitive" | "case-sensitive" | "cs"
                    ))
                }
                Column::Subject => entry.subject = Some(cell.to_string()),
                Column::Definition => entry.definition = Some(cell.to_string()),
                Column::Note => notes.push(cell.to_string()),
            }
        }
        for (index, term) in &mut row_terms {
            let is_source = Some(*index) == first_lang_column && columns.len() > 1;
            if !is_source {
                term.status = status;
            }
            term.part_of_speech = pos.clone();
            term.gender = gender;
            term.case_sensitive = case;
        }
        let terms: Vec<Term> = row_terms.into_iter().map(|(_, t)| t).collect();
        if let Some(id) = entry.id.clone()
            && let Some(&existing) = by_id.get(&id)
        {
            let target: &mut Entry = &mut glossary.entries[existing];
            // Notes of a continuation row describe its terms.
            let mut terms = terms;
            if let Some(last) = terms.last_mut() {
                last.notes.extend(notes);
            }
            target.terms.extend(terms);
            if target.name_type.is_none() {
                target.name_type = entry.name_type;
            }
            continue;
        }
        entry.terms = terms;
        if entry.is_name() || entry.name_type.is_some() {
            entry.notes = notes;
        } else if let Some(last) = entry.terms.last_mut() {
            // OmegaT's comment column describes the target term.
            last.notes.extend(notes);
        }
        if entry.terms.is_empty() {
            continue;
        }
        if let Some(id) = &entry.id {
            by_id.insert(id.clone(), glossary.entries.len());
        }
        glossary.entries.push(entry);
    }
    Ok((glossary, warnings))
}

fn first_is_omegat(columns: &[Column], options: &DelimitedOptions) -> bool {
    columns
        == [
            Column::Lang(options.source_lang.clone()),
            Column::Lang(options.target_lang.clone()),
            Column::Note,
        ]
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn tsv_field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Writes a glossary with a header row: `id`, one column per language,
/// `status`, `type`, `pos`, `gender`, `note`. Each entry becomes as many rows
/// as it needs so that each row's terms share a status.
pub fn write_delimited(
    glossary: &Glossary,
    out: &mut dyn Write,
    separator: char,
) -> io::Result<()> {
    let field = |text: &str| {
        if separator == ',' {
            csv_field(text)
        } else {
            tsv_field(text)
        }
    };
    let mut langs: Vec<String> = Vec::new();
    for entry in &glossary.entries {
        for lang in entry.languages() {
            if !langs.contains(&lang) {
                langs.push(lang);
            }
        }
    }
    let sep = separator.to_string();
    let mut header = vec!["id".to_string()];
    header.extend(langs.iter().cloned());
    header.extend(["status", "type", "pos", "gender", "note"].map(String::from));
    writeln!(out, "{}", header.join(&sep))?;
    for (n, entry) in glossary.entries.iter().enumerate() {
        let id = entry.id.clone().unwrap_or_else(|| format!("c{}", n + 1));
        // Rows: each holds at most one term per language; terms of non-first
        // languages in one row share status, part of speech and gender.
        struct OutRow<'a> {
            cells: Vec<Option<&'a Term>>,
            key: Option<(Option<TermStatus>, Option<String>, Option<Gender>)>,
        }
        let mut rows: Vec<OutRow> = Vec::new();
        for term in &entry.terms {
            let Some(col) = langs.iter().position(|l| l == term.lang.normalized()) else {
                continue;
            };
            let is_source = col == 0;
            let key = (term.status, term.part_of_speech.clone(), term.gender);
            let slot = rows.iter().position(|r| {
                r.cells[col].is_none()
                    && (is_source || r.key.is_none() || r.key.as_ref() == Some(&key))
            });
            let index = match slot {
                Some(i) => i,
                None => {
                    rows.push(OutRow {
                        cells: vec![None; langs.len()],
                        key: None,
                    });
                    rows.len() - 1
                }
            };
            rows[index].cells[col] = Some(term);
            if !is_source {
                rows[index].key = Some(key);
            }
        }
        for (r, row) in rows.iter().enumerate() {
            let mut cells = vec![field(&id)];
            cells.extend(
                row.cells
                    .iter()
                    .map(|t| t.map(|t| field(&t.text)).unwrap_or_default()),
            );
            let (status, pos, gender) = match &row.key {
                Some((s, p, g)) => (*s, p.clone(), *g),
                None => {
                    let t = row.cells.iter().flatten().next();
                    (
                        None,
                        t.and_then(|t| t.part_of_speech.clone()),
                        t.and_then(|t| t.gender),
                    )
                }
            };
            cells.push(status.map(|s| s.word().to_string()).unwrap_or_default());
            cells.push(if r == 0 {
                entry
                    .name_type
                    .map(|t| t.word().to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            });
            cells.push(field(&pos.unwrap_or_default()));
            cells.push(gender.map(|g| g.word().to_string()).unwrap_or_default());
            let mut notes: Vec<String> = if r == 0 {
                entry.notes.clone()
            } else {
                Vec::new()
            };
            notes.extend(
                row.cells
                    .iter()
                    .flatten()
                    .flat_map(|t| t.notes.iter().cloned()),
            );
            cells.push(field(&notes.join(" ")));
            writeln!(out, "{}", cells.join(&sep))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> DelimitedOptions {
        DelimitedOptions {
            source_lang: "ru".into(),
            target_lang: "en".into(),
            ..DelimitedOptions::default()
        }
    }

    #[test]
    fn omegat_layout() {
        let text = "Донецк\tDonetsk\tcity\nЛуганск\tLuhansk\n";
        let (g, _) = read(text, "g.txt", false, &opts()).unwrap();
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].terms[0].lang.normalized(), "ru");
        assert_eq!(g.entries[0].approved("en").unwrap().text, "Donetsk");
        assert_eq!(g.entries[0].terms[1].notes, vec!["city".to_string()]);
    }

    #[test]
    fn omegat_wrong_column_count_names_the_line() {
        let text = "Донецк\tDonetsk\n\nЛуганск\n";
        let err = read(text, "g.txt", false, &opts()).unwrap_err();
        assert_eq!(err.position.line, 3);
        assert!(err.message.contains("found 1"), "{}", err.message);
        let text = "a\tb\tc\td\n";
        let err = read(text, "g.txt", false, &opts()).unwrap_err();
        assert!(err.message.contains("found 4"), "{}", err.message);
    }

    #[test]
    fn header_rows_merge_by_id() {
        let text = "id\tru\ten\tstatus\ttype\tnote\n\
                    p1\tМихаил Кухтин\tMikhail Kukhtin\tpreferred\tperson\thead\n\
                    p1\t\tMykhailo Kukhtin\tdeprecated\t\tUkrainian style\n";
        let (g, _) = read(text, "g.tsv", false, &opts()).unwrap();
        assert_eq!(g.entries.len(), 1);
        let e = &g.entries[0];
        assert_eq!(e.name_type, Some(NameType::Person));
        assert_eq!(e.terms.len(), 3);
        assert_eq!(e.terms[0].status, None, "source column has no status");
        assert_eq!(e.terms[2].status, Some(TermStatus::Deprecated));
        assert_eq!(e.terms[2].notes, vec!["Ukrainian style".to_string()]);
        assert_eq!(e.notes, vec!["head".to_string()]);
    }

    #[test]
    fn header_row_count_mismatch() {
        let text = "ru\ten\nа\tb\tc\n";
        let err = read(text, "g.tsv", false, &opts()).unwrap_err();
        assert_eq!(err.position.line, 2);
        assert!(err.message.contains("expected 2"), "{}", err.message);
    }

    #[test]
    fn csv_quotes_and_multiline() {
        let text = "ru,en,note\n\"Донецк\",\"Donetsk, city\",\"say \"\"hi\"\"\nsecond line\"\nЛуганск,Luhansk,\n";
        let (g, _) = read(text, "g.csv", true, &opts()).unwrap();
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].terms[1].text, "Donetsk, city");
        assert_eq!(g.entries[0].terms[1].notes[0], "say \"hi\"\nsecond line");
        assert_eq!(g.entries[1].line, 4);
    }

    #[test]
    fn csv_unclosed_quote() {
        let err = read("ru,en\n\"a,b\n", "g.csv", true, &opts()).unwrap_err();
        assert_eq!((err.position.line, err.position.column), (2, 1));
    }

    #[test]
    fn write_then_read_keeps_statuses() {
        let text = "id\tru\ten\tstatus\ttype\tnote\n\
                    p1\tМихаил Кухтин\tMikhail Kukhtin\tpreferred\tperson\t\n\
                    p1\t\tMykhailo Kukhtin\tdeprecated\t\t\n";
        let (g, _) = read(text, "g.tsv", false, &opts()).unwrap();
        for sep in ['\t', ','] {
            let mut out = Vec::new();
            write_delimited(&g, &mut out, sep).unwrap();
            let written = String::from_utf8(out).unwrap();
            let (back, _) = read(&written, "b", sep == ',', &opts()).unwrap();
            assert_eq!(back.entries.len(), 1, "{written}");
            let texts: Vec<_> = back.entries[0]
                .terms
                .iter()
                .map(|t| (t.text.clone(), t.status))
                .collect();
            assert_eq!(
                texts,
                vec![
                    ("Михаил Кухтин".to_string(), None),
                    ("Mikhail Kukhtin".to_string(), Some(TermStatus::Preferred)),
                    ("Mykhailo Kukhtin".to_string(), Some(TermStatus::Deprecated)),
                ]
            );
        }
    }
}
