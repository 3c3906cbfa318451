//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), read with calamine and then as
//! CSV is: one sheet (named, or the first that holds anything: exports often open on a
//! cover sheet), whose first used row is the header, understood by the same [`Columns`] (aliases, the
//! turn, one-chat-per-row and canned shapes), and each further row is a record.
//!
//! The sheet is drawn as text, one line per sheet row (rows before the first used one are
//! empty lines), cells separated by tabs and a line break inside a cell drawn as `⏎`, so
//! that the report can show the row; the [`CellMap`] takes positions in it back to cells.

use super::csv::{Columns, CsvRecord, Shape};
use super::fields::Fields;
use super::{Conversation, Record, TextMap, TextMapBuilder, Transcript, Unparsed};
use crate::cells::CellMap;
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader};
use std::collections::HashMap;
use std::io::Cursor;

/// The extensions read as spreadsheets.
pub const SHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Do the first bytes look like a workbook: a zip archive (xlsx, ods) or an OLE compound
/// file (xls)? For stdin, which has no extension.
pub fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// One sheet, read.
pub struct Sheet {
    pub name: String,
    /// Why this sheet was read, for `-v`.
    pub why: String,
    /// The sheet drawn as text; spans of `transcript` point into it.
    pub text: String,
    pub cells: CellMap,
    pub transcript: Transcript,
    /// Rows after the header that hold anything.
    pub rows: usize,
}

/// Why a workbook gave nothing to check.
#[derive(Debug, PartialEq, Eq)]
pub enum SheetError {
    /// Not a workbook, no such sheet, no message column: the input could not be read.
    Unreadable { message: String, help: &'static str },
    /// The sheet asked for is empty, or every sheet is: nothing to check.
    Empty(String),
}

const SHEET_HELP: &str =
    "choose a sheet with --sheet NAME (or `sheet` under [input] in replylint.toml)";

fn unreadable(message: String, help: &'static str) -> SheetError {
    SheetError::Unreadable { message, help }
}

/// Rows looked at for the header row: a title or a merged caption may come first.
const HEADER_SEARCH_ROWS: usize = 10;

/// Whether a row's values name the columns of a chat export or a canned-reply list.
fn names_columns(names: &[String], fields: &Fields, canned: bool) -> bool {
    Columns::new(names, fields, canned).is_ok() || Columns::new(names, fields, true).is_ok()
}

/// Read sheet `wanted` of a workbook (when `None`, the first whose rows name the columns,
/// else the first that holds anything). `path` names conversations of sheets without an id
/// column; `canned` reads rows as canned replies.
pub fn read_sheet(
    bytes: Vec<u8>,
    path: &str,
    wanted: Option<&str>,
    fields: &Fields,
    canned: bool,
) -> Result<Sheet, SheetError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(
            format!("not a readable spreadsheet: {e}"),
            "save it again from the spreadsheet program (xlsx, xls, xlsb or ods), or export it as CSV",
        )
    })?;
    let names = book.sheet_names();
    let listed = || {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let filled = |book: &mut calamine::Sheets<Cursor<Vec<u8>>>, n: &str| {
        book.worksheet_range(n)
            .is_ok_and(|r| r.used_cells().next().is_some())
    };
    // A sheet whose first rows name the columns: a cover sheet of text is passed over.
    let has_header = |book: &mut calamine::Sheets<Cursor<Vec<u8>>>, n: &str| {
        book.worksheet_range(n).is_ok_and(|r| {
            r.rows()
                .filter(|row| !row.iter().all(|c| matches!(c, Data::Empty)))
                .take(HEADER_SEARCH_ROWS)
                .any(|row| {
                    let names: Vec<String> = row
                        .iter()
                        .map(|c| cell_value(c, false).trim().to_owned())
                        .collect();
                    names_columns(&names, fields, canned)
                })
        })
    };
    let (name, why) = match wanted {
        Some(w) => {
            let name = names
                .iter()
                .find(|n| n.as_str() == w)
                .cloned()
                .ok_or_else(|| {
                    unreadable(
                        format!("no sheet named `{w}`; the sheets are {}", listed()),
                        SHEET_HELP,
                    )
                })?;
            (name, "named with --sheet or [input] sheet".to_owned())
        }
        None => {
            let first = names
                .iter()
                .position(|n| has_header(&mut book, n))
                .or_else(|| names.iter().position(|n| filled(&mut book, n)));
            let i = first.ok_or_else(|| {
                SheetError::Empty(format!(
                    "every sheet is empty ({}): nothing to check",
                    listed()
                ))
            })?;
            let why = match i {
                0 => format!("the first of {}", names.len()),
                _ => format!(
                    "the first whose rows name the columns; before it: {}",
                    names[..i].join(", ")
                ),
            };
            (names[i].clone(), why)
        }
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(format!("cannot read sheet `{name}`: {e}"), SHEET_HELP))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate().map(|(i, r)| (row0 + i as u32, r));
    let mut drawing = Drawing {
        text: "\n".repeat(row0 as usize),
        cells: CellMap::new(&name),
        col0,
    };
    // The header is the first of the first rows that names the columns: a title or a merged
    // caption often comes above it. Rows above it are drawn but not read.
    let mut candidates = Vec::new();
    for (r, row) in rows.by_ref() {
        let rec = drawing.row(r, row, None);
        let names: Vec<String> = rec.fields.iter().map(|f| f.0.trim().to_owned()).collect();
        if names.iter().all(String::is_empty) {
            continue;
        }
        let found = names_columns(&names, fields, canned);
        candidates.push((r, names));
        if found || candidates.len() >= HEADER_SEARCH_ROWS {
            break;
        }
    }
    let Some((header_row, names_in_header)) = candidates
        .iter()
        .rev()
        .find(|(_, n)| names_columns(n, fields, canned))
        .or(candidates.first())
        .cloned()
    else {
        return Err(SheetError::Empty(format!(
            "sheet `{name}` is empty: nothing to check"
        )));
    };
    let title_rows = candidates.iter().filter(|(r, _)| *r < header_row).count();
    let why = match title_rows {
        0 => why,
        n => format!(
            "{why}; its header is row {}, under {n} title rows",
            header_row + 1
        ),
    };
    let read_header = |canned: bool| {
        Columns::new(&names_in_header, fields, canned).map_err(|m| {
            unreadable(
                format!("{name}!{}: {m}", header_row + 1),
                "name the columns in replylint.toml, e.g. [input.fields] text = [\"留言\"]",
            )
        })
    };
    let mut columns = read_header(canned)?;
    // A sheet of one column of messages is a list of replies, as a one-column text file is.
    let one_column = names_in_header.iter().filter(|n| !n.is_empty()).count() < 2;
    if one_column && columns.shape == Shape::Turns {
        columns = read_header(true)?;
    }
    let width = names_in_header.len();
    let mut transcript = Transcript::default();
    let mut ids = HashMap::new();
    let mut count = 0;
    for (r, row) in rows {
        let mut rec = drawing.row(r, row, columns.time_column());
        if rec.fields.iter().all(|f| f.0.trim().is_empty()) {
            continue;
        }
        count += 1;
        // A cell right of the header is under no column, as an unnamed CSV column is;
        // a short row has empty cells, not missing fields.
        rec.fields.truncate(width);
        let end = rec.span.end;
        rec.fields
            .resize_with(width, || (String::new(), TextMap::verbatim(end, 0)));
        let id = format!("{path}:{}", r + 1);
        add(
            path,
            columns.record(&drawing.text, &rec, &id),
            &mut transcript,
            &mut ids,
        );
    }
    Ok(Sheet {
        name,
        why,
        text: drawing.text,
        cells: drawing.cells,
        transcript,
        rows: count,
    })
}

/// The sheet being drawn as text.
struct Drawing {
    text: String,
    cells: CellMap,
    /// The first used column: the ones before it are drawn empty.
    col0: u32,
}

impl Drawing {
    /// Draw one row as a line; its fields are the cells' values, mapped to the drawing.
    fn row(&mut self, row: u32, cells: &[Data], time_column: Option<usize>) -> CsvRecord {
        let start = self.text.len();
        let mut fields = Vec::new();
        let leading = self.col0 as usize;
        for _ in 0..leading {
            fields.push((String::new(), TextMap::verbatim(self.text.len(), 0)));
            self.text.push('\t');
        }
        let last = cells
            .iter()
            .rposition(|c| !matches!(c, Data::Empty))
            .map_or(0, |i| i + 1);
        for (i, value) in cells[..last].iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            let col = leading + i;
            let value = cell_value(value, time_column == Some(col));
            let from = self.text.len();
            let mut b = TextMapBuilder::default();
            for (at, c) in value.char_indices() {
                let drawn = match c {
                    '\n' => '⏎',
                    '\r' => '␍',
                    '\t' => '⇥',
                    _ => c,
                };
                let here = self.text.len();
                self.text.push(drawn);
                if drawn == c {
                    b.verbatim(&value[at..at + c.len_utf8()], here);
                } else {
                    b.escaped(c, here..self.text.len());
                }
            }
            self.cells.push(from..self.text.len(), row, col as u32);
            let (decoded, map) = b.finish();
            fields.push((decoded, map));
        }
        let end = self.text.len();
        self.text.push('\n');
        CsvRecord {
            fields,
            span: start..end,
            unclosed: false,
        }
    }
}

/// A cell as text. Dates are written `YYYY-MM-DD HH:MM:SS`, as CSV exports write them; in
/// the time column a plain number in Excel's date range is a date serial too (a date cell
/// that lost its format).
fn cell_value(value: &Data, time_column: bool) -> String {
    let serial = |v: f64| {
        (time_column && (0.0..2_958_466.0).contains(&v))
            .then(|| excel_time(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false)))
    };
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => serial(*i as f64).unwrap_or_else(|| i.to_string()),
        Data::Float(f) => serial(*f).unwrap_or_else(|| f.to_string()),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_duration() => d.as_f64().to_string(),
        Data::DateTime(d) => excel_time(*d),
        Data::Error(e) => e.to_string(),
    }
}

/// A date serial as `YYYY-MM-DD HH:MM:SS`; below 1 it is a time of day alone.
fn excel_time(d: ExcelDateTime) -> String {
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if d.as_f64() < 1.0 {
        return format!("{h:02}:{mi:02}:{s:02}");
    }
    format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
}

/// Put a record into the transcript: a whole conversation, or a turn of the one its key
/// names (rows of one conversation need not be together in a sheet).
fn add(
    path: &str,
    record: Result<Record, Unparsed>,
    transcript: &mut Transcript,
    ids: &mut HashMap<String, usize>,
) {
    let mut record = match record {
        Ok(r) => r,
        Err(unparsed) => return transcript.unparsed.push(unparsed),
    };
    transcript.unparsed.append(&mut record.unparsed);
    transcript.issues.append(&mut record.issues);
    if record.turns.is_empty() {
        return;
    }
    let id = record.key.unwrap_or_else(|| path.to_owned());
    if !record.whole
        && let Some(&i) = ids.get(&id)
    {
        return transcript.conversations[i].turns.extend(record.turns);
    }
    let mut c = Conversation::new(id.clone());
    c.turns = record.turns;
    c.canned = record.canned;
    c.markers = record.markers;
    if !record.whole {
        ids.insert(id, transcript.conversations.len());
    }
    transcript.conversations.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_bytes_are_an_error_not_a_panic() {
        let f = Fields::default();
        for bytes in [b"PK\x03\x04 not really a zip".to_vec(), Vec::new()] {
            let err = read_sheet(bytes, "x.xlsx", None, &f, false).err();
            assert!(
                matches!(&err, Some(SheetError::Unreadable { message, .. }) if message.starts_with("not a readable spreadsheet")),
                "{err:?}"
            );
        }
    }

    #[test]
    fn dates_are_written_as_csv_exports_write_them() {
        let at = ExcelDateTime::new(45_444.840_277_777_78, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            cell_value(&Data::DateTime(at), false),
            "2024-06-01 20:10:00"
        );
        // A date cell that lost its format, in the time column only.
        assert_eq!(
            cell_value(&Data::Float(45_444.5), true),
            "2024-06-01 12:00:00"
        );
        assert_eq!(cell_value(&Data::Float(45_444.5), false), "45444.5");
        assert_eq!(cell_value(&Data::Float(0.75), true), "18:00:00");
        // Epoch seconds are not a serial: Timestamp reads them.
        assert_eq!(cell_value(&Data::Int(1_717_272_600), true), "1717272600");
        let in_1904 = ExcelDateTime::new(43_982.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(
            cell_value(&Data::DateTime(in_1904), false),
            "2024-06-01 00:00:00"
        );
    }
}
