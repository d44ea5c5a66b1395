//! What the memory targets do with a `.tmdb` file: everything a user can ask
//! of a memory (open, stats, exact lookup, fuzzy match, concordance, export).
//! Errors are fine; panics, hangs and huge allocations are not.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tmkit::fuzzy::Query;
use tmkit::lang::LangTag;
use tmkit::memory::Memory;
use tmkit::tmx::WriteOptions;
use tmkit::unit::TranslationUnit;

/// A folder for this process's files (on tmpfs when there is one: faster).
pub fn work_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            tempfile::Builder::new()
                .prefix("tmkit-fuzz")
                .tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("a temporary folder")
    })
    .path()
}

/// Removes a memory and its SQLite side files.
pub fn remove_memory(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// A small valid memory written by this code (no licensed data): news-like
/// units in en/ru/uk with numbers, so that every table has rows.
#[allow(dead_code)] // used by memory_fields only
pub fn build_sample(path: &Path) {
    remove_memory(path);
    let mut memory = Memory::create(path).expect("create a memory");
    let rows = [
        (
            "The ceasefire has held for 14 days.",
            "Перемирие соблюдается уже 14 дней.",
            "Перемир'я триває вже 14 днів.",
        ),
        (
            "The next meeting will be held in November.",
            "Следующая встреча пройдёт в ноябре.",
            "Наступна зустріч відбудеться в листопаді.",
        ),
        (
            "Mikhail Kukhtin arrived in Kyiv on 3 May.",
            "Михаил Кухтин прибыл в Киев 3 мая.",
            "Михайло Кухтін прибув до Києва 3 травня.",
        ),
        (
            "Prices rose by 2.5% in March.",
            "Цены выросли на 2,5% в марте.",
            "Ціни зросли на 2,5% у березні.",
        ),
        (
            "The talks ended without agreement.",
            "Переговоры закончились без соглашения.",
            "Переговори завершилися без згоди.",
        ),
    ];
    for (en, ru, uk) in rows {
        let mut unit = TranslationUnit::pair("en", en, "ru", ru);
        let other = TranslationUnit::pair("en", en, "uk", uk);
        unit.variants.push(other.variants[1].clone());
        memory.add(&unit).expect("add a unit");
        memory
            .add(&TranslationUnit::pair("en-GB", en, "de", "Ein Satz."))
            .expect("add a unit");
    }
}

/// Runs every read-only operation on the memory at `path`.
pub fn exercise(path: &Path) {
    let memory = match Memory::open(path) {
        Ok(memory) => memory,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    if let Err(error) = memory.stats() {
        let _ = error.to_string();
    }
    let _ = memory.unit_count();
    let _ = memory.lookup_exact("The ceasefire has held for 14 days.", "en", "ru");
    let _ = memory.lookup_exact("Ein Satz.", "de", "en");
    for (text, source, target) in [
        ("The ceasefire has held for 15 days.", "en", "ru"),
        ("Mikhail Kukhtin arrived in Kyiv on 4 May.", "en", "uk"),
        ("Переговоры закончились без соглашения.", "ru", "en"),
    ] {
        let mut query = Query::new(text, source, target);
        query.min_score = 30;
        let _ = memory.suggest(&query);
    }
    let _ = memory.concordance(
        "held for",
        &LangTag::parse("en"),
        Some(&LangTag::parse("ru")),
        10,
    );
    let _ = memory.concordance("киев*", &LangTag::parse("ru"), None, 10);
    let _ = memory.warm_index(&LangTag::parse("uk"));
    let out = work_dir().join("export.tmx");
    let _ = memory.export_tmx(&out, &WriteOptions::default(), &mut |_| {});
    let _ = std::fs::remove_file(&out);
}
