//! Workflows: jobs that combine engines and formats (one file per workflow).

pub mod align;
