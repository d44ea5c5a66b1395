//! Checked text with positions: NFC text, line starts, byte ↔ character
//! offsets, so every finding can say file:line:column and quote its line.

/// A text being checked (a document, or one side of a bilingual file).
#[derive(Clone, Debug)]
pub struct TextFile {
    /// The file name as given (used in findings).
    pub path: String,
    /// The text in NFC (every offset counts characters of this form).
    pub text: String,
    /// Byte offset of each line start.
    line_starts: Vec<usize>,
    /// Character offset of each line start.
    line_char_starts: Vec<usize>,
}

impl TextFile {
    /// Wraps `text` (normalised to NFC; a leading BOM is dropped).
    pub fn new(path: &str, text: &str) -> TextFile {
        let text = text.trim_start_matches('\u{feff}');
        // ASCII text is NFC already (the memory check wraps a million
        // segments: the quick check was a cost there).
        let text = if text.is_ascii() {
            text.to_string()
        } else {
            crate::text::nfc(text)
        };
        let mut line_starts = vec![0];
        let mut line_char_starts = vec![0];
        let mut chars = 0usize;
        for (i, c) in text.char_indices() {
            chars += 1;
            if c == '\n' {
                line_starts.push(i + 1);
                line_char_starts.push(chars);
            }
        }
        TextFile {
            path: path.to_string(),
            text,
            line_starts,
            line_char_starts,
        }
    }

    /// The 0-based line index holding byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (u64, u64) {
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        (line as u64 + 1, column as u64)
    }

    /// Character offset (from the start of the text) of byte `offset`.
    pub fn char_offset(&self, offset: usize) -> usize {
        let line = self.line_index(offset);
        self.line_char_starts[line]
            + self.text[self.line_starts[line]..offset.min(self.text.len())]
                .chars()
                .count()
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u64) -> &str {
        let index = (line as usize).saturating_sub(1);
        let Some(&start) = self.line_starts.get(index) else {
            return "";
        };
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let file = TextFile::new("t", "Кухтин said\nMykhaylo Khuktin");
        let at = file.text.find("Khuktin").unwrap();
        assert_eq!(file.line_col(at), (2, 10));
        assert_eq!(file.char_offset(at), 21);
        assert_eq!(file.line_text(2), "Mykhaylo Khuktin");
        assert_eq!(file.line_text(1), "Кухтин said");
        assert_eq!(file.line_text(9), "");
    }

    #[test]
    fn nfc_is_applied() {
        let file = TextFile::new("t", "Pe\u{301}ter");
        assert_eq!(file.text, "Péter");
    }
}
