//! Sentence segmentation: SRX 2.0 model and engine, built-in rules per
//! language, exact offsets. Being built: see issue 3.
