//! The `tmkit` command line and `tmkit serve`: thin front ends over the
//! `tmkit` library.
//! Every command lives in `cli/`, one file per command group.

mod cli;
mod server;

mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::SplitAllocator = allocator::SplitAllocator;

fn main() -> std::process::ExitCode {
    cli::main()
}
