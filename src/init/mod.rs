//! `replylint init`: write a commented starter `replylint.toml`, never over an existing one.

use crate::app::{Ui, exit};
use crate::cli::InitArgs;
use crate::problem::Problem;
use crate::staged::Staged;
use std::io::{self, Write};

/// Every key of the configuration, commented out, with what it does.
pub const STARTER: &str = include_str!("replylint.toml");

pub(crate) fn run(args: &InitArgs, ui: &Ui) -> u8 {
    let target = args.folder.join("replylint.toml");
    let shown = target.display().to_string();
    let written = Staged::create(&target).and_then(|mut file| {
        file.write_all(STARTER.as_bytes())?;
        file.commit_new()
    });
    match written {
        Ok(()) => {
            if !ui.quiet {
                let _ = writeln!(
                    io::stderr(),
                    "wrote {shown}: remove the `#` in front of a setting to use it, then run `replylint rules` and `replylint check`"
                );
            }
            exit::CLEAN
        }
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            ui.problem(&Problem::error(
                &shown,
                "a replylint.toml is already here; it was left as it is",
                Some("edit it, or move it away and run `replylint init` again"),
            ));
            exit::ERROR
        }
        Err(err) => {
            ui.problem(&Problem::error(
                &shown,
                format!("cannot write the configuration: {err}"),
                Some("check that the folder exists and can be written to"),
            ));
            exit::ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::STARTER;
    use std::path::Path;

    #[test]
    fn the_starter_parses_as_it_is_and_with_every_setting_uncommented() {
        let origin = Path::new("replylint.toml");
        assert!(crate::config::parse(origin, STARTER).is_ok());
        // Uncomment every `# key = value` and `# [table]` line: every documented key is
        // one the configuration takes.
        let uncommented: String = STARTER
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[')
                        || rest.split_once(" = ").is_some_and(|(key, _)| {
                            key.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                        }) =>
                {
                    rest
                }
                _ => line,
            })
            .map(|line| format!("{line}\n"))
            .collect();
        assert!(uncommented.contains("\nfiles = [\"canned/**\"]"));
        // The file it extends does not exist here: that line is checked by the tests of
        // `extend`, the rest here.
        let extend = "extend = \"../replylint-base.toml\"\n";
        assert!(uncommented.contains(extend));
        let config = crate::config::parse(origin, &uncommented.replace(extend, ""));
        match config {
            Ok(config) => {
                assert_eq!(config.overrides.len(), 1);
                assert!(config.packs.is_some() && config.format_name.is_some());
            }
            Err(err) => panic!("{}\n{uncommented}", err.message),
        }
    }
}
