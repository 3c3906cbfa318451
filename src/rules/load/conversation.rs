//! The keys of the rule kinds other than `phrase`: the conversation rules (`position`,
//! `response`, `timing`, `metric`) and `personal-data`.

use super::{Checker, Table};
use crate::normalize::compact;
use crate::personal::DataKind;
use crate::rules::{
    Check, End, MetricCheck, PhraseSet, PositionCheck, ResponseCheck, TimingCheck, TimingKind,
};
use crate::transcript::Role;
use std::ops::Range;
use toml::de::DeValue;

impl Checker {
    /// The kind-specific part of a rule.
    pub(super) fn check(
        &mut self,
        kind: &str,
        t: &Table<'_>,
        span: &Range<usize>,
    ) -> Option<Check> {
        let normalized =
            |list: Vec<String>| -> Vec<String> { list.iter().map(|p| compact(p)).collect() };
        match kind {
            "position" => {
                let end = self.keyword(
                    t,
                    "position",
                    span,
                    None,
                    &[("first", End::First), ("last", End::Last)],
                )?;
                let must_contain = PhraseSet::new(normalized(self.phrase_list(t, "must-contain")));
                let must_contain_regex = self.regexes(t, "must-contain-regex");
                let must_not_start_with = normalized(self.phrase_list(t, "must-not-start-with"));
                if must_contain.is_empty()
                    && must_contain_regex.is_empty()
                    && must_not_start_with.is_empty()
                {
                    self.problem(
                        span.start..span.start,
                        "position rule checks nothing",
                        "add `must-contain` or `must-not-start-with`",
                        None,
                    );
                }
                Some(Check::Position(PositionCheck {
                    end,
                    turns: self.integer(t, "turns", 1, 1..=1000)? as usize,
                    must_contain,
                    must_contain_regex,
                    must_not_start_with,
                }))
            }
            "response" => {
                let trigger_roles = self.role_list(t, "trigger-roles", Role::Customer);
                let trigger = PhraseSet::new(normalized(self.phrase_list(t, "trigger")));
                let trigger_regex = self.regexes(t, "trigger-regex");
                let trigger_except =
                    PhraseSet::new(normalized(self.phrase_list(t, "trigger-except")));
                if trigger.is_empty() && trigger_regex.is_empty() {
                    self.problem(
                        span.start..span.start,
                        "response rule has no trigger",
                        "add `trigger` or `trigger-regex`",
                        None,
                    );
                }
                let must_contain = PhraseSet::new(normalized(self.phrase_list(t, "must-contain")));
                let must_not_contain =
                    PhraseSet::new(normalized(self.phrase_list(t, "must-not-contain")));
                if must_contain.is_empty() && must_not_contain.is_empty() {
                    self.problem(
                        span.start..span.start,
                        "response rule checks nothing",
                        "add `must-contain` or `must-not-contain`",
                        None,
                    );
                }
                Some(Check::Response(ResponseCheck {
                    trigger_roles,
                    trigger,
                    trigger_regex,
                    trigger_except,
                    within_turns: self.integer(t, "within-turns", 1, 1..=1000)? as usize,
                    within_seconds: self.optional_integer(t, "within-seconds", 1..=30 * 86_400)?,
                    after_seconds: self.optional_integer(t, "after-seconds", 0..=30 * 86_400)?,
                    same_turn: self.boolean(t, "same-turn")?,
                    must_contain,
                    must_not_contain,
                }))
            }
            "timing" => {
                let kind = self.keyword(
                    t,
                    "timing",
                    span,
                    None,
                    &[
                        ("first-response", TimingKind::FirstResponse),
                        ("reply", TimingKind::Reply),
                        ("unanswered", TimingKind::Unanswered),
                    ],
                )?;
                Some(Check::Timing(TimingCheck {
                    kind,
                    max_seconds: self.integer(t, "max-seconds", 180, 1..=30 * 86_400)?,
                }))
            }
            "metric" => {
                let count = PhraseSet::new(normalized(self.phrase_list(t, "count")));
                let per = PhraseSet::new(normalized(self.phrase_list(t, "per")));
                if count.is_empty() || per.is_empty() {
                    self.problem(
                        span.start..span.start,
                        "metric rule needs `count` and `per` phrases",
                        "incomplete metric",
                        None,
                    );
                }
                let max_ratio = match t.get("max-ratio") {
                    None => 1.0,
                    Some(v) => match v.get_ref() {
                        DeValue::Float(f) => f
                            .as_str()
                            .parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite() && *x >= 0.0)
                            .or_else(|| {
                                self.problem(
                                    v.span(),
                                    "invalid `max-ratio`",
                                    "a non-negative number",
                                    None,
                                );
                                None
                            })?,
                        DeValue::Integer(i) => i.as_str().parse::<f64>().ok()?,
                        other => {
                            self.type_error(v.span(), "max-ratio", "a number", other);
                            return None;
                        }
                    },
                };
                Some(Check::Metric(MetricCheck {
                    count,
                    per,
                    max_ratio,
                    min_count: self.integer(t, "min-count", 3, 0..=100_000)? as usize,
                }))
            }
            "personal-data" => {
                let kinds: Vec<(&str, DataKind)> =
                    DataKind::ALL.iter().map(|k| (k.name(), *k)).collect();
                Some(Check::PersonalData(
                    self.keyword(t, "data", span, None, &kinds)?,
                ))
            }
            _ => Some(Check::Phrase),
        }
    }
}
