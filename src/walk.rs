//! Which inputs a run checks: explicit files, files found under folders, or stdin.

use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

/// One input to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in reports: the path as given or found, `-` for stdin.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Extensions picked up when walking a folder. Files named explicitly are always checked.
pub const TRANSCRIPT_EXTENSIONS: &[&str] = &["txt", "log", "text"];

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expand `paths` into inputs, sorted within each folder so that output order is stable.
/// No paths means stdin.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk_dir(path, &mut inputs, &mut errors);
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push(WalkError {
                path: path.display().to_string(),
                message: "no such file or folder".into(),
            });
        }
    }
    (inputs, errors)
}

fn walk_dir(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let mut found = Vec::new();
    for entry in WalkBuilder::new(dir).sort_by_file_path(Ord::cmp).build() {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let wanted = entry.file_type().is_some_and(|t| t.is_file())
                    && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        TRANSCRIPT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                    });
                if wanted {
                    found.push(Input::File(path.to_path_buf()));
                }
            }
            Err(err) => errors.push(WalkError {
                path: dir.display().to_string(),
                message: err.to_string(),
            }),
        }
    }
    inputs.extend(found);
}
