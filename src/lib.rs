//! # tmkit — a multilingual translation-memory toolkit
//!
//! tmkit segments source text into sentences (SRX 2.0), keeps translation
//! memories in SQLite, suggests fuzzy matches from them, reads and writes TMX
//! and TBX losslessly, and checks translations against glossaries — above all
//! names transliterated from Cyrillic, where it recognises "Mykhaylo Khuktin" as
//! a variant of "Mikhail Kukhtin".
//!
//! The library never prints and never exits; the `tmkit` binary (module `cli`)
//! is a thin layer that renders results as text, JSON or diagnostics.
//! `ARCHITECTURE.md` at the repository root maps the modules.
//!
//! ```
//! use tmkit::memory::Memory;
//! use tmkit::unit::TranslationUnit;
//!
//! let mut memory = Memory::open_in_memory().unwrap();
//! memory.add(&TranslationUnit::pair("en", "Good morning.", "ru", "Доброе утро.")).unwrap();
//! let hits = memory.lookup_exact("good  morning.", "en", "ru").unwrap();
//! assert_eq!(hits[0].target.text(), "Доброе утро.");
//! ```

pub mod align;
pub mod check;
pub mod document;
pub mod fsutil;
pub mod fuzzy;
pub mod glossary;
pub mod lang;
pub mod memory;
pub mod names;
pub mod numbers;
pub mod segment;
pub mod text;
pub mod tmx;
pub mod translit;
pub mod tsv;
pub mod unit;
pub mod workflow;
pub mod xliff;
pub mod xml;
