//! Issue 12, defects 1 and 3: every command that writes a file treats its
//! output path the same way (`tmkit::fsutil::write_output`): `-` and special
//! files are written directly, a symbolic link's target is replaced (not the
//! link), modes are the usual ones, a missing folder is named, temporary
//! files never outlive an error or a signal, and `--fix` refuses to
//! overwrite the checked file.

#![cfg(unix)]

use predicates::prelude::*;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

mod support;
use support::cli::{root, tmkit};

fn sample_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(root().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    memory
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmkit-"))
        .collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn export_to_dash_writes_standard_output_and_the_summary_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let out = tmkit()
        .current_dir(dir.path())
        .args(["memory", "export"])
        .arg(&memory)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("<?xml") && stdout.trim_end().ends_with("</tmx>"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exported 32 units"));
    assert!(!dir.path().join("-").exists(), "a file named - was created");
}

#[test]
fn export_to_dev_stdout_goes_down_the_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let out = tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg("/dev/stdout")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("<tmx version=\"1.4\">"));
    assert!(
        !std::fs::symlink_metadata("/dev/stdout")
            .unwrap()
            .file_type()
            .is_file(),
        "/dev/stdout was replaced by a regular file"
    );
}

#[test]
fn export_to_a_fifo_writes_into_it_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    // Checked before joining: had the FIFO been replaced, the reader would
    // wait for a writer forever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by a regular file");
    let text = reader.join().unwrap();
    assert!(text.contains("</tmx>"));
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn symlink_target_is_replaced_not_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let real = dir.path().join("exports");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("news.tmx"), "old").unwrap();
    let link = dir.path().join("latest.tmx");
    std::os::unix::fs::symlink("exports/news.tmx", &link).unwrap();
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&link)
        .assert()
        .success();
    assert!(link.is_symlink(), "the link was replaced by a file");
    assert!(
        std::fs::read_to_string(real.join("news.tmx"))
            .unwrap()
            .contains("</tmx>")
    );
    assert!(leftovers(dir.path()).is_empty() && leftovers(&real).is_empty());
}

#[test]
fn new_files_get_the_umask_mode_and_replaced_files_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).unwrap();
    let usual = mode(&reference);

    let export = dir.path().join("new.tmx");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&export)
        .assert()
        .success();
    assert_eq!(
        mode(&export),
        usual,
        "export is not created with the umask mode"
    );

    let glossary = dir.path().join("names.tbx");
    std::fs::write(&glossary, "old").unwrap();
    std::fs::set_permissions(&glossary, std::fs::Permissions::from_mode(0o640)).unwrap();
    tmkit()
        .args(["glossary", "convert"])
        .arg(root().join("glossaries/donbas-names.tsv"))
        .arg(&glossary)
        .assert()
        .success();
    assert_eq!(mode(&glossary), 0o640, "the replaced file lost its mode");

    let text = dir.path().join("report.txt");
    std::fs::write(&text, "Mykhaylo Khuktin met him.\n").unwrap();
    let fixed = dir.path().join("fixed.txt");
    tmkit()
        .arg("check")
        .arg(&text)
        .arg("-g")
        .arg(root().join("glossaries/donbas-names.tbx"))
        .arg("--fix")
        .arg(&fixed)
        .assert()
        .code(1);
    assert_eq!(mode(&fixed), usual);
    assert_eq!(
        std::fs::read_to_string(&fixed).unwrap(),
        "Mikhail Kukhtin met him.\n"
    );
}

#[test]
fn missing_output_folder_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let missing = dir.path().join("no-such-folder");
    for args in [
        vec![
            "memory".to_string(),
            "export".into(),
            memory.display().to_string(),
            missing.join("out.tmx").display().to_string(),
        ],
        vec![
            "glossary".to_string(),
            "convert".into(),
            root()
                .join("glossaries/donbas-names.tsv")
                .display()
                .to_string(),
            missing.join("out.tbx").display().to_string(),
        ],
    ] {
        tmkit()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "folder {} does not exist",
                missing.display()
            )));
    }
    assert!(!missing.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn fix_refuses_to_overwrite_the_checked_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("report.txt");
    let content = "Mykhaylo Khuktin met him.\n";
    std::fs::write(&text, content).unwrap();
    let hard = dir.path().join("hard.txt");
    std::fs::hard_link(&text, &hard).unwrap();
    let soft = dir.path().join("soft.txt");
    std::os::unix::fs::symlink("report.txt", &soft).unwrap();
    for out in [
        "report.txt",
        "./report.txt",
        "../$/report.txt",
        "hard.txt",
        "soft.txt",
    ] {
        let name = dir.path().file_name().unwrap().to_string_lossy();
        let out = out.replace('$', &name);
        tmkit()
            .current_dir(dir.path())
            .args(["check", "report.txt", "-g"])
            .arg(root().join("glossaries/donbas-names.tbx"))
            .arg("--fix")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--in-place"));
        assert_eq!(std::fs::read_to_string(&text).unwrap(), content, "{out}");
    }
    // --in-place is the way to correct the file itself.
    tmkit()
        .current_dir(dir.path())
        .args(["check", "report.txt", "--in-place", "-g"])
        .arg(root().join("glossaries/donbas-names.tbx"))
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "Mikhail Kukhtin met him.\n"
    );
}

#[test]
fn export_refuses_to_overwrite_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let before = std::fs::read(&memory).unwrap();
    tmkit()
        .current_dir(dir.path())
        .args(["memory", "export", "m.tmdb", "./m.tmdb"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the memory itself"));
    assert_eq!(std::fs::read(&memory).unwrap(), before);
}

/// A memory large enough that its export takes a noticeable time.
fn large_memory(dir: &Path, units: usize) -> PathBuf {
    let mut tmx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n",
    );
    for i in 0..units {
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"en\"><seg>Sentence number {i} of the long test memory, with some words.</seg></tuv><tuv xml:lang=\"ru\"><seg>Предложение номер {i} длинной тестовой памяти, с несколькими словами.</seg></tuv></tu>\n"
        ));
    }
    tmx.push_str("</body></tmx>\n");
    let file = dir.join("large.tmx");
    std::fs::write(&file, tmx).unwrap();
    let memory = dir.join("large.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&file)
        .assert()
        .success();
    memory
}

#[test]
fn temporary_file_is_removed_on_sigterm_and_sigint() {
    let dir = tempfile::tempdir().unwrap();
    let memory = large_memory(dir.path(), 60_000);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmkit"))
            .args(["memory", "export"])
            .arg(&memory)
            .arg(out_dir.join("big.tmx"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let mut seen = false;
        while start.elapsed() < std::time::Duration::from_secs(60) {
            if !leftovers(&out_dir).is_empty() {
                seen = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        if !seen {
            let _ = child.kill();
            panic!("the export finished before a temporary file was seen; make the memory larger");
        }
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let exit = child.wait().unwrap();
        assert_eq!(exit.code(), Some(code), "SIG{signal}: {exit:?}");
        assert!(
            leftovers(&out_dir).is_empty(),
            "SIG{signal} left {:?}",
            leftovers(&out_dir)
        );
        assert!(!out_dir.join("big.tmx").exists());
    }
}
