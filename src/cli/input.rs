//! The text files and standard input the commands read (documents, articles,
//! query lists, pair lists): one policy. Bytes go through the one plain-text
//! decoder ([`tmkit::text::decode_text`]: UTF-8 or UTF-16 with a BOM, the
//! mark dropped) and every failure names the file, line and column, exit 2.
//! XML files (TMX, XLIFF, TBX, SRX) are read by their own readers.

use super::CliError;
use std::io::Read;
use std::path::Path;

/// Reads the text file at `path`; `-` is standard input.
pub(super) fn read_text(path: &Path) -> Result<String, CliError> {
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::input(match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!(
                    "{}: cannot read: no such file; check the path",
                    path.display()
                )
            }
            _ => format!("{}: cannot read: {e}", path.display()),
        })
    })?;
    decode(&bytes, &path.display().to_string())
}

/// Reads all of standard input as text.
pub(super) fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::input(format!("standard input: cannot read: {e}")))?;
    decode(&bytes, "standard input")
}

fn decode(bytes: &[u8], name: &str) -> Result<String, CliError> {
    tmkit::text::decode_text(bytes)
        .map(std::borrow::Cow::into_owned)
        .map_err(|error| CliError::input(error.in_file(name)))
}
