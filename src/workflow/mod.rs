//! Workflows: jobs that combine engines over many inputs (ARCHITECTURE.md §workflows).

pub mod publication;
