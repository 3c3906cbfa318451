//! The typed values of a pack's tables: each read with its span, or reported with what was
//! expected there.

use super::{Checker, Table};
use crate::normalize::compact;
use crate::transcript::Role;
use std::ops::Range;
use toml::Spanned;
use toml::de::DeValue;

impl Checker {
    /// An integer key that may be absent; `Some(None)` when it is.
    pub(super) fn optional_integer(
        &mut self,
        t: &Table<'_>,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<Option<i64>> {
        match t.get(key) {
            None => Some(None),
            Some(_) => self.integer(t, key, 0, range).map(Some),
        }
    }

    /// A boolean key, `false` when absent.
    pub(super) fn boolean(&mut self, t: &Table<'_>, key: &str) -> Option<bool> {
        match t.get(key) {
            None => Some(false),
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => Some(*b),
                other => {
                    self.type_error(v.span(), key, "true or false", other);
                    None
                }
            },
        }
    }

    /// An optional integer key within `range`.
    pub(super) fn integer(
        &mut self,
        t: &Table<'_>,
        key: &str,
        default: i64,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let Some(v) = t.get(key) else {
            return Some(default);
        };
        match v.get_ref() {
            DeValue::Integer(i) => match i.as_str().replace('_', "").parse::<i64>() {
                Ok(n) if range.contains(&n) => Some(n),
                _ => {
                    self.problem(
                        v.span(),
                        format!("`{key}` out of range"),
                        format!("must be {}–{}", range.start(), range.end()),
                        None,
                    );
                    None
                }
            },
            other => {
                self.type_error(v.span(), key, "an integer", other);
                None
            }
        }
    }

    /// A string key that must be one of `options`; `default` when absent, or an error when
    /// there is no default.
    pub(super) fn keyword<T: Copy>(
        &mut self,
        t: &Table<'_>,
        key: &str,
        table_span: &Range<usize>,
        default: Option<T>,
        options: &[(&str, T)],
    ) -> Option<T> {
        let Some(v) = t.get(key) else {
            return match default {
                Some(d) => Some(d),
                None => self.required_str(t, key, table_span).and(None),
            };
        };
        let word = self.str_value(v, key)?;
        let found = options
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, value)| *value);
        if found.is_none() {
            let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
            self.problem(
                v.span(),
                format!("invalid {key} `{word}`"),
                format!("unknown {key}"),
                Some(format!("use one of: {}", names.join(", "))),
            );
        }
        found
    }

    /// A list of roles, `[default]` when absent; an empty list is an error.
    pub(super) fn role_list(&mut self, t: &Table<'_>, key: &str, default: Role) -> Vec<Role> {
        let Some(v) = t.get(key) else {
            return vec![default];
        };
        let before = self.problems.len();
        let mut roles = Vec::new();
        for (s, span) in self.str_array(v, key) {
            match Role::parse(&s) {
                Some(r) => roles.push(r),
                None => self.problem(
                    span,
                    format!("unknown role `{s}`"),
                    "unknown role",
                    Some("roles are: agent, customer, system, unknown".into()),
                ),
            }
        }
        if roles.is_empty() && self.problems.len() == before {
            self.problem(
                v.span(),
                format!("empty `{key}`"),
                "no role",
                Some(format!("omit `{key}` to mean [\"{default}\"]")),
            );
        }
        roles
    }

    /// A list of literal phrases; each must keep at least one character after normalisation.
    pub(super) fn phrase_list(&mut self, t: &Table<'_>, key: &str) -> Vec<String> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (phrase, span) in self.str_array(v, key) {
            if compact(&phrase).is_empty() {
                self.problem(
                    span,
                    format!("empty phrase in `{key}`"),
                    "nothing left to match",
                    Some("phrases ignore whitespace and punctuation, so they need at least one other character".into()),
                );
            } else {
                out.push(phrase);
            }
        }
        out
    }

    pub(super) fn type_error(
        &mut self,
        span: Range<usize>,
        key: &str,
        expected: &str,
        found: &DeValue<'_>,
    ) {
        self.problem(
            span,
            format!("`{key}` must be {expected}, found {}", found.type_str()),
            format!("expected {expected}"),
            None,
        );
    }

    pub(super) fn str_value(&mut self, v: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.type_error(v.span(), key, "a string", other);
                None
            }
        }
    }

    pub(super) fn optional_str(&mut self, t: &Table<'_>, key: &str) -> Option<String> {
        t.get(key).and_then(|v| self.str_value(v, key))
    }

    pub(super) fn required_str(
        &mut self,
        t: &Table<'_>,
        key: &str,
        table_span: &Range<usize>,
    ) -> Option<String> {
        match t.get(key) {
            Some(v) => self.str_value(v, key),
            None => {
                self.problem(
                    table_span.start..table_span.start,
                    format!("missing required key `{key}`"),
                    format!("`{key}` is missing in this table"),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn str_array(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        key: &str,
    ) -> Vec<(String, Range<usize>)> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.str_value(item, key).map(|s| (s, item.span())))
                .collect(),
            other => {
                self.type_error(v.span(), key, "an array of strings", other);
                Vec::new()
            }
        }
    }
}
