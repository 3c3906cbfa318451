//! Which format an input is in: from `--input-format`, the extension and the first block
//! of text.

use crate::transcript::{Columns, Fields, delimiter};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::path::Path;

/// The input formats (`--input-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Choose from the extension and the content.
    Auto,
    /// `[time] speaker: text` lines, WhatsApp exports, or the 千牛 paste layout.
    Text,
    /// The 千牛 / seller-workbench copy-paste layout (`nick YYYY-M-D H:MM:SS` headers).
    Qianniu,
    /// One JSON document.
    Json,
    /// JSON Lines: one turn (or conversation) per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A canned-reply library: TOML `[[reply]]`, CSV, or one reply per line.
    Canned,
}

/// The format an input is read as, once detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Text,
    Qianniu,
    Json,
    Jsonl,
    Csv { tab: bool, canned: bool },
    CannedToml,
    CannedLines,
}

impl Resolved {
    pub fn name(self) -> &'static str {
        match self {
            Resolved::Text => "plain text",
            Resolved::Qianniu => "plain text in the header layout (千牛 paste)",
            Resolved::Json => "JSON",
            Resolved::Jsonl => "JSON Lines",
            Resolved::Csv { canned: true, .. } => "canned-reply CSV",
            Resolved::Csv { tab: true, .. } => "TSV",
            Resolved::Csv { .. } => "CSV",
            Resolved::CannedToml => "canned-reply TOML",
            Resolved::CannedLines => "canned replies, one per line",
        }
    }
}

/// Whether `path` names a spreadsheet, read with [`super::read_sheet`].
pub fn is_spreadsheet(path: &str) -> bool {
    super::SHEET_EXTENSIONS.contains(&extension(path).as_str())
}

fn extension(path: &str) -> String {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// File names that say "canned replies" (`canned.txt`, `快捷短语.txt`, `quick-replies.txt`).
fn named_canned(path: &str) -> bool {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_lowercase();
    [
        "canned",
        "快捷短语",
        "quick-repl",
        "quick_repl",
        "quickrepl",
    ]
    .iter()
    .any(|k| name.contains(k))
}

/// Whether `head` reads as a chat between an agent and a customer (`客服: …` / `顾客: …`):
/// a file named like a library that holds a chat log is a transcript, not replies.
fn looks_like_chat(head: &str) -> bool {
    use crate::transcript::{Role, RoleMap, parse_text};
    let mut transcript = parse_text(head, "head");
    RoleMap::default().assign_all(&mut transcript);
    let turns = || transcript.conversations.iter().flat_map(|c| &c.turns);
    turns().any(|t| t.role == Role::Agent) && turns().any(|t| t.role == Role::Customer)
}

/// Is `head` (the start of the text) JSON Lines rather than one document?
pub fn looks_like_jsonl(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    let first_is_value = lines
        .next()
        .is_some_and(|l| l.starts_with('{') && serde_json::from_str::<&RawValue>(l).is_ok());
    // One object on one line is a (minified) document; JSON Lines has a second line.
    first_is_value && lines.next().is_some_and(|l| l.starts_with('{'))
}

/// A canned-reply TOML library: a `[[reply]]` table header.
fn looks_like_canned_toml(head: &str) -> bool {
    head.lines().any(|l| l.trim() == "[[reply]]")
}

/// Does `start` (trimmed) open a JSON object or an array of objects, arrays or strings?
/// (`[2024-03-01 10:00] 客服: …` opens a plain-text transcript.)
fn looks_like_json(start: &str) -> bool {
    if start.starts_with('{') {
        return true;
    }
    start
        .strip_prefix('[')
        .is_some_and(|rest| rest.trim_start().starts_with(['{', '[', '"', ']']))
}

pub fn resolve(format: InputFormat, path: &str, head: &str, fields: &Fields) -> Resolved {
    let ext = extension(path);
    let first_line = head.lines().next().unwrap_or_default();
    let csv = |canned: bool| Resolved::Csv {
        tab: delimiter(first_line, ext == "tsv") == b'\t',
        canned,
    };
    match format {
        InputFormat::Text => Resolved::Text,
        InputFormat::Qianniu => Resolved::Qianniu,
        InputFormat::Json => Resolved::Json,
        InputFormat::Jsonl => Resolved::Jsonl,
        InputFormat::Csv => Resolved::Csv {
            tab: false,
            canned: false,
        },
        InputFormat::Tsv => Resolved::Csv {
            tab: true,
            canned: false,
        },
        InputFormat::Canned => match ext.as_str() {
            "toml" => Resolved::CannedToml,
            "csv" | "tsv" => csv(true),
            _ if looks_like_canned_toml(head) => Resolved::CannedToml,
            _ if is_csv_header(first_line, fields) => csv(true),
            _ => Resolved::CannedLines,
        },
        InputFormat::Auto => match ext.as_str() {
            "jsonl" | "ndjson" => Resolved::Jsonl,
            "json" if looks_like_jsonl(head) => Resolved::Jsonl,
            "json" => Resolved::Json,
            "csv" | "tsv" => csv(false),
            "toml" => Resolved::CannedToml,
            _ if named_canned(path) && !looks_like_chat(head) => Resolved::CannedLines,
            _ => {
                let start = head.trim_start();
                if looks_like_canned_toml(head) {
                    Resolved::CannedToml
                } else if start.starts_with('{') && looks_like_jsonl(start) {
                    Resolved::Jsonl
                } else if looks_like_json(start) {
                    Resolved::Json
                } else if is_csv_header(first_line, fields) {
                    csv(false)
                } else {
                    Resolved::Text
                }
            }
        },
    }
}

/// A first line that is a header naming a message column, with at least one other column.
fn is_csv_header(line: &str, fields: &Fields) -> bool {
    let names = header_names(line, false);
    names.len() >= 2 && Columns::new(&names, fields, false).is_ok()
}

/// Whether a CSV (or TSV) file whose first line is `line` is read as a canned-reply
/// library: its header's columns say so, as when the file is read.
pub fn is_canned_csv(line: &str, fields: &Fields, tab: bool) -> bool {
    Columns::new(&header_names(line, tab), fields, false)
        .is_ok_and(|c| c.shape == crate::transcript::Shape::Canned)
}

/// The column names of a header line, split at its delimiter.
fn header_names(line: &str, tab: bool) -> Vec<String> {
    let delim = delimiter(line, tab);
    line.trim_end()
        .split(delim as char)
        .map(|s| s.trim().trim_matches('"').to_owned())
        .collect()
}
