//! Where the cells of a spreadsheet sit in the text the sheet is drawn as.
//!
//! A workbook is compressed XML, so no byte of the file can be pointed at. Its sheet is
//! drawn as text instead, one text line per sheet row, cells separated by tabs, so that
//! reports can show the row. A [`CellMap`] takes an offset of that text back to the cell:
//! findings then say `Sheet1!D12`, with the row as their line and the character inside the
//! cell as their column.

use crate::source::Position;
use std::ops::Range;

/// The cells of one drawn sheet, in text order.
#[derive(Debug, Clone, Default)]
pub struct CellMap {
    sheet: String,
    cells: Vec<DrawnCell>,
}

#[derive(Debug, Clone)]
struct DrawnCell {
    /// The cell's characters in the drawn text: one character per character of its value.
    text: Range<usize>,
    /// 0-based row and column in the sheet.
    row: u32,
    col: u32,
}

impl CellMap {
    pub fn new(sheet: impl Into<String>) -> CellMap {
        CellMap {
            sheet: sheet.into(),
            cells: Vec::new(),
        }
    }

    /// Record that the cell at 0-based `row`, `col` is drawn at `text`; cells must be added
    /// in text order.
    pub fn push(&mut self, text: Range<usize>, row: u32, col: u32) {
        self.cells.push(DrawnCell { text, row, col });
    }

    fn cell_at(&self, offset: usize) -> Option<&DrawnCell> {
        let i = self.cells.partition_point(|c| c.text.start <= offset);
        let cell = self.cells.get(i.checked_sub(1)?)?;
        // Just past the last character still belongs to the cell (an exclusive end).
        (offset <= cell.text.end).then_some(cell)
    }

    /// `Sheet1!D12` for the cell holding byte `offset` of the drawn text.
    pub fn reference(&self, offset: usize) -> Option<String> {
        let cell = self.cell_at(offset)?;
        Some(format!(
            "{}!{}{}",
            self.sheet,
            column_name(cell.col),
            cell.row + 1
        ))
    }

    /// The sheet row (1-based) and the character column inside the cell (1-based) of byte
    /// `offset` of `text`, the drawn sheet.
    pub fn position(&self, text: &str, offset: usize) -> Option<Position> {
        let cell = self.cell_at(offset)?;
        let before = text.get(cell.text.start..offset)?;
        Some(Position {
            line: cell.row as usize + 1,
            column: before.chars().count() + 1,
        })
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_name(col: u32) -> String {
    let mut name = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let digit = ((n - 1) % 26) as u8;
        name.push(char::from(b'A' + digit));
        n = (n - 1) / 26;
    }
    name.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_the_spreadsheet() {
        let names: Vec<String> = [0, 3, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "D", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn offsets_map_to_cells_and_characters_in_them() {
        let text = "内容\t说明\n您好，催什么催\t\n";
        let mut cells = CellMap::new("Sheet1");
        let second = text.find('您').unwrap_or_default();
        let tab = text[second..].find('\t').map_or(0, |i| second + i);
        cells.push(0..text.find('\t').unwrap_or_default(), 0, 0);
        cells.push(second..tab, 1, 3);
        let cui = text.find('催').unwrap_or_default();
        assert_eq!(cells.reference(cui).as_deref(), Some("Sheet1!D2"));
        assert_eq!(
            cells.position(text, cui),
            Some(Position { line: 2, column: 4 })
        );
        // The end of a cell is in it; the tab after it is not.
        assert_eq!(
            cells.position(text, tab),
            Some(Position { line: 2, column: 8 })
        );
        assert_eq!(cells.reference(tab + 1), None);
    }
}
