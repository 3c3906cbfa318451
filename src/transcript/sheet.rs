//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), read with calamine and then
//! exactly like CSV: one sheet is written out as CSV text, which the CSV reader parses with
//! the same header aliases and shapes, and which the human report draws. A [`CellMap`]
//! takes every position in that text back to the sheet, row and column of its cell, so a
//! finding says `chats.xlsx:Sheet1!D12`.

use super::time::Timestamp;
use calamine::{Data, Reader};
use std::io::Cursor;
use std::ops::Range;

/// The extensions read as spreadsheets.
pub const SHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// One sheet as CSV text, and where its cells are in it.
pub struct SheetText {
    pub name: String,
    pub text: String,
    pub cells: CellMap,
    pub rows: usize,
    /// Rows above the header row (a title, a caption), not read.
    pub skipped: usize,
}

/// Where each cell's content sits in the CSV text of its sheet.
#[derive(Debug, Clone, Default)]
pub struct CellMap {
    sheet: String,
    /// Sorted by `content.start`.
    cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
struct Cell {
    /// The content's bytes in the CSV text (inside the quotes of a quoted field).
    content: Range<usize>,
    /// 0-based row and column in the sheet.
    row: u32,
    col: u32,
    quoted: bool,
}

/// A place in a sheet: `Sheet1!D12`, and the character column in the cell (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPlace {
    pub reference: String,
    pub row: usize,
    pub column: usize,
}

impl CellMap {
    /// The cell holding byte `offset` of the CSV text, and the character column in it;
    /// `text` is the part of the CSV text that starts at byte `base`.
    pub fn locate(&self, text: &str, base: usize, offset: usize) -> Option<CellPlace> {
        let offset = base + offset;
        let i = self.cells.partition_point(|c| c.content.start <= offset);
        let cell = self.cells.get(i.checked_sub(1)?)?;
        if offset > cell.content.end {
            return None;
        }
        let before = text.get(cell.content.start.checked_sub(base)?..offset - base)?;
        // A quoted field doubles its quotes: `""` is one character of the cell.
        let doubled = if cell.quoted {
            before.matches("\"\"").count()
        } else {
            0
        };
        Some(CellPlace {
            reference: format!("{}!{}{}", self.sheet, column_name(cell.col), cell.row + 1),
            row: cell.row as usize + 1,
            column: before.chars().count() - doubled + 1,
        })
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Read sheet `wanted` (the first when `None`) of a workbook.
/// Rows looked at for the header row: a title or a merged caption may come first.
const HEADER_SEARCH_ROWS: usize = 10;

/// The first row among the first few non-empty ones that `is_header` accepts.
fn header_row(
    range: &calamine::Range<Data>,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Option<usize> {
    range
        .rows()
        .enumerate()
        .filter(|(_, row)| !row.iter().all(|c| matches!(c, Data::Empty)))
        .take(HEADER_SEARCH_ROWS)
        .find(|(_, row)| {
            let names: Vec<String> = row.iter().map(cell_text).collect();
            is_header(&names)
        })
        .map(|(i, _)| i)
}

/// Read sheet `wanted` (when `None`, the first with a header row `is_header` accepts, else
/// the first that holds anything) of a workbook, from its header row on.
pub fn read_sheet(
    bytes: Vec<u8>,
    wanted: Option<&str>,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<SheetText, String> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let names = workbook.sheet_names();
    let name = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "no sheet named `{w}`; the sheets are: {}",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
        // Exports often open with a cover sheet.
        None => names
            .iter()
            .find(|n| {
                workbook
                    .worksheet_range(n)
                    .is_ok_and(|r| header_row(&r, is_header).is_some())
            })
            .or_else(|| {
                names.iter().find(|n| {
                    workbook
                        .worksheet_range(n)
                        .is_ok_and(|r| r.used_cells().next().is_some())
                })
            })
            .or(names.first())
            .cloned()
            .ok_or_else(|| "the workbook has no sheets".to_owned())?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let skipped = header_row(&range, is_header).unwrap_or(0);
    let mut text = String::new();
    let mut cells = Vec::new();
    let mut rows = 0;
    for (r, row) in range.rows().enumerate().skip(skipped) {
        if row.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        rows += 1;
        let last = row
            .iter()
            .rposition(|c| !matches!(c, Data::Empty))
            .unwrap_or(0);
        for (c, value) in row[..=last].iter().enumerate() {
            if c > 0 {
                text.push(',');
            }
            let value = cell_text(value);
            let quoted = value.contains([',', '"', '\n', '\r']);
            if quoted {
                text.push('"');
            }
            let start = text.len();
            if quoted {
                text.push_str(&value.replace('"', "\"\""));
            } else {
                text.push_str(&value);
            }
            cells.push(Cell {
                content: start..text.len(),
                row: row0 + r as u32,
                col: col0 + c as u32,
                quoted,
            });
            if quoted {
                text.push('"');
            }
        }
        text.push('\n');
    }
    Ok(SheetText {
        cells: CellMap {
            sheet: name.clone(),
            cells,
        },
        name,
        text,
        rows,
        skipped,
    })
}

/// A cell as text: dates as `YYYY-MM-DD HH:MM:SS`, so the time column parses like CSV's.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => Timestamp::from_excel_serial(d.as_f64()).full(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        let names: Vec<String> = [0, 3, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "D", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn corrupt_bytes_are_an_error_not_a_panic() {
        let any = |_: &[String]| true;
        let err = read_sheet(b"PK\x03\x04 not really a zip".to_vec(), None, &any).err();
        assert!(err.is_some_and(|e| e.starts_with("not a readable spreadsheet")));
        assert!(read_sheet(Vec::new(), None, &any).is_err());
    }
}
