use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = replylint::cli::Cli::parse();
    ExitCode::from(replylint::app::run(cli))
}
