//! Checks of translations against glossaries and for name consistency
//! (document, glossary and bilingual modes). Being built: see issue 5.
