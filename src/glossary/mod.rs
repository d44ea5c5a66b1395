//! Glossaries: concept entries with terms per language, TBX v2/v3 and TSV/CSV
//! readers and writers. Being built: see issue 5.
