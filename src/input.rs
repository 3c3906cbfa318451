//! From an input (a file or stdin) to batches of parsed conversations: the one entry point
//! of reading.
//!
//! The format is chosen from the extension and the first bytes (or forced with
//! `--input-format`, see [`crate::transcript::resolve`]), the encoding from the byte-order
//! mark and the bytes themselves (or forced with `--encoding`, see [`crate::encoding`]).
//!
//! Whole-document formats (plain text, 千牛 paste, WhatsApp, JSON, canned TOML and text) are
//! read whole: one batch. Record formats (JSON Lines, CSV, TSV) are streamed in batches of
//! whole conversations ([`crate::transcript::stream`]).

use crate::encoding::{BLOCK_BYTES, DecodeError, Decoded, TextStream, decode_with, detect};
use crate::problem::Problem;
use crate::source::{FileBytes, Input, SourceFile};
pub use crate::transcript::{BATCH_BYTES, Batch, InputFormat, Item, Piece};
use crate::transcript::{
    Fields, JsonReader, Resolved, SheetError, Transcript, invalid_bytes, is_canned_csv,
    is_spreadsheet, json_error_message, looks_like_jsonl, looks_like_workbook, parse_canned_lines,
    parse_canned_toml, read_sheet, resolve, stream, stream_text,
};
use encoding_rs::Encoding;
use serde_json::value::RawValue;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

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
    /// Set when nobody reads the report any more (a closed pipe): streaming stops at the
    /// next record.
    pub stop: Arc<AtomicBool>,
}

/// Read one input; every batch and problem goes to `emit`, in file order.
pub fn read(input: &Input, options: &ReadOptions, emit: &mut dyn FnMut(Item)) {
    read_pieces(input, options, &mut parsed(options, emit));
}

/// Read one input as [`read`] does, but give the parts of a record format unparsed: the
/// check stage parses each where it checks it, so that one large file is parsed on every
/// core.
pub fn read_pieces(input: &Input, options: &ReadOptions, pieces: &mut dyn FnMut(Piece)) {
    let mut emit = |item: Item| pieces(Piece::Item(item));
    let path = input.display();
    // The first block decides the format, and the encoding of a streamed file.
    let (head, rest) = match open(input) {
        Ok(x) => x,
        Err(err) => {
            let problem = Problem::error(&path, format!("cannot read: {err}"), None);
            return emit(Item::Problem(problem));
        }
    };
    let sniff_workbook = *input == Input::Stdin;
    read_opened(&path, sniff_workbook, head, rest, options, pieces)
}

/// Pieces to items: each part parsed as it comes.
fn parsed<'a>(options: &'a ReadOptions, emit: &'a mut dyn FnMut(Item)) -> impl FnMut(Piece) + 'a {
    move |piece| match piece {
        Piece::Item(item) => emit(item),
        Piece::Part(part) => part.parse(&options.fields, &options.stop, emit),
    }
}

/// Read the bytes of a file named `path` as [`read`] reads the file (`--fix` checks a
/// fixed library before it is written).
pub fn read_bytes(
    path: &str,
    mut bytes: Vec<u8>,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Item),
) {
    let rest = bytes.split_off(bytes.len().min(BLOCK_BYTES));
    read_opened(
        path,
        false,
        bytes,
        Box::new(io::Cursor::new(rest)),
        options,
        &mut parsed(options, emit),
    )
}

/// Read an input whose first block is `head`; `sniff_workbook` looks for a spreadsheet in
/// its bytes, not only in its name (standard input has none).
fn read_opened(
    path: &str,
    sniff_workbook: bool,
    head: Vec<u8>,
    mut rest: Box<dyn Read + Send>,
    options: &ReadOptions,
    pieces: &mut dyn FnMut(Piece),
) {
    let mut emit = |item: Item| pieces(Piece::Item(item));
    let path = path.to_owned();
    let cannot_read = |err: io::Error| Problem::error(&path, format!("cannot read: {err}"), None);
    let sheet_format = matches!(options.format, InputFormat::Auto | InputFormat::Canned);
    let workbook = is_spreadsheet(&path) || (sniff_workbook && looks_like_workbook(&head));
    if sheet_format && workbook {
        return read_workbook(&path, head, rest, options, pieces);
    }
    let (encoding, reason) = match options.encoding {
        Some(e) => (e, "given with --encoding".to_owned()),
        None => match detect(&head, head.len() < BLOCK_BYTES) {
            Ok(found) => found,
            Err(err) => return emit(Item::Problem(decode_problem(&path, &err))),
        },
    };
    let (sniff_text, _, _) = encoding.decode(&head);
    let format = resolve(options.format, &path, &sniff_text, &options.fields);
    let detail = || {
        let what = format!(
            "reading {path} as {} ({}: {reason}",
            format.name(),
            encoding.name()
        );
        if head.len() < BLOCK_BYTES {
            format!("{what})")
        } else {
            format!("{what}, from the first {} KB)", BLOCK_BYTES >> 10)
        }
    };
    // Plain text of one block or less is decoded whole, as the encoding was detected on the
    // whole of it (an encoding given that does not decode it refuses the file); a longer one
    // is decoded as it is cut, in the encoding its first block shows, as a record format is.
    let streamed = match format {
        Resolved::Text | Resolved::Qianniu => head.len() >= BLOCK_BYTES,
        Resolved::Jsonl | Resolved::Csv { .. } => true,
        _ => false,
    };
    if streamed {
        let detail = detail();
        let text = TextStream::new(head, rest, encoding).forced(options.encoding.is_some());
        return stream_as(&path, format, detail, options, text, pieces);
    }
    let mut bytes = head;
    if let Err(err) = rest.read_to_end(&mut bytes) {
        return emit(Item::Problem(cannot_read(err)));
    }
    match decode_with(&bytes, options.encoding) {
        Ok(decoded) => {
            let file_bytes = decoded.file_bytes(&bytes);
            drop(bytes);
            read_whole(&path, decoded, file_bytes, format, options, pieces)
        }
        Err(err) => emit(Item::Problem(decode_problem(&path, &err))),
    }
}

/// Read `text` as a stream in `format`: a record format, or plain text (whose line shape is
/// added to `detail` once its first lines decide it).
fn stream_as(
    path: &str,
    format: Resolved,
    detail: String,
    options: &ReadOptions,
    text: TextStream,
    pieces: &mut dyn FnMut(Piece),
) {
    if let Resolved::Text | Resolved::Qianniu = format {
        let headers = format == Resolved::Qianniu;
        let (size, stop) = (options.batch_bytes, &options.stop);
        return stream_text(path, headers, detail, size, stop, text, pieces);
    }
    pieces(Piece::Item(Item::Detail(detail)));
    stream(
        path,
        format,
        &options.fields,
        options.batch_bytes,
        &options.stop,
        text,
        pieces,
    );
}

/// Whether a file whose first block is `head` is read as a canned-reply library (TOML,
/// CSV or one reply per line), the only inputs `--fix` edits. Spreadsheets are not.
pub fn is_canned_library(path: &str, head: &[u8], options: &ReadOptions) -> bool {
    if is_spreadsheet(path) {
        return false;
    }
    let encoding = match options.encoding {
        Some(e) => e,
        None => match detect(head, head.len() < BLOCK_BYTES) {
            Ok((e, _)) => e,
            Err(_) => return false,
        },
    };
    let (sniff_text, _, _) = encoding.decode(head);
    match resolve(options.format, path, &sniff_text, &options.fields) {
        Resolved::CannedToml | Resolved::CannedLines | Resolved::Csv { canned: true, .. } => true,
        Resolved::Csv { tab, .. } => {
            let first_line = sniff_text.lines().next().unwrap_or_default();
            is_canned_csv(first_line, &options.fields, tab)
        }
        _ => false,
    }
}

/// Open an input: its first block and a reader of the rest.
fn open(input: &Input) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut reader = input.open()?;
    let mut head = Vec::with_capacity(BLOCK_BYTES);
    (&mut reader)
        .take(BLOCK_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok((head, reader))
}

/// A document read whole, as batches of whole conversations of about `batch_bytes` that
/// share its text: checked on every core, like the parts of a streamed file. Each reading
/// problem goes with the conversations around it, so the findings come out in the order
/// one batch would give them.
fn in_batches(source: SourceFile, mut transcript: Transcript, batch_bytes: usize) -> Vec<Batch> {
    let start = |c: &crate::transcript::Conversation| c.turns.first().map(|t| t.location.start);
    let starts: Vec<Option<usize>> = transcript.conversations.iter().map(start).collect();
    let in_order = starts.iter().flatten().is_sorted();
    if !in_order || source.text().len() <= batch_bytes.saturating_mul(2) {
        return vec![Batch { source, transcript }];
    }
    // Where each batch after the first begins: the first turn of its first conversation.
    let mut cuts = Vec::new();
    let mut batch_start = 0;
    for at in starts.iter().flatten() {
        if at - batch_start >= batch_bytes {
            cuts.push(*at);
            batch_start = *at;
        }
    }
    let which = |at: usize| cuts.partition_point(|&cut| cut <= at);
    let mut batches: Vec<Transcript> = (0..=cuts.len()).map(|_| Transcript::default()).collect();
    let mut at = 0;
    for (conversation, start) in transcript.conversations.drain(..).zip(starts) {
        // A conversation without turns goes with the one before it.
        at = start.map_or(at, which);
        batches[at].conversations.push(conversation);
    }
    for issue in transcript.issues.drain(..) {
        batches[which(issue.location.start)].issues.push(issue);
    }
    for line in transcript.unparsed.drain(..) {
        batches[which(line.location.start)].unparsed.push(line);
    }
    batches[0].layout = transcript.layout.take();
    batches[0].unlisted_invalid = transcript.unlisted_invalid;
    batches
        .into_iter()
        .map(|transcript| Batch {
            source: source.clone(),
            transcript,
        })
        .collect()
}

/// Parse a document decoded whole.
fn read_whole(
    path: &str,
    decoded: Decoded,
    file_bytes: FileBytes,
    format: Resolved,
    options: &ReadOptions,
    pieces: &mut dyn FnMut(Piece),
) {
    let mut emit = |item: Item| pieces(Piece::Item(item));
    let text = &decoded.text;
    if text.trim().is_empty() {
        return emit(Item::Problem(Problem::note(
            path,
            "empty file: nothing to check",
        )));
    }
    match whole(path, text, format, &options.fields) {
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
            invalid_bytes(text, &decoded.replaced, &mut transcript);
            let source = SourceFile::new(path, decoded.text).at(file_bytes);
            for batch in in_batches(source, transcript, options.batch_bytes) {
                emit(Item::Batch(batch));
            }
        }
        Ok(Whole::NotALibrary) => emit(Item::Problem(Problem::note(
            path,
            "not a canned-reply library (no [[reply]] tables); skipped",
        ))),
        Ok(Whole::Stream(format)) => {
            let detail = format!(
                "reading {path} as {} ({}: {})",
                format.name(),
                decoded.encoding.name(),
                decoded.reason
            );
            let text = TextStream::decoded(decoded, &file_bytes);
            stream_as(path, format, detail, options, text, pieces);
        }
        Err(problem) => emit(Item::Problem(problem)),
    }
}

/// A spreadsheet: read whole (a workbook is a compressed archive), one batch.
fn read_workbook(
    path: &str,
    mut bytes: Vec<u8>,
    mut rest: Box<dyn Read + Send>,
    options: &ReadOptions,
    pieces: &mut dyn FnMut(Piece),
) {
    let mut emit = |item: Item| pieces(Piece::Item(item));
    if let Err(err) = rest.read_to_end(&mut bytes) {
        return emit(Item::Problem(Problem::error(
            path,
            format!("cannot read: {err}"),
            None,
        )));
    }
    let canned = options.format == InputFormat::Canned;
    match read_sheet(
        bytes,
        path,
        options.sheet.as_deref(),
        &options.fields,
        canned,
    ) {
        Ok(sheet) => {
            emit(Item::Detail(format!(
                "reading {path} as a spreadsheet: sheet `{}` ({}), {} rows under its header",
                sheet.name, sheet.why, sheet.rows
            )));
            emit(Item::Batch(Batch {
                source: SourceFile::sheet(path, sheet.text, sheet.cells),
                transcript: sheet.transcript,
            }));
        }
        Err(SheetError::Empty(message)) => emit(Item::Problem(Problem::note(path, message))),
        Err(SheetError::Unreadable { message, help }) => {
            emit(Item::Problem(Problem::error(path, message, Some(help))))
        }
    }
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

/// What reading a whole document gave.
enum Whole {
    Read(Transcript),
    /// A TOML file without `[[reply]]` tables (a rule pack, say).
    NotALibrary,
    /// To be read as a stream after all: a `.json` file or stdin holding one JSON value per
    /// line is JSON Lines.
    Stream(Resolved),
}

fn whole(path: &str, text: &str, format: Resolved, fields: &Fields) -> Result<Whole, Problem> {
    Ok(Whole::Read(match format {
        Resolved::Json => {
            let mut values = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
            let root = match (values.next(), values.next()) {
                (Some(Ok(root)), None) => root,
                (Some(Ok(_)), Some(Ok(_))) if looks_like_jsonl(text) => {
                    return Ok(Whole::Stream(Resolved::Jsonl));
                }
                // Parsed again as one document for serde_json's own message and position.
                _ => serde_json::from_str::<&RawValue>(text)
                    .map_err(|e| json_problem(path, text, &e))?,
            };
            JsonReader { file: text, fields }.document(root, path)
        }
        Resolved::CannedToml => match parse_canned_toml(text, path) {
            None => return Ok(Whole::NotALibrary),
            Some(r) => r.map_err(|m| Problem::error(path, m, None))?,
        },
        Resolved::CannedLines => parse_canned_lines(text, path),
        // Read as they are decoded, part by part (see `read_opened`).
        Resolved::Text | Resolved::Qianniu | Resolved::Jsonl | Resolved::Csv { .. } => {
            return Ok(Whole::Stream(format));
        }
    }))
}

/// A JSON document that does not parse, located by line and character column.
fn json_problem(path: &str, text: &str, e: &serde_json::Error) -> Problem {
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
        format!("invalid JSON: {}", json_error_message(e)),
        Some("fix the file, or pass --input-format jsonl if it holds one object per line"),
    )
}
