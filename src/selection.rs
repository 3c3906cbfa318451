//! Which rules report, and how severely: `[rules]` and `[[overrides]]` of `replylint.toml`
//! resolved against the rules in force.
//!
//! A pattern is a rule id (`standard.greeting`) or a prefix ending at a dot (`taboo.` or
//! `taboo`); `ALL` is every rule. For a finding, `[rules]` decides first and every
//! override whose globs match the finding's path after it, in file order: `select`
//! replaces the rules that report, `extend-select` adds to them, `ignore` removes from
//! them, and `severity` changes a rule's severity (a longer pattern before a shorter one
//! of the same table).

use crate::config::{Config, ConfigError, Located, Selection as Written};
use crate::finding::Finding;
use crate::rules::Severity;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// The resolved selection of a run.
#[derive(Debug, Default)]
pub struct Selection {
    global: Filter,
    overrides: Vec<(GlobSet, PathBuf, Filter)>,
}

#[derive(Debug, Default)]
struct Filter {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    /// Longest pattern last, so that it is applied last and wins.
    severity: Vec<(String, Severity)>,
}

impl Selection {
    /// Check every pattern of `config` against the rule ids in force (a pattern that names
    /// no rule is an error with a did-you-mean) and compile the overrides' globs.
    pub fn resolve(config: &Config, ids: &[&str]) -> Result<Selection, Box<ConfigError>> {
        let global = filter(&config.selection, ids)?;
        let mut overrides = Vec::new();
        for o in &config.overrides {
            let mut set = GlobSetBuilder::new();
            for glob in &o.files {
                let compiled = GlobBuilder::new(&glob.value)
                    .literal_separator(true)
                    .build()
                    .map_err(|err| {
                        Box::new(glob.error(
                            format!("invalid glob: {err}"),
                            Some("globs are relative to this file: `canned/**`, `**/*.csv`".into()),
                        ))
                    })?;
                set.add(compiled);
            }
            let set = set
                .build()
                .map_err(|err| Box::new(ConfigError::plain(format!("invalid globs: {err}"))))?;
            overrides.push((set, o.base.clone(), filter(&o.selection, ids)?));
        }
        Ok(Selection { global, overrides })
    }

    /// Whether `id` reports anywhere by `[rules]` (overrides aside), for `replylint rules`.
    pub fn enabled(&self, id: &str) -> bool {
        self.global.enabled(true, id)
    }

    /// The severity `[rules]` gives `id` (overrides aside), if it changes it.
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.global.severity(id)
    }

    /// Drop the findings of rules that do not report at their path and give the others
    /// their configured severity.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        if self.global.is_empty() && self.overrides.is_empty() {
            return;
        }
        findings.retain_mut(|f| {
            let mut on = self.global.enabled(true, &f.rule);
            let mut severity = self.global.severity(&f.rule);
            for (globs, base, filter) in &self.overrides {
                if matches(globs, base, &f.path) {
                    on = filter.enabled(on, &f.rule);
                    severity = filter.severity(&f.rule).or(severity);
                }
            }
            if let Some(s) = severity {
                f.severity = s;
            }
            on
        });
    }
}

/// Whether a finding's `path` (as given or walked, relative to the working folder) is
/// under `globs`, which are relative to `base`.
fn matches(globs: &GlobSet, base: &Path, path: &str) -> bool {
    let path = Path::new(path.strip_prefix("./").unwrap_or(path));
    if globs.is_match(path) {
        return true;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = cwd.join(path);
    let base = if base.is_absolute() {
        base.to_path_buf()
    } else {
        cwd.join(base)
    };
    absolute
        .strip_prefix(&base)
        .is_ok_and(|relative| globs.is_match(relative))
}

impl Filter {
    fn is_empty(&self) -> bool {
        self.select.is_none()
            && self.extend_select.is_empty()
            && self.ignore.is_empty()
            && self.severity.is_empty()
    }

    /// Whether `id` reports after this filter, `before` being the decision so far.
    fn enabled(&self, before: bool, id: &str) -> bool {
        let mut on = match &self.select {
            Some(select) => select.iter().any(|p| covers(p, id)),
            None => before,
        };
        if self.extend_select.iter().any(|p| covers(p, id)) {
            on = true;
        }
        on && !self.ignore.iter().any(|p| covers(p, id))
    }

    fn severity(&self, id: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(p, _)| covers(p, id))
            .map(|(_, s)| *s)
            .next_back()
    }
}

/// Whether pattern `pattern` names rule `id`.
/// Whether `pattern` (an id, a prefix ending at a dot, or `ALL`) covers rule `id`.
pub fn covers(pattern: &str, id: &str) -> bool {
    if pattern == "ALL" || pattern == id {
        return true;
    }
    let prefix = pattern.strip_suffix('.').unwrap_or(pattern);
    id.strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with('.'))
}

fn filter(written: &Written, ids: &[&str]) -> Result<Filter, Box<ConfigError>> {
    let check = |list: &[Located]| -> Result<Vec<String>, Box<ConfigError>> {
        list.iter()
            .map(|p| known(p, ids).map(|()| p.value.clone()))
            .collect()
    };
    let mut severity = Vec::new();
    for (p, s) in &written.severity {
        known(p, ids)?;
        severity.push((p.value.clone(), *s));
    }
    severity.sort_by_key(|(p, _)| p.len());
    Ok(Filter {
        select: written.select.as_deref().map(check).transpose()?,
        extend_select: check(&written.extend_select)?,
        ignore: check(&written.ignore)?,
        severity,
    })
}

/// The candidate closest to a misspelt `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.8)
        .map(|(_, c)| c)
}

/// A pattern must name at least one rule: a misspelt id would otherwise silently select
/// nothing (or ignore nothing).
fn known(pattern: &Located, ids: &[&str]) -> Result<(), Box<ConfigError>> {
    if ids.iter().any(|id| covers(&pattern.value, id)) {
        return Ok(());
    }
    let help = match did_you_mean(&pattern.value, ids.iter().copied()) {
        Some(id) => format!("did you mean `{id}`? `replylint rules` lists the rule ids"),
        None => {
            "use a rule id or a prefix such as `taboo.`; `replylint rules` lists the ids".into()
        }
    };
    Err(Box::new(pattern.error(
        format!("`{}` names no rule", pattern.value),
        Some(help),
    )))
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn patterns_are_ids_or_prefixes_at_a_dot() {
        assert!(covers("taboo.", "taboo.insult"));
        assert!(covers("taboo", "taboo.insult"));
        assert!(covers("taboo.insult", "taboo.insult"));
        assert!(covers("ALL", "standard.closing"));
        assert!(!covers("taboo.in", "taboo.insult"));
        assert!(!covers("tab", "taboo.insult"));
        assert!(!covers("standard.closing", "standard.closing-extra"));
    }
}
