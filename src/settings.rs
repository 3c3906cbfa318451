//! The command line and `replylint.toml` resolved into the settings a run uses: the only
//! place where the two meet, so `check` and `inspect` read inputs the same way.

use crate::cli::{EncodingChoice, InputArgs};
use crate::config::{self, Config};
use crate::input::{BATCH_BYTES, InputFormat, ReadOptions};
use crate::problem::Problem;
use crate::source::Input;
use crate::transcript::{Fields, PatternOrigin, Role, RoleMap, RolePattern};
use crate::walk::{self, WalkError, WalkOptions};
use miette::Diagnostic;
use std::path::{Path, PathBuf};

/// How inputs are found, decoded, parsed and given roles.
pub struct Settings {
    pub read: ReadOptions,
    pub roles: RoleMap,
    pub walk: WalkOptions,
    pub paths: Vec<PathBuf>,
    /// The configuration file in force, if any.
    pub config_path: Option<PathBuf>,
    /// The configuration, for what is resolved against the rules in force (rule
    /// selection, packs) and the output options.
    pub config: Config,
    /// Mask personal data in every output (`--redact`).
    pub redact: bool,
}

impl Settings {
    /// Resolve the command line against the configuration it names or finds.
    pub fn resolve(args: &InputArgs) -> Result<Settings, Box<dyn Diagnostic + Send + Sync>> {
        let config = load_config(args.config.as_deref(), args.no_config)?;
        // Command-line patterns first, then the configuration's.
        let mut patterns: Vec<RolePattern> =
            [(&args.agent, Role::Agent), (&args.customer, Role::Customer)]
                .into_iter()
                .filter_map(|(re, role)| {
                    Some(RolePattern {
                        regex: re.clone()?,
                        role,
                        origin: PatternOrigin::CommandLine,
                    })
                })
                .collect();
        patterns.extend(config.roles.iter().map(|(regex, role)| RolePattern {
            regex: regex.clone(),
            role: *role,
            origin: PatternOrigin::Config,
        }));
        let read = ReadOptions {
            format: args
                .input_format
                .or(config.format)
                .unwrap_or(InputFormat::Auto),
            encoding: match args.encoding {
                Some(EncodingChoice::Auto) => None,
                Some(EncodingChoice::Named(e)) => Some(e),
                None => config.encoding,
            },
            fields: Fields::new(&config.fields),
            sheet: args.sheet.clone().or_else(|| config.sheet.clone()),
            batch_bytes: args.part_size.unwrap_or(BATCH_BYTES),
            stop: Default::default(),
        };
        if args.globs.is_empty()
            && let Some((index, err)) = config.globs.iter().enumerate().find_map(|(i, g)| {
                walk::invalid_glob(std::slice::from_ref(g)).map(|(_, err)| (i, err))
            })
        {
            return Err(Box::new(config.glob_error(index, err)));
        }
        let walk = WalkOptions {
            // Globs on the command line replace the configuration's.
            globs: if args.globs.is_empty() {
                config.globs.clone()
            } else {
                args.globs.clone()
            },
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            current_folder: std::io::IsTerminal::is_terminal(&std::io::stdin()),
            skip_names: vec![config::FILE_NAME],
        };
        if let Some((glob, err)) = walk::invalid_glob(&walk.globs) {
            return Err(Box::new(Problem::error(
                format!("--glob {glob}"),
                err,
                Some(
                    "globs use .gitignore syntax: `*.jsonl`, `chats/**`, `!archive/**` to exclude",
                ),
            )));
        }
        Ok(Settings {
            read,
            roles: RoleMap { patterns },
            walk,
            paths: args.paths.clone(),
            config_path: config.path.clone(),
            config,
            redact: args.redact,
        })
    }

    /// The inputs the paths name, in output order, and the paths that could not be walked.
    pub fn inputs(&self) -> (Vec<Input>, Vec<WalkError>) {
        walk::collect(&self.paths, &self.walk)
    }
}

/// The configuration in force: `--config`, else the nearest `replylint.toml`, unless
/// `--no-config`.
/// The configuration named by `--config`, else the nearest `replylint.toml`, else none
/// (also with `--no-config`).
pub fn load_config(
    named: Option<&Path>,
    no_config: bool,
) -> Result<Config, Box<dyn Diagnostic + Send + Sync>> {
    let path = match (named, no_config) {
        (_, true) => return Ok(Config::default()),
        (Some(p), false) => p.to_path_buf(),
        (None, false) => {
            let here = std::env::current_dir().unwrap_or_default();
            match config::discover(&here) {
                Some(p) => p,
                None => return Ok(Config::default()),
            }
        }
    };
    let text =
        std::fs::read_to_string(&path).map_err(|err| -> Box<dyn Diagnostic + Send + Sync> {
            Box::new(Problem::error(
                path.display().to_string(),
                format!("cannot read configuration: {err}"),
                Some("check the path given to --config, or pass --no-config"),
            ))
        })?;
    config::parse(&path, &text).map_err(|e| -> Box<dyn Diagnostic + Send + Sync> { e })
}

/// The message shown for a path that could not be walked.
pub fn walk_problem(err: &WalkError) -> Problem {
    Problem::error(
        &err.path,
        &err.message,
        Some("check the path; folders are walked for transcripts (*.txt, *.json, *.jsonl, *.csv…)"),
    )
}
