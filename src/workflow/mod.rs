//! Workflows: where engines meet a store and a file format (`../shared/DESIGN.md`
//! §2b). A workflow composes segmentation, matching, names and glossaries with
//! a memory and a document, and returns data; it never prints, and it never
//! writes SQL (that stays in [`crate::memory`]). The CLI and, later, the server
//! call these functions and only render what they return.

pub mod align;
pub mod analyze;
pub mod memory_check;
pub mod memory_fix;
pub mod merge;
pub mod pretranslate;
pub mod publication;
pub mod report;
