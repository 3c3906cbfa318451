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
//!
//! [rules]
//! packs = ["hotline-taboo", "standard-phrases", "packs/shop.toml"]
//! select = ["taboo.", "standard.greeting"]   # ids or prefixes; default: every rule
//! extend-select = ["standard.closing"]
//! ignore = ["taboo.make-wait"]
//! severity = { "standard.closing" = "error" }
//!
//! [check]
//! format = "github"
//! fail-on = "warning"
//!
//! [[overrides]]              # for the files under these globs (relative to this file)
//! files = ["canned/**"]
//! ignore = ["standard.greeting"]
//! ```
//!
//! `extend = "../base.toml"` at the top inherits a company-wide file: its settings apply
//! first and this file's on top (lists of `ignore`, `extend-select` and `[[overrides]]`
//! add up; everything else is replaced).

use crate::rules::Severity;
use crate::source::SourceFile;
use crate::transcript::{FieldNames, InputFormat, Role};
use encoding_rs::Encoding;
use miette::{Diagnostic, SourceSpan};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name looked for.
pub const FILE_NAME: &str = "replylint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct File {
    extend: Option<Spanned<String>>,
    #[serde(default)]
    input: InputSection,
    #[serde(default)]
    roles: RolesSection,
    #[serde(default)]
    rules: RulesSection,
    #[serde(default)]
    check: CheckSection,
    #[serde(default)]
    overrides: Vec<OverrideSection>,
    #[serde(default)]
    grade: GradeSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct GradeSection {
    pass_mark: Option<Spanned<u32>>,
    #[serde(default)]
    sections: BTreeMap<Spanned<String>, u32>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, ScoringOverride>,
}

/// `[grade.rules."ID"]`: how one rule counts in a grade, over its pack's values.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ScoringOverride {
    pub weight: Option<u32>,
    pub cap: Option<u32>,
    pub fatal: Option<bool>,
    pub bonus: Option<u32>,
    pub section: Option<String>,
}

/// `[grade]`: the pass mark, the scorecard's sections and per-rule scoring.
#[derive(Debug, Default, Clone)]
pub struct GradeConfig {
    pub pass_mark: Option<(u32, Located)>,
    /// Section names and their points, as written.
    pub sections: Vec<(Located, u32)>,
    pub rules: Vec<(Located, ScoringOverride)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RulesSection {
    packs: Option<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct CheckSection {
    format: Option<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct OverrideSection {
    files: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
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
    /// `[rules] packs`: built-in pack names or paths (relative to the file that names them,
    /// already joined), replacing the default built-in packs.
    pub packs: Option<Vec<Located>>,
    /// `[rules]` selection and severities.
    pub selection: Selection,
    pub overrides: Vec<Override>,
    /// `[check] format`, checked against the format names where it is used.
    pub format_name: Option<Located>,
    /// `[check] fail-on`.
    pub fail_on: Option<Located>,
    pub grade: GradeConfig,
}

/// A value as written in a configuration file, with its place for error messages.
#[derive(Debug, Clone)]
pub struct Located {
    pub value: String,
    pub file: SourceFile,
    pub span: std::ops::Range<usize>,
}

impl Located {
    /// An error about this value, pointing at it.
    pub fn error(&self, message: String, help: Option<String>) -> ConfigError {
        ConfigError {
            message,
            file: self.file.clone(),
            span: Some((self.span.start, self.span.len()).into()),
            help,
        }
    }
}

/// Which rules report and how severely, as written in `[rules]` or an `[[overrides]]`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these ids or prefixes, when given.
    pub select: Option<Vec<Located>>,
    pub extend_select: Vec<Located>,
    pub ignore: Vec<Located>,
    pub severity: Vec<(Located, Severity)>,
}

/// Settings for the files under some globs.
#[derive(Debug, Clone)]
pub struct Override {
    /// Globs, relative to `base`.
    pub files: Vec<Located>,
    /// The folder of the file that wrote them.
    pub base: PathBuf,
    pub selection: Selection,
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

impl ConfigError {
    /// An error about the configuration as a whole.
    pub fn plain(message: String) -> ConfigError {
        ConfigError {
            message,
            file: SourceFile::new(FILE_NAME, ""),
            span: None,
            help: None,
        }
    }
}

/// The nearest `replylint.toml` in `start` or a folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Parse a configuration file's text; `origin` names it in messages, and the files it
/// `extend`s are read relative to it.
pub fn parse(origin: &Path, text: &str) -> Result<Config, Box<ConfigError>> {
    parse_chain(origin, text, &mut Vec::new())
}

/// Parse `origin` (whose text is `text`) and what it extends; `chain` holds the files that
/// extend it, to report a cycle.
fn parse_chain(
    origin: &Path,
    text: &str,
    chain: &mut Vec<PathBuf>,
) -> Result<Config, Box<ConfigError>> {
    let source = SourceFile::new(origin.display().to_string(), text);
    let located = |s: &Spanned<String>| Located {
        value: s.get_ref().clone(),
        file: source.clone(),
        span: s.span(),
    };
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
    let base = origin.parent().map(Path::to_path_buf).unwrap_or_default();
    let selection =
        |select: &Option<Vec<Spanned<String>>>,
         extend_select: &[Spanned<String>],
         ignore: &[Spanned<String>],
         severity: &BTreeMap<Spanned<String>, Severity>| Selection {
            select: select.as_ref().map(|v| v.iter().map(located).collect()),
            extend_select: extend_select.iter().map(located).collect(),
            ignore: ignore.iter().map(located).collect(),
            severity: severity.iter().map(|(k, v)| (located(k), *v)).collect(),
        };
    let packs = file.rules.packs.as_ref().map(|packs| {
        packs
            .iter()
            .map(|p| {
                let mut l = located(p);
                // A path is relative to the file that names it; a built-in name stays.
                if crate::rules::BUILTIN_PACKS
                    .iter()
                    .all(|(name, _)| *name != l.value)
                {
                    l.value = base.join(&l.value).display().to_string();
                }
                l
            })
            .collect()
    });
    let rules = &file.rules;
    let mut config = Config {
        packs,
        selection: selection(
            &rules.select,
            &rules.extend_select,
            &rules.ignore,
            &rules.severity,
        ),
        overrides: file
            .overrides
            .iter()
            .map(|o| Override {
                files: o.files.iter().map(located).collect(),
                base: base.clone(),
                selection: selection(&o.select, &o.extend_select, &o.ignore, &o.severity),
            })
            .collect(),
        format_name: file.check.format.as_ref().map(located),
        fail_on: file.check.fail_on.as_ref().map(located),
        grade: GradeConfig {
            pass_mark: file.grade.pass_mark.as_ref().map(|p| {
                let at = Located {
                    value: p.get_ref().to_string(),
                    file: source.clone(),
                    span: p.span(),
                };
                (*p.get_ref(), at)
            }),
            sections: file
                .grade
                .sections
                .iter()
                .map(|(k, v)| (located(k), *v))
                .collect(),
            rules: file
                .grade
                .rules
                .iter()
                .map(|(k, v)| (located(k), v.clone()))
                .collect(),
        },
        path: Some(origin.to_owned()),
        glob_spans,
        source: Some(source.clone()),
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
    };
    if let Some(extend) = &file.extend {
        let parent = base.join(extend.get_ref());
        let here = origin.canonicalize().unwrap_or_else(|_| origin.to_owned());
        chain.push(here);
        let key = parent.canonicalize().unwrap_or_else(|_| parent.clone());
        if chain.contains(&key) {
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| p.display().to_string())
                .collect();
            return Err(Box::new(located(extend).error(
                format!("`extend` makes a cycle: {}", names.join(" → ")),
                Some("remove one of the `extend` lines of this chain".into()),
            )));
        }
        let text = std::fs::read_to_string(&parent).map_err(|err| {
            Box::new(located(extend).error(
                format!("cannot read {}: {err}", parent.display()),
                Some("`extend` is a path relative to this file".into()),
            ))
        })?;
        let inherited = parse_chain(&parent, &text, chain)?;
        config = inherited.overlaid_by(config);
    }
    Ok(config)
}

impl Config {
    /// `self` (an extended file) with `child`'s settings on top.
    fn overlaid_by(self, child: Config) -> Config {
        let mut overrides = self.overrides;
        overrides.extend(child.overrides);
        let (base, mine) = (self.selection, child.selection);
        let mut extend_select = base.extend_select;
        extend_select.extend(mine.extend_select);
        let mut ignore = base.ignore;
        ignore.extend(mine.ignore);
        let mut severity = base.severity;
        severity.extend(mine.severity);
        // Patterns are tried before the inherited ones, as the command line's before both.
        let mut roles = child.roles;
        roles.extend(self.roles);
        Config {
            path: child.path,
            format: child.format.or(self.format),
            encoding: child.encoding.or(self.encoding),
            globs: if child.globs.is_empty() {
                self.globs
            } else {
                child.globs
            },
            glob_spans: if child.glob_spans.is_empty() {
                self.glob_spans
            } else {
                child.glob_spans
            },
            source: child.source,
            sheet: child.sheet.or(self.sheet),
            fields: child.fields.or(self.fields),
            roles,
            packs: child.packs.or(self.packs),
            selection: Selection {
                select: mine.select.or(base.select),
                extend_select,
                ignore,
                severity,
            },
            overrides,
            format_name: child.format_name.or(self.format_name),
            fail_on: child.fail_on.or(self.fail_on),
            grade: GradeConfig {
                pass_mark: child.grade.pass_mark.or(self.grade.pass_mark),
                sections: if child.grade.sections.is_empty() {
                    self.grade.sections
                } else {
                    child.grade.sections
                },
                // The inherited file's rules first: a later entry for the same rule wins.
                rules: self
                    .grade
                    .rules
                    .into_iter()
                    .chain(child.grade.rules)
                    .collect(),
            },
        }
    }
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
