//! Fuzzy matching: tokenisation, scores, edit scripts, the lossless candidate
//! filter and placeable substitution. Being built: see issue 4.
