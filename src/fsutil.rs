//! Writing output files so that a failure never leaves a half-written file:
//! write to a temporary file in the same folder, then rename over the target.

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes `path` atomically: `write` fills a buffered temporary file beside it,
/// which replaces `path` only when `write` succeeded and the data is flushed.
/// On error the temporary file is removed and `path` is untouched.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// tmkit::fsutil::write_atomically(&path, |w| { use std::io::Write; w.write_all(b"hi") }).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "hi");
/// ```
pub fn write_atomically<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".tmkit-")
        .suffix(".part")
        .tempfile_in(folder)?;
    {
        let mut writer = BufWriter::new(temp.as_file());
        write(&mut writer)?;
        writer.flush()?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.txt");
        std::fs::write(&path, "old").unwrap();
        let result = write_atomically(&path, |w| {
            w.write_all(b"new")?;
            Err(io::Error::other("boom"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file was not cleaned up");
    }
}
