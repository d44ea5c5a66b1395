//! The one output-file writer: every command that writes a file goes through
//! [`write_output`], so every output path behaves the same way.
//!
//! * `-` is standard output; special files (pipes, FIFOs, devices such as
//!   `/dev/null`) and names of open descriptors (`/dev/stdout`, `/dev/fd/N`,
//!   `/proc/self/fd/N`) are opened and written directly — renaming over them
//!   would replace the device or pipe with a regular file.
//! * A regular file (new or existing) is written to a temporary file
//!   `.tmkit-….part` in the same folder and renamed over the target only when
//!   complete, so a failure never leaves a half-written file. A symbolic link
//!   is followed: its target is replaced, the link stays.
//! * A new file gets the usual mode (0666 minus the umask); a replaced file
//!   keeps the mode (and, where allowed, the owner) of the file it replaces.
//! * Temporary files are removed on error, and on Ctrl-C or SIGTERM when the
//!   program calls [`remove_pending_temp_files`] from its signal handler.
//! * A missing folder is an error naming it; nothing is written.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written now; removed by [`remove_pending_temp_files`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Writes `path` (see the module documentation for what each kind of path
/// means): `write` fills a buffered writer, and a regular file is replaced
/// only when `write` succeeded and the data is flushed to disk. On error a
/// regular target is untouched and no temporary file is left behind.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// tmkit::fsutil::write_output(&path, |w| w.write_all(b"hi")).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "hi");
///
/// let missing = dir.path().join("no-such-folder/out.txt");
/// let error = tmkit::fsutil::write_output(&missing, |w| w.write_all(b"hi")).unwrap_err();
/// assert!(error.to_string().contains("does not exist"));
/// ```
pub fn write_output<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    match classify(path)? {
        Target::Stdout => {
            let stdout = io::stdout();
            let mut writer = BufWriter::new(stdout.lock());
            write(&mut writer)?;
            writer.flush()
        }
        Target::Direct => {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(path)?;
            let mut writer = BufWriter::new(file);
            write(&mut writer)?;
            writer.flush()
        }
        Target::Replace { path, existing } => replace(&path, existing.as_ref(), write),
    }
}

/// True when `path` means standard output (`-`, `/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`): commands then print their summary on standard error.
pub fn is_stdout(path: &Path) -> bool {
    let text = path.as_os_str();
    text == "-" || text == "/dev/stdout" || text == "/dev/fd/1" || text == "/proc/self/fd/1"
}

/// True when `a` and `b` are the same existing file, however named
/// (relative path, symbolic link, hard link): same device and inode.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a.as_os_str() == "-" || b.as_os_str() == "-" {
        return false;
    }
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => same_inode(&ma, &mb),
        _ => false,
    }
}

#[cfg(unix)]
fn same_inode(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// Removes every temporary file being written. For signal handlers: call it,
/// then exit; a write in progress on another thread can no longer rename
/// its file into place (the registry stays locked).
pub fn remove_pending_temp_files() {
    let pending = match PENDING.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    for path in pending.iter() {
        let _ = std::fs::remove_file(path);
    }
    // Keep the lock until the process exits: no rename may follow.
    std::mem::forget(pending);
}

enum Target {
    Stdout,
    Direct,
    Replace {
        path: PathBuf,
        existing: Option<Metadata>,
    },
}

fn classify(path: &Path) -> io::Result<Target> {
    if path.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    // Names of open descriptors (/dev/stdout, /dev/fd/N, /proc/self/fd/N)
    // lead to pipes or to files the shell opened: write to them, never
    // rename over them. Other paths (including /dev/shm/…) go by file type.
    let descriptor = path.starts_with("/proc")
        || path.starts_with("/dev/fd")
        || ["/dev/stdout", "/dev/stderr"]
            .iter()
            .any(|p| path == Path::new(p));
    if descriptor {
        return Ok(Target::Direct);
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a folder; give a file name", path.display()),
        )),
        Ok(meta) if !meta.is_file() => Ok(Target::Direct),
        Ok(meta) => Ok(Target::Replace {
            path: resolve_links(path)?,
            existing: Some(meta),
        }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // A new file, or a symbolic link to one that does not exist yet.
            let resolved = resolve_links(path)?;
            let folder = folder_of(&resolved);
            match std::fs::metadata(folder) {
                Ok(meta) if meta.is_dir() => Ok(Target::Replace {
                    path: resolved,
                    existing: None,
                }),
                Ok(_) => Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is not a folder", folder.display()),
                )),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!(
                        "folder {} does not exist; create it first",
                        folder.display()
                    ),
                )),
            }
        }
        Err(error) => Err(error),
    }
}

/// Follows symbolic links in the last component of `path` (the file itself;
/// links among the folders are harmless for a rename).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = if target.is_absolute() {
                    target
                } else {
                    folder_of(&current).join(target)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{}: too many levels of symbolic links", path.display()),
    ))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn replace<F>(path: &Path, existing: Option<&Metadata>, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tmkit-").suffix(".part");
    // tempfile creates 0600 files by default; a new output file should get
    // the usual 0666 minus the umask (applied by the system at creation).
    #[cfg(unix)]
    let usual = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(usual);
    let temp = {
        let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
        let temp = builder.tempfile_in(folder_of(path))?;
        pending.push(temp.path().to_path_buf());
        temp
    };
    let temp_path = temp.path().to_path_buf();
    let result = (|| {
        if let Some(old) = existing {
            keep_owner_and_mode(temp.as_file(), old)?;
        }
        let mut writer = BufWriter::new(temp.as_file());
        write(&mut writer)?;
        writer.flush()?;
        drop(writer);
        temp.as_file().sync_all()
    })();
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    pending.retain(|p| p != &temp_path);
    result?;
    // Renamed while the registry is locked: a signal handler either removed
    // the temporary file before this point or finds it gone.
    temp.persist(path).map_err(|e| e.error)?;
    drop(pending);
    Ok(())
}

#[cfg(unix)]
fn keep_owner_and_mode(file: &File, old: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // The owner first (only root may change it; others keep their own), then
    // the mode, since chown may clear set-id bits.
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    file.set_permissions(old.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, old: &Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".tmkit-"))
            .collect()
    }

    #[test]
    fn failed_write_leaves_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.txt");
        std::fs::write(&path, "old").unwrap();
        let result = write_output(&path, |w| {
            w.write_all(b"new")?;
            Err(io::Error::other("boom"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert!(leftovers(dir.path()).is_empty());
        assert!(!pending_in(dir.path()));
    }

    /// Whether a temporary file in `dir` is registered (other tests run in
    /// parallel, so only this test's folder counts).
    fn pending_in(dir: &Path) -> bool {
        PENDING.lock().unwrap().iter().any(|p| p.starts_with(dir))
    }

    #[cfg(unix)]
    #[test]
    fn new_file_gets_the_umask_mode_and_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("new.txt");
        write_output(&fresh, |w| w.write_all(b"x")).unwrap();
        // What the system gives a file created the ordinary way.
        let reference = dir.path().join("reference.txt");
        File::create(&reference).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&fresh), mode(&reference));
        assert_ne!(mode(&fresh), 0o600, "tempfile's private mode leaked");

        let kept = dir.path().join("kept.txt");
        std::fs::write(&kept, "old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_output(&kept, |w| w.write_all(b"new")).unwrap();
        assert_eq!(mode(&kept), 0o640);
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_target_is_replaced_and_the_link_stays() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let target = real_dir.join("data.txt");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real/data.txt", &link).unwrap();
        write_output(&link, |w| w.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty() && leftovers(&real_dir).is_empty());

        // A dangling link: the file it names is created.
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink("real/later.txt", &dangling).unwrap();
        write_output(&dangling, |w| w.write_all(b"made")).unwrap();
        assert_eq!(
            std::fs::read_to_string(real_dir.join("later.txt")).unwrap(),
            "made"
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_written_directly() {
        use std::os::unix::fs::FileTypeExt;
        write_output(Path::new("/dev/null"), |w| w.write_all(b"gone")).unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope/out.txt");
        let error = write_output(&path, |w| w.write_all(b"x")).unwrap_err();
        assert!(
            error.to_string().contains("folder")
                && error.to_string().contains("nope")
                && error.to_string().contains("does not exist"),
            "{error}"
        );
        let error = write_output(dir.path(), |w| w.write_all(b"x")).unwrap_err();
        assert!(error.to_string().contains("is a folder"), "{error}");
    }

    #[test]
    fn same_file_sees_through_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "x").unwrap();
        let hard = dir.path().join("hard.txt");
        std::fs::hard_link(&a, &hard).unwrap();
        assert!(same_file(&a, &hard));
        assert!(same_file(&a, &dir.path().join(".").join("a.txt")));
        assert!(!same_file(&a, &dir.path().join("other.txt")));
    }

    #[test]
    fn pending_temp_files_are_removable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let seen = std::cell::Cell::new(false);
        write_output(&path, |w| {
            seen.set(pending_in(dir.path()));
            w.write_all(b"x")
        })
        .unwrap();
        assert!(seen.get(), "the temporary file was not registered");
        assert!(!pending_in(dir.path()));
    }
}
