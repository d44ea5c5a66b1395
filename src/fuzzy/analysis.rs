//! Leverage analysis (being written).
