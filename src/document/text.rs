//! Plain text: a paragraph is a run of non-blank lines; blank lines (only
//! white space) separate paragraphs and stay in the skeleton with the
//! paragraphs' leading and trailing white space. Line breaks inside a
//! paragraph are text, so they survive the round trip as they were.

use super::Document;
use super::build::{Builder, Raw};

/// Reads plain text into paragraphs and skeleton.
pub fn read(source: &str) -> Document {
    let mut builder = Builder::new(super::Format::Text, &[]);
    let mut paragraph_start: Option<usize> = None;
    let mut skeleton_from = 0;
    let mut line_start = 0;
    while line_start < source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i + 1);
        let blank = source[line_start..line_end].trim().is_empty();
        match (blank, paragraph_start) {
            (true, Some(start)) => {
                builder.skeleton(&source[skeleton_from..start]);
                builder.paragraph(vec![Raw::Text(source[start..line_start].to_string())]);
                paragraph_start = None;
                skeleton_from = line_start;
            }
            (false, None) => paragraph_start = Some(line_start),
            _ => {}
        }
        line_start = line_end;
    }
    if let Some(start) = paragraph_start {
        builder.skeleton(&source[skeleton_from..start]);
        builder.paragraph(vec![Raw::Text(source[start..].to_string())]);
        skeleton_from = source.len();
    }
    builder.skeleton(&source[skeleton_from..]);
    builder.finish()
}
