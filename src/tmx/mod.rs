//! TMX 1.1–1.4b: a streaming reader producing [`crate::unit::TranslationUnit`]s
//! and a writer. Being built: see issue 2.
