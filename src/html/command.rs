//! `replylint report PATH... -o report.html`.

use super::HtmlEmitter;
use crate::app::{Ui, exit};
use crate::cli::ReportArgs;
use crate::grade::command::{Graded, run_with};
use crate::report::Format;
use std::io::Write;

pub(crate) fn run(args: &ReportArgs, ui: &Ui) -> u8 {
    let graded = Graded {
        input: &args.input,
        rules: &args.rules,
        pass_mark: args.pass_mark,
        threads: args.threads,
        output: args.output.as_deref(),
        what: "the report",
    };
    match run_with(&graded, ui, Format::Pretty, |card| {
        HtmlEmitter::new(card, args.lang)
    }) {
        Err(code) => code,
        Ok(_) => {
            if let Some(path) = &args.output
                && !ui.quiet
            {
                let _ = writeln!(
                    std::io::stderr(),
                    "replylint: wrote the report to {}; open it in a browser",
                    path.display()
                );
            }
            exit::CLEAN
        }
    }
}
