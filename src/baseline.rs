//! Baselines and QA verdicts: a file of accepted findings (`--write-baseline FILE`) that
//! later runs hide (`--baseline FILE`), so that a team adopts replylint on a backlog and
//! fails only on what is new. The same entries carry QA verdicts (复核/申诉):
//! `verdict = accepted | false-positive | disputed`, `reviewer`, `reason`, `date`.
//!
//! The file is JSON Lines, one entry per finding, sorted, so that it diffs and merges
//! well. A finding is known by where it is and what it says, not by its line number: the
//! conversation id (or the path, when the id is made from it), the rule, the message it
//! is in normalised (the matched text, for a finding outside any message), and how many
//! findings of that conversation before it had those three.
//! Adding lines above a finding, or exporting the same chats again, keeps it known.
//!
//! Personal data is never part of that identity as written: place and message are taken
//! with their data masked (as `--redact` shows them), and a short digest of the data stands
//! for it. So a baseline written with `--redact` and one written without match the same
//! findings, and a different number at the same place is a new finding, not a known one.

use crate::finding::Finding;
use crate::normalize::compact;
use crate::personal;
use crate::staged::Staged;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

/// A QA reviewer's decision on a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A real violation, accepted for now (a backlog entry).
    Accepted,
    /// The rule was wrong here.
    FalsePositive,
    /// The agent appealed (申诉) and the case is open.
    Disputed,
}

/// One line of a baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    /// What identifies the finding's place: the conversation id, or the path.
    pub scope: String,
    pub rule: String,
    /// The matched text, normalised (empty for a finding about a whole turn).
    pub matched: String,
    /// The message the finding is in, as said: what a reviewer reads, and (normalised)
    /// part of the identity, so that the same phrase said again elsewhere is new.
    #[serde(default)]
    pub text: String,
    /// 1 for the first finding of this scope, rule, text and message, 2 for the next…
    pub occurrence: u32,
    /// The personal data of the place and message, as a digest (`data_digest`): what the
    /// masked text no longer tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Where it was when recorded, for the reader (not part of the identity).
    pub line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Fields a team added (a ticket number…), kept when the baseline is written again.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A conversation id of at least this many characters identifies its conversation across
/// files and exports; a shorter one is taken with its file's path.
const STRONG_ID: usize = 6;

/// Place, rule, matched text (only for a finding outside any message), message and the
/// digest of their data: what identifies a finding apart from its occurrence.
type Identity = (String, String, String, String, Option<String>);

type Key = (Identity, u32);

/// Characters of a message (compact) that identify it: a review sample's workbook cuts a
/// long message to fit its cell, and the finding must stay known.
const TEXT_IDENTITY_CHARS: usize = 2_000;

impl Entry {
    fn key(&self) -> Key {
        let digest = self
            .digest
            .clone()
            .or_else(|| data_digest(&self.scope, &self.matched, &self.text));
        (
            identity(&self.scope, &self.rule, &self.matched, &self.text, digest),
            self.occurrence,
        )
    }
}

/// The identity of a finding from its (masked or plain) fields: masked again, so that a
/// plain and a redacted record of the same finding agree. The matched text is left out of
/// a finding in a message (the message and the occurrence tell it), because a matched part
/// masked on its own and masked in its message need not agree.
fn identity(
    scope: &str,
    rule: &str,
    matched: &str,
    text: &str,
    digest: Option<String>,
) -> Identity {
    let matched = if text.is_empty() {
        compact(&personal::redact(matched))
    } else {
        String::new()
    };
    let mut text = compact(&personal::redact(text));
    if let Some((cut, _)) = text.char_indices().nth(TEXT_IDENTITY_CHARS) {
        text.truncate(cut);
    }
    (
        personal::redact(scope).into_owned(),
        rule.to_owned(),
        matched,
        text,
        digest,
    )
}

/// A short digest of the personal data in a finding's place and message (or, for a finding
/// outside any message, its matched text), or `None` when they hold none. 24 bits tell a
/// different number at the same place apart (one chance in 16 million of a clash) and leave
/// hundreds of mobile numbers to every digest, so that a shared baseline does not give the
/// number back.
pub fn data_digest(scope: &str, matched: &str, text: &str) -> Option<String> {
    let message = if text.is_empty() { matched } else { text };
    let mut hash: u32 = 0x811c_9dc5;
    let mut any = false;
    for datum in [scope, message]
        .iter()
        .flat_map(|part| personal::find(part, personal::Strictness::Redact))
    {
        any = true;
        for b in datum.value.bytes().chain([0xff]) {
            hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    // A letter first: a spreadsheet would read `012345` or `1e5000` as a number.
    any.then(|| format!("x{:06x}", (hash >> 24) ^ (hash & 0x00ff_ffff)))
}

/// What identifies a finding's place: the conversation id, or the path.
fn scope_of(f: &Finding) -> String {
    match &f.conversation {
        // An id made from the path (`chat.txt`, `replies.txt:12`) moves with the lines; a
        // short one (`1`, `C2`) is numbered per export, so it counts with its file.
        Some(id) if id.starts_with(&f.path) => f.path.clone(),
        Some(id) if id.chars().count() >= STRONG_ID => id.clone(),
        Some(id) => format!("{}#{id}", f.path),
        None => f.path.clone(),
    }
}

/// The digest of a finding's personal data, taken before the redact stage masks it.
pub fn digest_of(f: &Finding) -> Option<String> {
    data_digest(
        &scope_of(f),
        f.matched.as_deref().unwrap_or_default(),
        f.turn_text.as_deref().unwrap_or_default(),
    )
}

/// What a run does with baselines: nothing by default.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The entries read from `--baseline` (or kept for their verdicts by
    /// `--write-baseline`).
    known: FxHashMap<Key, Entry>,
    /// Hide the known findings (`--baseline`).
    hide: bool,
    /// Show the findings that have a verdict, with it (`--show-reviewed`).
    show_reviewed: bool,
    /// Findings seen so far per identity.
    seen: FxHashMap<Identity, u32>,
    /// The known entries some finding of this run matched.
    matched: rustc_hash::FxHashSet<Key>,
    /// The entries of this run, when it writes a baseline.
    recorded: Option<Vec<Entry>>,
    /// Findings hidden because the baseline holds them.
    pub hidden: usize,
}

/// A baseline file that cannot be read, with the line at fault.
#[derive(Debug)]
pub struct BaselineError {
    /// `line:column` (characters), when the fault has a place.
    pub place: Option<(usize, usize)>,
    pub message: String,
}

impl Baseline {
    /// Hide the findings recorded in `text` (`--baseline`).
    pub fn hiding(text: &str, show_reviewed: bool) -> Result<Baseline, BaselineError> {
        Ok(Baseline {
            known: read(text)?,
            hide: true,
            show_reviewed,
            ..Baseline::default()
        })
    }

    /// Record this run's findings, keeping the verdicts of `previous` (the file being
    /// replaced, if any) for the findings it already holds.
    pub fn recording(previous: Option<&str>) -> Result<Baseline, BaselineError> {
        Ok(Baseline {
            known: match previous {
                Some(text) => read(text)?,
                None => FxHashMap::default(),
            },
            recorded: Some(Vec::new()),
            ..Baseline::default()
        })
    }

    /// Take note of a batch's findings, in output order, and drop those the baseline hides.
    pub fn filter(&mut self, findings: &mut Vec<Finding>) {
        if !self.hide && self.recorded.is_none() {
            return;
        }
        findings.retain_mut(|f| {
            let entry = self.identify(f);
            let key = entry.key();
            let known = self.known.get(&key);
            if known.is_some() {
                self.matched.insert(key);
            }
            if let Some(recorded) = &mut self.recorded {
                let mut entry = entry.clone();
                if let Some(old) = known {
                    entry.verdict = old.verdict;
                    entry.reviewer.clone_from(&old.reviewer);
                    entry.reason.clone_from(&old.reason);
                    entry.date.clone_from(&old.date);
                    entry.extra.clone_from(&old.extra);
                }
                recorded.push(entry);
            }
            let Some(known) = known.filter(|_| self.hide) else {
                return true;
            };
            match known.verdict {
                Some(verdict) if self.show_reviewed => {
                    f.message
                        .push_str(&format!(" [{}]", describe(verdict, known)));
                    f.reviewed = true;
                    true
                }
                _ => {
                    self.hidden += 1;
                    false
                }
            }
        });
    }

    /// The entry of a finding, counted in output order: call it for every finding of a
    /// run, in order, as the baseline stage does.
    pub fn identify(&mut self, f: &Finding) -> Entry {
        let scope = scope_of(f);
        let matched = f.matched.as_deref().map(compact).unwrap_or_default();
        let text = f.turn_text.clone().unwrap_or_default();
        // Under --redact the fields are masked already and the redact stage kept the digest.
        let digest = f.data_digest.clone().or_else(|| digest_of(f));
        let count = self
            .seen
            .entry(identity(&scope, &f.rule, &matched, &text, digest.clone()))
            .or_insert(0);
        *count += 1;
        Entry {
            path: f.path.clone(),
            scope,
            rule: f.rule.clone(),
            matched,
            text,
            occurrence: *count,
            digest,
            line: f.start.line,
            verdict: None,
            reviewer: None,
            reason: None,
            date: None,
            extra: BTreeMap::new(),
        }
    }

    /// Whether the run needs each finding's message (to identify it).
    pub fn is_active(&self) -> bool {
        self.hide || self.recorded.is_some()
    }

    /// The entries of `--baseline` that no finding of this run matched (fixed, or no
    /// longer reported).
    pub fn stale(&self) -> usize {
        self.known.len().saturating_sub(self.matched.len())
    }

    /// Write the recorded entries to `path`, sorted, through a temporary file; the number
    /// written.
    pub fn write(&mut self, path: &Path) -> io::Result<usize> {
        let mut entries = self.recorded.take().unwrap_or_default();
        entries.sort_by(|a, b| {
            (&a.path, &a.scope, &a.rule, &a.matched, a.occurrence).cmp(&(
                &b.path,
                &b.scope,
                &b.rule,
                &b.matched,
                b.occurrence,
            ))
        });
        let mut file = Staged::create(path)?;
        for entry in &entries {
            serde_json::to_writer(&mut file, entry)?;
            file.write_all(b"\n")?;
        }
        file.commit()?;
        Ok(entries.len())
    }
}

fn describe(verdict: Verdict, entry: &Entry) -> String {
    let mut text = match verdict {
        Verdict::Accepted => "accepted".to_owned(),
        Verdict::FalsePositive => "false positive".to_owned(),
        Verdict::Disputed => "disputed".to_owned(),
    };
    if let Some(reviewer) = &entry.reviewer {
        text.push_str(&format!(" by {reviewer}"));
    }
    if let Some(reason) = &entry.reason {
        text.push_str(&format!(": {reason}"));
    }
    text
}

/// The entries of a baseline file.
fn read(text: &str) -> Result<FxHashMap<Key, Entry>, BaselineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') && !text.trim().is_empty() {
        return read_csv(text);
    }
    let mut known = FxHashMap::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let entry: Entry = serde_json::from_str(line).map_err(|err| {
            // serde counts columns in bytes of the line: report characters, as elsewhere.
            let column = line
                .get(..err.column().saturating_sub(1))
                .map_or(err.column(), |before| before.chars().count() + 1);
            let message = err.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            BaselineError {
                place: Some((n + 1, column)),
                message: format!("not a baseline entry: {message}"),
            }
        })?;
        known.insert(entry.key(), entry);
    }
    Ok(known)
}

/// The text of a baseline file: JSON Lines or CSV as they are, and a workbook (a review
/// sample saved from Excel) as the CSV of its first sheet.
pub fn load_text(path: &Path) -> io::Result<String> {
    let is_workbook = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    });
    if !is_workbook {
        // A sample saved again by Excel may be GBK (Chinese Windows) or UTF-16 ("Unicode
        // text"): read it as any input is read.
        let bytes = std::fs::read(path)?;
        return crate::encoding::decode(&bytes)
            .map(|d| d.text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
    }
    use calamine::{Data, Reader, open_workbook_auto};
    let bad = |e: calamine::Error| io::Error::new(io::ErrorKind::InvalidData, e.to_string());
    let mut book = open_workbook_auto(path).map_err(bad)?;
    let first = book.sheet_names().first().cloned().unwrap_or_default();
    let range = book.worksheet_range(&first).map_err(bad)?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for r in range.rows() {
        let cells: Vec<String> = r
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                other => other.to_string(),
            })
            .collect();
        writer.write_record(&cells).map_err(io::Error::other)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// A review sample filled in by QA (`replylint sample`, CSV): its rows with a rule are
/// baseline entries, read by the header's column names; the verdict may be written as
/// the sample's own words (`accepted`, `false-positive`, `disputed`) or in Chinese
/// (确认 / 误报 / 申诉). Rows without a rule (a conversation with no finding) are skipped.
fn read_csv(text: &str) -> Result<FxHashMap<Key, Entry>, BaselineError> {
    // Excel's "Unicode text" is tab-separated.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let error = |line: u64, message: String| BaselineError {
        place: Some((line as usize, 1)),
        message,
    };
    let header = reader
        .headers()
        .map_err(|e| error(1, format!("not a review sample: {e}")))?
        .clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let required = ["path", "scope", "rule", "matched", "text", "occurrence"];
    let mut at = BTreeMap::new();
    for name in required {
        let i = column(name).ok_or_else(|| {
            error(
                1,
                format!(
                    "not a review sample: no `{name}` column (write one with `replylint sample`)"
                ),
            )
        })?;
        at.insert(name, i);
    }
    let optional = |name: &str| column(name);
    let mut known = FxHashMap::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            error(line, format!("not a review sample: {e}"))
        })?;
        let line_no = record.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        let rule = get(at.get("rule").copied());
        if rule.is_empty() {
            continue;
        }
        let verdict = match get(optional("verdict")) {
            "" => None,
            "accepted" | "确认" | "正确" => Some(Verdict::Accepted),
            "false-positive" | "误报" | "误判" => Some(Verdict::FalsePositive),
            "disputed" | "申诉" | "争议" => Some(Verdict::Disputed),
            other => {
                return Err(error(
                    line_no,
                    format!(
                        "unknown verdict `{other}`: write accepted, false-positive or disputed (确认 / 误报 / 申诉)"
                    ),
                ));
            }
        };
        let occurrence = get(at.get("occurrence").copied())
            .parse::<u32>()
            .map_err(|_| error(line_no, "`occurrence` is not a number".into()))?;
        let text_of = |name: &str| {
            let v = get(optional(name));
            (!v.is_empty()).then(|| v.to_owned())
        };
        let entry = Entry {
            path: unquote(get(at.get("path").copied())).to_owned(),
            scope: unquote(get(at.get("scope").copied())).to_owned(),
            rule: rule.to_owned(),
            // Spreadsheets may mark the cell as text with a leading ' (the sample does,
            // against formulas): it is not part of the value.
            matched: compact(unquote(get(at.get("matched").copied()))),
            text: unquote(at.get("text").and_then(|&i| record.get(i)).unwrap_or("")).to_owned(),
            occurrence,
            digest: text_of("digest"),
            line: get(optional("line")).parse().unwrap_or(0),
            verdict,
            reviewer: text_of("reviewer"),
            reason: text_of("reason"),
            date: text_of("date"),
            extra: BTreeMap::new(),
        };
        known.insert(entry.key(), entry);
    }
    Ok(known)
}

/// A cell without the `'` a CSV writer put before `=`, `+`, `-`, `@` against formulas.
fn unquote(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Precision per rule from the verdicts of baseline files: `(accepted, false positives,
/// disputed)` per rule.
pub fn verdicts(
    texts: &[(String, String)],
) -> Result<BTreeMap<String, [usize; 3]>, (String, BaselineError)> {
    // A finding in two files (overlapping samples, a file named twice) counts once, with
    // the verdict of the last file that gives it one.
    let mut all: FxHashMap<Key, Entry> = FxHashMap::default();
    for (origin, text) in texts {
        for (key, entry) in read(text).map_err(|e| (origin.clone(), e))? {
            match all.get(&key) {
                Some(old) if entry.verdict.is_none() && old.verdict.is_some() => {}
                _ => {
                    all.insert(key, entry);
                }
            }
        }
    }
    let mut per_rule: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    {
        for entry in all.into_values() {
            let slot = match entry.verdict {
                Some(Verdict::Accepted) => 0,
                Some(Verdict::FalsePositive) => 1,
                Some(Verdict::Disputed) => 2,
                None => continue,
            };
            per_rule.entry(entry.rule).or_default()[slot] += 1;
        }
    }
    Ok(per_rule)
}
