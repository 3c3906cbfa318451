use clap::Parser;
use std::process::ExitCode;

/// A checking run allocates a few small strings per message (speaker, text, findings);
/// mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = replylint::cli::Cli::parse();
    ExitCode::from(replylint::app::run(cli))
}
