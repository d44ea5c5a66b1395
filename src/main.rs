//! The `tmkit` command line: a thin layer over the `tmkit` library.
//! Every command lives in `cli/`, one file per command group.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
