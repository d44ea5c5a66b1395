//! Cyrillic → Latin transliteration schemes as data tables with context rules.
//! Being built: see issue 5.
