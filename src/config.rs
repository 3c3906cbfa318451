//! `replylint.toml`: how a team's exports are read.
//!
//! Found in the working folder or the nearest folder above it, or given with `--config`.
//!
//! ```toml
//! [input]
//! format = "auto"            # or text, qianniu, json, jsonl, csv, tsv, canned
//! encoding = "gbk"           # skip detection
//! glob = ["*.jsonl", "!archive/**"]
//! sheet = "聊天记录"           # the sheet of spreadsheets to read
//!
//! [input.fields]             # field or column names, tried before the built-in ones
//! conversation = ["工单编号"]
//! text = ["留言"]
//!
//! [roles]                    # speaker (or role value) patterns, tried before the built-in ones
//! agent = ["^小蜜", "官方旗舰店"]
//! customer = ["^tb_"]
//! ```

use crate::source::SourceFile;
use crate::transcript::{FieldNames, InputFormat, Role};
use encoding_rs::Encoding;
use miette::{Diagnostic, SourceSpan};
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name looked for.
pub const FILE_NAME: &str = "replylint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct File {
    #[serde(default)]
    input: InputSection,
    #[serde(default)]
    roles: RolesSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct InputSection {
    format: Option<InputFormat>,
    encoding: Option<Spanned<String>>,
    #[serde(default)]
    glob: Vec<Spanned<String>>,
    sheet: Option<String>,
    #[serde(default)]
    fields: FieldNames,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RolesSection {
    #[serde(default)]
    agent: Vec<Spanned<String>>,
    #[serde(default)]
    customer: Vec<Spanned<String>>,
    #[serde(default)]
    system: Vec<Spanned<String>>,
}

/// A loaded configuration; the default when there is no file.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    pub format: Option<InputFormat>,
    pub encoding: Option<&'static Encoding>,
    pub globs: Vec<String>,
    /// Where each of `globs` is written, for [`Config::glob_error`].
    glob_spans: Vec<std::ops::Range<usize>>,
    /// The file's text, for errors found after parsing.
    source: Option<SourceFile>,
    /// The sheet of spreadsheets to read.
    pub sheet: Option<String>,
    pub fields: FieldNames,
    pub roles: Vec<(Regex, Role)>,
}

impl Config {
    /// The error for `globs[index]`, which does not parse: glob syntax is the walker's
    /// business, so it is checked where the walk options are resolved.
    pub fn glob_error(&self, index: usize, message: String) -> ConfigError {
        ConfigError {
            message,
            file: self
                .source
                .clone()
                .unwrap_or_else(|| SourceFile::new(FILE_NAME, "")),
            span: self
                .glob_spans
                .get(index)
                .map(|s| (s.start, s.len()).into()),
            help: Some(
                "globs use .gitignore syntax: `*.jsonl`, `chats/**`, `!archive/**` to exclude"
                    .into(),
            ),
        }
    }
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(replylint::config::invalid))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub file: SourceFile,
    #[label("here")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

/// The nearest `replylint.toml` in `start` or a folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Parse a configuration file's text; `origin` names it in messages.
pub fn parse(origin: &Path, text: &str) -> Result<Config, Box<ConfigError>> {
    let source = SourceFile::new(origin.display().to_string(), text);
    let error =
        |message: String, span: Option<std::ops::Range<usize>>, help: Option<&str>| ConfigError {
            message,
            file: source.clone(),
            span: span.map(|s| (s.start, s.len()).into()),
            help: help.map(str::to_owned),
        };
    let file: File = toml::from_str(text).map_err(|e| {
        error(
            e.message().trim().to_owned(),
            e.span(),
            Some("see the README's \"Configuration\" section for the keys replylint.toml takes"),
        )
    })?;
    let encoding = match &file.input.encoding {
        None => None,
        Some(label) if label.get_ref().eq_ignore_ascii_case("auto") => None,
        Some(label) => Some(
            Encoding::for_label(label.get_ref().as_bytes()).ok_or_else(|| {
                error(
                    format!("unknown encoding `{}`", label.get_ref()),
                    Some(label.span()),
                    Some("use utf-8, utf-16le, utf-16be, gbk, gb18030, big5 or auto"),
                )
            })?,
        ),
    };
    let mut roles = Vec::new();
    for (patterns, role) in [
        (&file.roles.agent, Role::Agent),
        (&file.roles.customer, Role::Customer),
        (&file.roles.system, Role::System),
    ] {
        for p in patterns {
            let re = Regex::new(p.get_ref()).map_err(|e| {
                error(
                    format!("invalid {role} pattern: {e}"),
                    Some(p.span()),
                    Some("patterns are regular expressions (Rust regex syntax)"),
                )
            })?;
            roles.push((re, role));
        }
    }
    let glob_spans = file.input.glob.iter().map(Spanned::span).collect();
    Ok(Config {
        path: Some(origin.to_owned()),
        glob_spans,
        source: Some(source),
        format: file.input.format,
        encoding,
        globs: file
            .input
            .glob
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        sheet: file.input.sheet,
        fields: file.input.fields,
        roles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_errors() {
        let c = parse(
            Path::new("replylint.toml"),
            "[input]\nformat = \"jsonl\"\nencoding = \"gbk\"\n[input.fields]\ntext = [\"留言\"]\n[roles]\nagent = [\"^小蜜\"]\n",
        )
        .unwrap();
        assert_eq!(c.format, Some(InputFormat::Jsonl));
        assert_eq!(c.encoding.map(|e| e.name()), Some("GBK"));
        assert_eq!(c.fields.text, ["留言"]);
        assert_eq!(c.roles.len(), 1);

        let bad = parse(Path::new("r.toml"), "[roles]\nagent = [\"(\"]\n").unwrap_err();
        assert!(bad.message.starts_with("invalid agent pattern"));
        assert_eq!(bad.span.map(|s| s.offset()), Some(17));
        let unknown = parse(Path::new("r.toml"), "[input]\nfromat = \"csv\"\n").unwrap_err();
        assert!(
            unknown.message.contains("unknown field `fromat`"),
            "{}",
            unknown.message
        );
        assert!(parse(Path::new("r.toml"), "[input]\nencoding = \"klingon\"\n").is_err());
    }
}
