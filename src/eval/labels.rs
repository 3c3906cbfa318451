//! The labels `replylint eval` compares findings with: JSON Lines or CSV/TSV, one label per
//! line or record (see `docs/accuracy.md`).
//!
//! ```text
//! {"file": "chats/007-refund.txt", "line": 5, "rule": "taboo.impatience", "verdict": "fire"}
//! file,line,rule,verdict,note
//! chats/007-refund.txt,5,taboo.impatience,fire,催啥催
//! ```

use crate::problem::Problem;
use crate::transcript::csv::{delimiter, next_record};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What a QA reviewer says of one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The rule must be reported here.
    Fire,
    /// A near miss: the rule must not be reported here.
    Pass,
}

/// One label, with its file resolved against the labels file's folder.
#[derive(Debug, Clone)]
pub struct Label {
    /// The transcript, as the labels file names it.
    pub file: String,
    /// The transcript's path, relative to the labels file's folder.
    pub path: PathBuf,
    /// The line (1-based) the finding starts on; `None` with `conversation`: anywhere in it.
    pub line: Option<usize>,
    pub conversation: Option<String>,
    pub rule: String,
    pub verdict: Verdict,
    pub note: String,
    /// Where the label was written: labels file and line.
    pub origin: String,
}

#[derive(Deserialize)]
struct Raw {
    file: String,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    conversation: Option<String>,
    rule: String,
    verdict: String,
    #[serde(default)]
    note: Option<String>,
}

/// The labels of one file, and a problem for every line that is not one.
pub fn load(path: &Path) -> (Vec<Label>, Vec<Problem>) {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(err) => {
            let p = Problem::error(
                &shown,
                format!("cannot read the labels: {err}"),
                Some("labels are a UTF-8 JSON Lines or CSV file; see docs/accuracy.md"),
            );
            return (Vec::new(), vec![p]);
        }
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let raws = if first.trim_start().starts_with('{') {
        json_lines(&text)
    } else {
        let tsv = shown.ends_with(".tsv");
        csv_records(&text, tsv)
    };
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    for (line, raw) in raws {
        let origin = format!("{shown}:{line}");
        match raw.and_then(|r| label(r, base, &origin)) {
            Ok(l) => labels.push(l),
            Err(message) => problems.push(Problem::error(
                &origin,
                message,
                Some(
                    "a label has file, line (or conversation), rule and verdict (fire or pass); see docs/accuracy.md",
                ),
            )),
        }
    }
    if labels.is_empty() && problems.is_empty() {
        problems.push(Problem::error(
            &shown,
            "no labels in this file",
            Some("write one label per line; see docs/accuracy.md"),
        ));
    }
    (labels, problems)
}

fn label(raw: Raw, base: &Path, origin: &str) -> Result<Label, String> {
    let verdict = match raw.verdict.trim().to_ascii_lowercase().as_str() {
        "fire" | "yes" | "true" | "1" => Verdict::Fire,
        "pass" | "no" | "false" | "0" => Verdict::Pass,
        other => return Err(format!("verdict `{other}` is neither `fire` nor `pass`")),
    };
    if raw.line.is_none() && raw.conversation.is_none() {
        return Err("the label names neither a line nor a conversation".into());
    }
    if raw.line == Some(0) {
        return Err("lines are counted from 1".into());
    }
    if raw.file.trim().is_empty() || raw.rule.trim().is_empty() {
        return Err("the label's file or rule is empty".into());
    }
    Ok(Label {
        path: base.join(raw.file.trim()),
        file: raw.file.trim().to_owned(),
        line: raw.line,
        conversation: raw.conversation.filter(|c| !c.trim().is_empty()),
        rule: raw.rule.trim().to_owned(),
        verdict,
        note: raw.note.unwrap_or_default(),
        origin: origin.to_owned(),
    })
}

type Numbered = Vec<(usize, Result<Raw, String>)>;

fn json_lines(text: &str) -> Numbered {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .map(|(i, l)| {
            (
                i + 1,
                serde_json::from_str::<Raw>(l).map_err(|e| format!("not a label: {e}")),
            )
        })
        .collect()
}

/// CSV or TSV with a header naming the columns (any order; `note` and `conversation`
/// optional). Lines starting with `#` are comments.
fn csv_records(text: &str, tsv: bool) -> Numbered {
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut at = 0;
    let mut delim = b',';
    while at < text.len() {
        let line_no = text[..at].matches('\n').count() + 1;
        let Some((record, next)) = next_record(text, at, delim, true) else {
            break;
        };
        let line_text = &text[record.span.clone()];
        at = next.max(at + 1);
        if line_text.trim().is_empty() || line_text.starts_with('#') {
            continue;
        }
        let fields: Vec<String> = record.fields.into_iter().map(|(f, _)| f).collect();
        let Some(names) = &header else {
            delim = delimiter(line_text, tsv);
            // Re-read the header with the delimiter it shows.
            let fields = next_record(text, record.span.start, delim, true)
                .map(|(r, _)| {
                    r.fields
                        .into_iter()
                        .map(|(f, _)| f.trim().to_lowercase())
                        .collect()
                })
                .unwrap_or_default();
            header = Some(fields);
            continue;
        };
        let get = |name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .and_then(|i| fields.get(i))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let raw = (|| {
            let line = match get("line") {
                Some(l) => Some(
                    l.parse::<usize>()
                        .map_err(|_| format!("line `{l}` is not a number"))?,
                ),
                None => None,
            };
            Ok(Raw {
                file: get("file").ok_or("no `file` column value")?,
                line,
                conversation: get("conversation"),
                rule: get("rule").ok_or("no `rule` column value")?,
                verdict: get("verdict").ok_or("no `verdict` column value")?,
                note: get("note"),
            })
        })();
        out.push((line_no, raw));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(name: &str, text: &str) -> (Vec<Label>, Vec<Problem>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        load(&path)
    }

    #[test]
    fn json_lines_and_csv_read_alike() {
        let (json, p1) = load_text(
            "l.jsonl",
            "{\"file\": \"a.txt\", \"line\": 3, \"rule\": \"taboo.insult\", \"verdict\": \"fire\", \"note\": \"x\"}\n\n{\"file\": \"a.txt\", \"conversation\": \"c1\", \"rule\": \"standard.closing\", \"verdict\": \"pass\"}\n",
        );
        let (csv, p2) = load_text(
            "l.csv",
            "# comment\nfile,line,rule,verdict,note,conversation\na.txt,3,taboo.insult,fire,x,\na.txt,,standard.closing,pass,,c1\n",
        );
        assert!(p1.is_empty() && p2.is_empty(), "{p1:?} {p2:?}");
        for labels in [&json, &csv] {
            assert_eq!(labels.len(), 2);
            assert_eq!(labels[0].line, Some(3));
            assert_eq!(labels[0].verdict, Verdict::Fire);
            assert_eq!(labels[0].note, "x");
            assert!(labels[0].path.ends_with("a.txt"));
            assert_eq!(labels[1].conversation.as_deref(), Some("c1"));
            assert_eq!(labels[1].verdict, Verdict::Pass);
        }
    }

    #[test]
    fn bad_labels_are_reported_at_their_line_and_the_rest_kept() {
        let (labels, problems) = load_text(
            "l.jsonl",
            "{\"file\": \"a.txt\", \"line\": 3, \"rule\": \"r\", \"verdict\": \"maybe\"}\nnot json\n{\"file\": \"a.txt\", \"rule\": \"r\", \"verdict\": \"fire\"}\n{\"file\": \"a.txt\", \"line\": 2, \"rule\": \"r\", \"verdict\": \"fire\"}\n",
        );
        assert_eq!(labels.len(), 1);
        let origins: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{origins:?}");
        let (labels, problems) = load_text(
            "l.tsv",
            "file\tline\trule\tverdict\na.txt\tthree\tr\tfire\n",
        );
        assert!(labels.is_empty());
        assert_eq!(problems.len(), 1);
        let (_, problems) = load_text("empty.jsonl", "\n");
        assert_eq!(problems.len(), 1);
    }
}
