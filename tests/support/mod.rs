//! Helpers shared by integration tests.
pub mod canon;
pub mod cli;
pub mod store;
