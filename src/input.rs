//! From an input (a file or stdin) to batches of parsed conversations.
//!
//! The format is chosen from the extension and the first bytes (or forced with
//! `--input-format`), the encoding from the byte-order mark and the bytes themselves (or
//! forced with `--encoding`).
//!
//! Whole-document formats (plain text, 千牛 paste, WhatsApp, JSON, canned TOML and text) are
//! read whole: one batch. Record formats (JSON Lines, CSV, TSV) are streamed: the file is
//! decoded block by block and cut into batches of about [`BATCH_BYTES`] at conversation
//! boundaries, so memory stays bounded however large the file. A conversation must then be
//! contiguous in the file (all its rows together, as exports write them); one longer than
//! [`MAX_CONVERSATION_BYTES`] is checked in parts.

use crate::encoding::{DecodeError, decode_with, detect};
use crate::problem::Problem;
use crate::source::{Input, SourceFile};
pub use crate::transcript::InputFormat;
use crate::transcript::{
    CellMap, Columns, Conversation, CsvRecord, Fields, InputIssue, IssueKind, JsonReader, Record,
    Resolved, Shape, Transcript, Unparsed, is_spreadsheet, json_error_message, looks_like_jsonl,
    next_record, parse_canned_lines, parse_canned_toml, parse_headers, parse_text, read_sheet,
    resolve, sheet_is_canned,
};
use encoding_rs::{Encoding, GB18030, UTF_8};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::{self, Read};
use std::ops::Range;
use std::sync::Arc;

/// A streamed file is cut into batches of about this many bytes of text.
pub const BATCH_BYTES: usize = 4 << 20;
/// A conversation longer than this is checked in parts: checking it whole would hold its
/// normalised text, many times its size, in memory. (A real chat is a few kilobytes; this
/// is a file with no conversation field, read as one conversation.)
pub const MAX_CONVERSATION_BYTES: usize = 1 << 20;
/// A record (a JSON Lines line, a CSV row) longer than this is reported as unparsed: a
/// quote that is never closed, or a file without line breaks.
const MAX_RECORD_BYTES: usize = 64 << 20;
/// How much of an input is looked at to choose its format and encoding.
const SNIFF_BYTES: usize = 64 << 10;

/// How inputs are read: from the command line and `replylint.toml`.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// `None`: detect.
    pub encoding: Option<&'static Encoding>,
    pub fields: Fields,
    /// The sheet of a spreadsheet to read (`--sheet`); the first when `None`.
    pub sheet: Option<String>,
    /// Streamed files are cut into batches of about this many bytes ([`BATCH_BYTES`]).
    pub batch_bytes: usize,
}

/// A part of an input, parsed; positions are relative to `source`.
pub struct Batch {
    pub source: SourceFile,
    pub transcript: Transcript,
    /// For a spreadsheet: its cells, and where `source` starts in the sheet's text.
    pub cells: Option<(Arc<CellMap>, usize)>,
}

/// What reading produces, in file order.
pub enum Item {
    Batch(Batch),
    /// A note (skipped file) or an error (unreadable, undecodable, malformed).
    Problem(Problem),
    /// How the input is read, for `--verbose`.
    Detail(String),
}

/// Open an input: its first block (for sniffing) and a reader of the rest.
fn open(input: &Input) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut reader = input.open()?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok((head, reader))
}

/// Read one input; every batch and problem goes to `emit`, in file order.
pub fn read(input: &Input, options: &ReadOptions, emit: &mut dyn FnMut(Item)) {
    let path = input.display();
    let (head, rest) = match open(input) {
        Ok(x) => x,
        Err(err) => {
            return emit(Item::Problem(Problem::error(
                &path,
                format!("cannot read: {err}"),
                None,
            )));
        }
    };
    if options.format == InputFormat::Auto && is_spreadsheet(&path) {
        return read_spreadsheet(&path, head, rest, options, emit);
    }
    let (encoding, reason) = match options.encoding {
        Some(e) => (e, "given with --encoding".to_owned()),
        None => match detect(&head, head.len() < SNIFF_BYTES) {
            Ok(found) => found,
            Err(err) => return emit(Item::Problem(decode_problem(&path, &err))),
        },
    };
    let (sniff_text, _, _) = encoding.decode(&head);
    let format = resolve(options.format, &path, &sniff_text, &options.fields);
    match format {
        Resolved::Jsonl | Resolved::Csv { .. } => {
            emit(Item::Detail(format!(
                "reading {path} as {} ({}: {reason}, from the first {} KB)",
                format.name(),
                encoding.name(),
                SNIFF_BYTES >> 10
            )));
            let stream = TextStream::new(head, rest, encoding);
            Streamer {
                path: &path,
                format,
                fields: &options.fields,
                batch_bytes: options.batch_bytes.max(1),
                stream,
                emit,
                drained: 0,
            }
            .run();
        }
        _ => {
            let mut bytes = head;
            let mut rest = rest;
            if let Err(err) = rest.read_to_end(&mut bytes) {
                return emit(Item::Problem(Problem::error(
                    &path,
                    format!("cannot read: {err}"),
                    None,
                )));
            }
            let decoded = match decode_with(&bytes, options.encoding) {
                Ok(d) => d,
                Err(err) => return emit(Item::Problem(decode_problem(&path, &err))),
            };
            let text = decoded.text;
            if text.trim().is_empty() {
                return emit(Item::Problem(Problem::note(
                    &path,
                    "empty file: nothing to check",
                )));
            }
            match whole(&path, &text, format, &options.fields) {
                Ok(Whole::Read(mut transcript)) => {
                    emit(Item::Detail(format!(
                        "reading {path} as {} ({}: {}){}",
                        format.name(),
                        decoded.encoding.name(),
                        decoded.reason,
                        transcript
                            .layout
                            .as_ref()
                            .map_or(String::new(), |l| format!(", lines read as {l}"))
                    )));
                    transcript
                        .issues
                        .extend(invalid_bytes(&text, &decoded.replaced, 0));
                    emit(Item::Batch(Batch {
                        source: SourceFile::new(path.clone(), text),
                        transcript,
                        cells: None,
                    }))
                }
                Ok(Whole::NotALibrary) => emit(Item::Problem(Problem::note(
                    &path,
                    "not a canned-reply library (no [[reply]] tables); skipped",
                ))),
                // Several JSON values one after another: JSON Lines after all.
                Ok(Whole::JsonLines) => Streamer {
                    path: &path,
                    format: Resolved::Jsonl,
                    fields: &options.fields,
                    batch_bytes: options.batch_bytes.max(1),
                    stream: TextStream {
                        // Offsets of the text decoded whole are those of the stream.
                        replaced: decoded.replaced,
                        ..TextStream::new(text.into_bytes(), Box::new(io::empty()), UTF_8)
                    },
                    emit,
                    drained: 0,
                }
                .run(),
                Err(problem) => emit(Item::Problem(problem)),
            }
        }
    }
}

/// A spreadsheet: the sheet as CSV text, streamed like a CSV file, each batch told where
/// its text starts in the sheet's so that findings can name their cells.
fn read_spreadsheet(
    path: &str,
    mut bytes: Vec<u8>,
    mut rest: Box<dyn Read + Send>,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Item),
) {
    if let Err(err) = rest.read_to_end(&mut bytes) {
        return emit(Item::Problem(Problem::error(
            path,
            format!("cannot read: {err}"),
            None,
        )));
    }
    let sheet = match read_sheet(bytes, options.sheet.as_deref()) {
        Ok(s) => s,
        Err(message) => {
            return emit(Item::Problem(Problem::error(
                path,
                message,
                Some(
                    "save the export again from the spreadsheet program, or as CSV; pick a sheet with --sheet NAME",
                ),
            )));
        }
    };
    if sheet.rows == 0 {
        return emit(Item::Problem(Problem::note(
            path,
            format!("sheet `{}` is empty: nothing to check", sheet.name),
        )));
    }
    let first_line = sheet.text.lines().next().unwrap_or_default();
    let canned = sheet_is_canned(first_line, &options.fields);
    emit(Item::Detail(format!(
        "reading {path} as a spreadsheet: sheet `{}`, {} rows, read as CSV",
        sheet.name, sheet.rows
    )));
    let cells = Arc::new(sheet.cells);
    let mut base = 0;
    let mut located = |item: Item| match item {
        Item::Batch(mut batch) => {
            batch.cells = Some((cells.clone(), base));
            base += batch.source.text().len();
            emit(Item::Batch(batch));
        }
        other => emit(other),
    };
    Streamer {
        path,
        format: Resolved::Csv { tab: false, canned },
        fields: &options.fields,
        batch_bytes: options.batch_bytes.max(1),
        stream: TextStream::new(sheet.text.into_bytes(), Box::new(io::empty()), UTF_8),
        emit: &mut located,
        drained: 0,
    }
    .run();
}

fn decode_problem(path: &str, err: &DecodeError) -> Problem {
    match err {
        DecodeError::Binary => Problem::note(path, err.to_string()),
        _ => Problem::error(
            path,
            err.to_string(),
            Some(
                "replylint reads UTF-8, UTF-16 with a byte-order mark, and GBK/GB18030; force one with --encoding",
            ),
        ),
    }
}

/// Parse a whole document; `Ok(None)` for a TOML file that is not a canned library.
/// What reading a whole document gave.
enum Whole {
    Read(Transcript),
    /// A TOML file without `[[reply]]` tables (a rule pack, say).
    NotALibrary,
    /// A `.json` file or stdin holding one JSON value per line.
    JsonLines,
}

fn whole(path: &str, text: &str, format: Resolved, fields: &Fields) -> Result<Whole, Problem> {
    Ok(Whole::Read(match format {
        Resolved::Qianniu => parse_headers(text, path),
        Resolved::Json => {
            let parsed = serde_json::from_str::<&RawValue>(text);
            if let Err(e) = &parsed
                && e.to_string().starts_with("trailing characters")
                && looks_like_jsonl(text)
            {
                return Ok(Whole::JsonLines);
            }
            let root: &RawValue = parsed.map_err(|e| {
                let line = e.line();
                let column = text
                    .lines()
                    .nth(line.saturating_sub(1))
                    .map_or(e.column(), |l| {
                        l.get(..e.column().saturating_sub(1))
                            .map_or(e.column(), |s| s.chars().count() + 1)
                    });
                Problem::error(
                    format!("{path}:{line}:{column}"),
                    format!("invalid JSON: {}", json_error_message(&e)),
                    Some("fix the file, or pass --input-format jsonl if it holds one object per line"),
                )
            })?;
            JsonReader { file: text, fields }.document(root, path)
        }
        Resolved::CannedToml => match parse_canned_toml(text, path) {
            None => return Ok(Whole::NotALibrary),
            Some(r) => r.map_err(|m| Problem::error(path, m, None))?,
        },
        Resolved::CannedLines => parse_canned_lines(text, path),
        _ => parse_text(text, path),
    }))
}

/// At most this many invalid byte sequences are reported per file; the last report says how
/// many more there were.
const MAX_INVALID_REPORTS: usize = 20;

/// `input.invalid-bytes` issues for the U+FFFD at `replaced` (offsets of the whole decoded
/// file; `base` is where `text` starts in it).
fn invalid_bytes(text: &str, replaced: &[usize], base: usize) -> Vec<InputIssue> {
    let mut issues: Vec<InputIssue> = replaced
        .iter()
        .take(MAX_INVALID_REPORTS)
        .filter_map(|&at| {
            let at = at.checked_sub(base)?;
            text.get(at..at + 3)?;
            Some(InputIssue {
                kind: IssueKind::InvalidBytes,
                location: at..at + 3,
                message: "bytes that are not valid UTF-8 here; read as U+FFFD".into(),
            })
        })
        .collect();
    if replaced.len() > MAX_INVALID_REPORTS
        && let Some(last) = issues.last_mut()
    {
        last.message = format!(
            "{}; {} more invalid sequences in this file are not listed",
            last.message,
            replaced.len() - MAX_INVALID_REPORTS
        );
    }
    issues
}

/// Text decoded block by block.
struct TextStream {
    pending: Option<Vec<u8>>,
    reader: Box<dyn Read + Send>,
    decoder: encoding_rs::Decoder,
    /// Bytes consumed, for error offsets.
    consumed: usize,
    eof: bool,
    /// Everything decoded so far was ASCII (so a UTF-8 guess may still be wrong).
    ascii_so_far: bool,
    /// Bytes of text decoded so far.
    decoded: usize,
    /// Offsets in the decoded text of the U+FFFD put in place of invalid UTF-8.
    replaced: Vec<usize>,
}

impl TextStream {
    fn new(head: Vec<u8>, reader: Box<dyn Read + Send>, encoding: &'static Encoding) -> TextStream {
        TextStream {
            pending: Some(head),
            reader,
            decoder: encoding.new_decoder_with_bom_removal(),
            consumed: 0,
            eof: false,
            ascii_so_far: true,
            decoded: 0,
            replaced: Vec::new(),
        }
    }

    /// Append the next block of text to `out`; `Ok(false)` at the end of the input.
    fn fill(&mut self, out: &mut String) -> Result<bool, String> {
        if self.eof {
            return Ok(false);
        }
        let block = match self.pending.take() {
            Some(b) => b,
            None => {
                let mut b = vec![0; SNIFF_BYTES];
                let n = loop {
                    match self.reader.read(&mut b) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(format!("cannot read: {e}")),
                    }
                };
                b.truncate(n);
                b
            }
        };
        let last = block.is_empty();
        out.reserve(
            self.decoder
                .max_utf8_buffer_length_without_replacement(block.len())
                .unwrap_or(block.len() * 3),
        );
        let before = out.len();
        let mut from = 0;
        loop {
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(&block[from..], out, last);
            let encoding_rs::DecoderResult::Malformed(bad, after) = result else {
                break;
            };
            let at = from + read.saturating_sub(usize::from(bad) + usize::from(after));
            // UTF-8 was a guess from a first block of pure ASCII: a GBK export that starts
            // with an ASCII header is GB18030 from here on (ASCII reads the same in both),
            // when the bytes say so.
            if self.ascii_so_far
                && self.decoder.encoding() == UTF_8
                && out[before..].is_ascii()
                && matches!(detect(&block[at..], last), Ok((e, _)) if e == GB18030)
            {
                out.truncate(before + at);
                self.decoder = GB18030.new_decoder_without_bom_handling();
                self.ascii_so_far = false;
                self.pending = Some(block[at..].to_vec());
                self.consumed += at;
                self.decoded += out.len() - before;
                return Ok(true);
            }
            if self.decoder.encoding() != UTF_8 {
                return Err(format!(
                    "not valid {} text at byte {}; the rest of the file was not checked",
                    self.decoder.encoding().name(),
                    self.consumed + at
                ));
            }
            // Valid UTF-8 but for a few bytes: each invalid sequence is shown as U+FFFD and
            // reported, never a reason to drop the file or read it in another encoding.
            self.replaced.push(self.decoded + out.len() - before);
            out.push('\u{FFFD}');
            from += read;
        }
        self.ascii_so_far = self.ascii_so_far && out[before..].is_ascii();
        self.consumed += block.len();
        self.decoded += out.len() - before;
        if last {
            self.eof = true;
        }
        Ok(!last)
    }
}

/// Cuts a record format into batches of whole conversations.
struct Streamer<'a> {
    path: &'a str,
    format: Resolved,
    fields: &'a Fields,
    batch_bytes: usize,
    stream: TextStream,
    emit: &'a mut dyn FnMut(Item),
    /// Bytes of decoded text already emitted in batches.
    drained: usize,
}

/// What a record-format file's records are read with.
enum Records {
    Jsonl,
    Csv {
        delim: u8,
        columns: Option<Columns>,
        canned: bool,
    },
}

impl Streamer<'_> {
    fn run(mut self) {
        let mut buf = String::new();
        let mut records = match self.format {
            Resolved::Csv { tab, canned } => Records::Csv {
                delim: if tab { b'\t' } else { b',' },
                columns: None,
                canned,
            },
            _ => Records::Jsonl,
        };
        let mut eof = false;
        let mut pos = 0;
        // Lines of the file before `buf`.
        let mut first_line = 0;
        let mut batch = Transcript::default();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut current_key: Option<Option<String>> = None;
        // Where the conversation being read started in `buf`.
        let mut conversation_start = 0;
        let mut seen_any = false;
        let mut failure = None;
        // After an incomplete record, read on until the unread text has doubled before
        // parsing again: a long record costs linear time, not one rescan per block.
        let mut wait_for = 0;
        loop {
            if !eof && buf.len() < wait_for {
                match self.stream.fill(&mut buf) {
                    Ok(more) => eof = !more,
                    Err(message) => {
                        // Check the complete records decoded before the bad bytes first.
                        failure = Some(message);
                        eof = true;
                    }
                }
                continue;
            }
            let found = match &records {
                Records::Jsonl => buf[pos..]
                    .find('\n')
                    .map(|i| pos + i + 1)
                    .or((eof && pos < buf.len()).then_some(buf.len()))
                    .map(|next| (next, None)),
                Records::Csv { delim, .. } if pos < buf.len() => {
                    next_record(&buf, pos, *delim, eof).map(|(rec, next)| (next, Some(rec)))
                }
                Records::Csv { .. } => None,
            };
            // A record that never ends (an unclosed quote, a file without newlines) is
            // read as if the input ended here: its first line is reported, not the whole
            // rest of the file buffered.
            let found = match (found, &records) {
                (None, Records::Csv { delim, .. }) if buf.len() - pos > MAX_RECORD_BYTES => {
                    next_record(&buf, pos, *delim, true).map(|(rec, next)| (next, Some(rec)))
                }
                (None, Records::Jsonl) if buf.len() - pos > MAX_RECORD_BYTES => {
                    Some((buf.len(), None))
                }
                (found, _) => found,
            };
            let Some((next, csv)) = found else {
                if eof {
                    break;
                }
                wait_for = buf.len() + (buf.len() - pos).max(1);
                continue;
            };
            if buf[pos..next].trim().is_empty() {
                pos = next;
                continue;
            }
            seen_any = true;
            let record = match self.record(&mut records, &buf, pos..next, csv, first_line) {
                Ok(Some(r)) => r,
                Ok(None) => {
                    pos = next;
                    continue;
                }
                Err(problem) => {
                    (self.emit)(Item::Problem(problem));
                    return;
                }
            };
            let boundary = match &record {
                Ok(r) => r.whole || current_key.as_ref() != Some(&r.key),
                Err(_) => false,
            };
            if boundary {
                conversation_start = pos;
            }
            let oversized = pos - conversation_start >= MAX_CONVERSATION_BYTES;
            if (boundary && pos >= self.batch_bytes) || oversized {
                self.flush(&mut buf, pos, &mut first_line, &mut batch, &mut ids);
                pos = 0;
                conversation_start = 0;
                continue; // the record is read again at the start of the new batch
            }
            if let Ok(r) = &record {
                current_key = (!r.whole).then(|| r.key.clone());
            }
            self.add(record, &mut batch, &mut ids);
            pos = next;
        }
        if let Some(message) = failure {
            self.flush(&mut buf, pos, &mut first_line, &mut batch, &mut ids);
            (self.emit)(Item::Problem(Problem::error(self.path, message, None)));
            return;
        }
        if !seen_any {
            (self.emit)(Item::Problem(Problem::note(
                self.path,
                "empty file: nothing to check",
            )));
            return;
        }
        self.flush(&mut buf, pos, &mut first_line, &mut batch, &mut ids);
    }

    /// The record at `buf[at]`; `Ok(None)` for the CSV header.
    fn record(
        &self,
        records: &mut Records,
        buf: &str,
        at: Range<usize>,
        csv: Option<CsvRecord>,
        first_line: usize,
    ) -> Result<Option<Result<Record, Unparsed>>, Problem> {
        let Records::Csv {
            columns, canned, ..
        } = records
        else {
            let raw = &buf[at.clone()];
            let line = raw.trim();
            let start = at.start + (raw.len() - raw.trim_start().len());
            let reader = JsonReader {
                file: buf,
                fields: self.fields,
            };
            return Ok(Some(reader.record(line).map_err(|reason| Unparsed {
                location: start..start + line.len(),
                reason: reason.into(),
            })));
        };
        let Some(rec) = csv else {
            return Ok(None);
        };
        let Some(cols) = columns else {
            let names: Vec<String> = rec
                .fields
                .into_iter()
                .map(|f| f.0.trim().to_owned())
                .collect();
            let found = Columns::new(&names, self.fields, *canned).map_err(|m| {
                Problem::error(
                    format!("{}:{}", self.path, first_line + 1),
                    m,
                    Some(
                        "name the columns in replylint.toml, e.g. [input.fields] text = [\"留言\"]",
                    ),
                )
            })?;
            *columns = Some(found);
            return Ok(None);
        };
        // Rows of whole conversations without an id column are named after their line.
        let id;
        let default = if cols.shape == Shape::Turns {
            self.path
        } else {
            let line = first_line + 1 + buf[..at.start].matches('\n').count();
            id = format!("{}:{line}", self.path);
            id.as_str()
        };
        Ok(Some(cols.record(buf, &rec, default)))
    }

    /// Put a record into the batch: a whole conversation, or a turn of the conversation its
    /// key names.
    fn add(
        &self,
        record: Result<Record, Unparsed>,
        batch: &mut Transcript,
        ids: &mut HashMap<String, usize>,
    ) {
        let mut record = match record {
            Ok(r) => r,
            Err(unparsed) => {
                batch.unparsed.push(unparsed);
                return;
            }
        };
        batch.unparsed.append(&mut record.unparsed);
        batch.issues.append(&mut record.issues);
        if record.turns.is_empty() {
            return;
        }
        if record.whole {
            let mut c = Conversation::new(record.key.unwrap_or_else(|| self.path.to_owned()));
            c.turns = record.turns;
            c.canned = record.canned;
            batch.conversations.push(c);
            return;
        }
        let id = record.key.unwrap_or_else(|| self.path.to_owned());
        match ids.get(&id) {
            Some(&i) => batch.conversations[i].turns.extend(record.turns),
            None => {
                ids.insert(id.clone(), batch.conversations.len());
                let mut c = Conversation::new(id);
                c.turns = record.turns;
                batch.conversations.push(c);
            }
        }
    }

    /// Emit `buf[..upto]` as a batch and keep the rest.
    fn flush(
        &mut self,
        buf: &mut String,
        upto: usize,
        first_line: &mut usize,
        batch: &mut Transcript,
        ids: &mut HashMap<String, usize>,
    ) {
        let text: String = buf.drain(..upto).collect();
        let lines = text.matches('\n').count();
        let mut transcript = std::mem::take(batch);
        let end = self.drained + upto;
        let replaced: Vec<usize> = self
            .stream
            .replaced
            .iter()
            .copied()
            .filter(|&at| at < end)
            .collect();
        self.stream.replaced.retain(|&at| at >= end);
        transcript
            .issues
            .extend(invalid_bytes(&text, &replaced, self.drained));
        self.drained = end;
        ids.clear();
        if !transcript.conversations.is_empty()
            || !transcript.unparsed.is_empty()
            || !transcript.issues.is_empty()
        {
            (self.emit)(Item::Batch(Batch {
                source: SourceFile::part(self.path.to_owned(), text, *first_line),
                transcript,
                cells: None,
            }));
        }
        *first_line += lines;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_bom_is_told_from_binary() {
        let le: Vec<u8> = "[2024-05-01 10:00:00] 客服: 一最新订单，催什么催\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect(&le, false).map(|d| d.0), Ok(encoding_rs::UTF_16LE));
        let be: Vec<u8> = "客服: 您好\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(detect(&be, false).map(|d| d.0), Ok(encoding_rs::UTF_16BE));
        assert_eq!(
            detect(b"PK\x03\x04\0\0\x14\0\x08\0", false),
            Err(DecodeError::Binary)
        );
    }
}
