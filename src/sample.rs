//! `replylint sample`: a reproducible review sample (抽检) for QA staff.
//!
//! Per agent, N graded conversations, stratified by score band (under the pass mark,
//! passing, 90 and over, 100) and drawn in turn from each band, always with every
//! conversation that has a fatal finding. The draw is seeded: the seed is printed, and
//! `--seed` draws the same sample from the same inputs. The sample is a CSV (UTF-8 with
//! BOM, for Excel), or a workbook when the output ends in `.xlsx`, with one row per finding, its conversation's text, and empty `verdict`,
//! `reviewer`, `reason` and `date` columns; once filled in, the file is a baseline
//! (`check --baseline sample.csv`, `rules --precision sample.csv`).

use crate::app::{Ui, exit};
use crate::baseline::{Baseline, Entry};
use crate::cli::SampleArgs;
use crate::grade::command::{Graded, run_with};
use crate::grade::{Card, OpenConversations, Scorecard};
use crate::problem::Problem;
use crate::report::csv::row;
use crate::report::{Batch, Emitter, Format};
use crate::summary::Summary;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

/// A conversation's text in the sample is cut after this many characters.
const TEXT_CHARS: usize = 4000;

/// SplitMix64: a tiny generator whose sequence is fixed by this code, so that a seed
/// draws the same sample with every build (a crate's generator may change between
/// versions).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// A graded conversation that may be drawn.
struct Pooled {
    card: Card,
    entries: Vec<Entry>,
    text: String,
}

pub struct SampleEmitter {
    scorecard: Scorecard,
    per_agent: usize,
    seed: u64,
    /// Write an Excel workbook instead of CSV.
    xlsx: bool,
    open: OpenConversations,
    /// Identifies findings as the baseline stage does, in output order.
    baseline: Baseline,
    entries: HashMap<String, Vec<Entry>>,
    texts: HashMap<String, String>,
    pool: Vec<Pooled>,
    /// Conversations drawn and agents, for the summary.
    pub drawn: usize,
    pub agents: usize,
}

impl SampleEmitter {
    fn new(scorecard: Scorecard, per_agent: usize, seed: u64, xlsx: bool) -> Self {
        SampleEmitter {
            scorecard,
            per_agent,
            seed,
            xlsx,
            open: OpenConversations::default(),
            baseline: Baseline::default(),
            entries: HashMap::new(),
            texts: HashMap::new(),
            pool: Vec::new(),
            drawn: 0,
            agents: 0,
        }
    }

    /// The band of a score, worst first.
    fn band(&self, card: &Card) -> usize {
        match card.score {
            s if s < self.scorecard.pass_mark => 0,
            s if s < 90 => 1,
            s if s < 100 => 2,
            _ => 3,
        }
    }

    /// Indices into the pool: per agent (in name order), the fatal ones, then one from
    /// each band in turn, worst band first, until `per_agent`.
    fn draw(&self) -> Vec<usize> {
        let mut rng = SplitMix64(self.seed);
        let mut by_agent: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in self.pool.iter().enumerate().filter(|(_, p)| p.card.graded) {
            by_agent.entry(p.card.agent()).or_default().push(i);
        }
        let mut drawn = Vec::new();
        for indices in by_agent.values() {
            let (fatal, rest): (Vec<usize>, Vec<usize>) = indices
                .iter()
                .partition(|&&i| self.pool[i].card.fatal.is_some());
            let mut picked = fatal;
            let mut bands: [Vec<usize>; 4] = Default::default();
            for i in rest {
                bands[self.band(&self.pool[i].card)].push(i);
            }
            for band in &mut bands {
                rng.shuffle(band);
                band.reverse();
            }
            while picked.len() < self.per_agent && bands.iter().any(|b| !b.is_empty()) {
                for band in &mut bands {
                    if picked.len() < self.per_agent
                        && let Some(i) = band.pop()
                    {
                        picked.push(i);
                    }
                }
            }
            drawn.extend(picked);
        }
        drawn
    }
}

const HEADER: [&str; 17] = [
    "agent",
    "path",
    "conversation",
    "score",
    "band",
    "scope",
    "rule",
    "matched",
    "text",
    "occurrence",
    "digest",
    "line",
    "verdict",
    "reviewer",
    "reason",
    "date",
    "conversation_text",
];

const BANDS: [&str; 4] = ["fail", "pass", "90+", "100"];

impl Emitter for SampleEmitter {
    fn needs_conversations(&self) -> bool {
        true
    }

    fn needs_turn_text(&self) -> bool {
        true
    }

    fn needs_source(&self) -> bool {
        true
    }

    fn batch(&mut self, _out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.open.add(batch);
        for f in batch.findings {
            let entry = self.baseline.identify(f);
            if let Some(id) = &f.conversation {
                self.entries.entry(id.clone()).or_default().push(entry);
            }
        }
        if let Some(source) = batch.source {
            for c in batch.conversations.iter().filter(|c| !c.canned) {
                let text = self.texts.entry(c.id.clone()).or_default();
                let have = text.chars().count();
                if have < TEXT_CHARS {
                    let part = source.text().get(c.span.clone()).unwrap_or_default();
                    text.extend(part.chars().take(TEXT_CHARS - have));
                }
            }
        }
        Ok(())
    }

    fn end_file(&mut self, _out: &mut dyn Write, path: &str) -> io::Result<()> {
        for (info, findings) in self.open.take() {
            let card = self.scorecard.grade(path, &info, &findings);
            self.pool.push(Pooled {
                entries: self.entries.remove(&info.id).unwrap_or_default(),
                text: self.texts.remove(&info.id).unwrap_or_default(),
                card,
            });
        }
        self.entries.clear();
        self.texts.clear();
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let drawn = self.draw();
        self.drawn = drawn.len();
        let mut agents: Vec<String> = drawn.iter().map(|&i| self.pool[i].card.agent()).collect();
        agents.dedup();
        self.agents = agents.len();
        let mut rows: Vec<Vec<String>> = vec![HEADER.map(str::to_owned).to_vec()];
        for i in drawn {
            let p = &self.pool[i];
            let c = &p.card;
            let base = [
                c.agent(),
                c.path.clone(),
                c.conversation.clone(),
                c.score.to_string(),
                BANDS[self.band(c)].to_owned(),
            ];
            if p.entries.is_empty() {
                let mut cells: Vec<String> = base.to_vec();
                cells.extend((0..11).map(|_| String::new()));
                cells.push(p.text.clone());
                rows.push(cells);
            }
            for e in &p.entries {
                let mut cells: Vec<String> = base.to_vec();
                cells.extend([
                    e.scope.clone(),
                    e.rule.clone(),
                    e.matched.clone(),
                    e.text.clone(),
                    e.occurrence.to_string(),
                    e.digest.clone().unwrap_or_default(),
                    e.line.to_string(),
                ]);
                cells.extend((0..4).map(|_| String::new()));
                cells.push(p.text.clone());
                rows.push(cells);
            }
        }
        if self.xlsx {
            return out.write_all(&workbook(&rows)?);
        }
        out.write_all("\u{feff}".as_bytes())?;
        rows.iter().try_for_each(|cells| row(out, cells))
    }
}

/// The sample as an Excel workbook: one sheet, every cell a string (a reviewer's
/// spreadsheet must not turn `1-3` into a date or `=…` into a formula).
fn workbook(rows: &[Vec<String>]) -> io::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let xlsx = |e: rust_xlsxwriter::XlsxError| io::Error::other(e.to_string());
    sheet.set_name("sample").map_err(xlsx)?;
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, fit_cell(cell).as_ref())
                .map_err(xlsx)?;
        }
    }
    book.save_to_buffer().map_err(xlsx)
}

/// Characters a workbook cell holds (Excel's limit is 32,767): a longer message (a pasted
/// spec sheet) is cut there with a note of what was left out. A baseline still knows the
/// finding, because only the start of a message identifies it.
const CELL_CHARS: usize = 32_000;

fn fit_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.char_indices().nth(CELL_CHARS) {
        None => std::borrow::Cow::Borrowed(cell),
        Some((cut, _)) => {
            let left = cell[cut..].chars().count();
            std::borrow::Cow::Owned(format!(
                "{}… [{left} more characters, cut to fit the cell]",
                &cell[..cut]
            ))
        }
    }
}

pub(crate) fn run(args: &SampleArgs, ui: &Ui) -> u8 {
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            % 1_000_000
    });
    let graded = Graded {
        input: &args.input,
        rules: &args.rules,
        pass_mark: args.pass_mark,
        threads: args.threads,
        output: args.output.as_deref(),
        what: "the sample",
    };
    // A sample being reviewed holds verdicts nobody has anywhere else.
    if let Some(path) = &args.output
        && let Ok(text) = crate::baseline::load_text(path)
        && let Ok(verdicts) = crate::baseline::verdicts(&[(path.display().to_string(), text)])
    {
        let reviewed: usize = verdicts.values().flatten().sum();
        if reviewed > 0 {
            ui.problem(&Problem::error(
                path.display().to_string(),
                format!(
                    "holds {reviewed} QA verdict{}: a new sample would replace them",
                    crate::fix::plural(reviewed)
                ),
                Some("write the new sample to another file; read this one back with `check --baseline FILE` or `rules --precision FILE`"),
            ));
            return exit::ERROR;
        }
    }
    // The sample is a CSV or a workbook: another name would hold the wrong thing.
    if let Some(path) = &args.output {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !matches!(extension.as_deref(), Some("csv" | "xlsx" | "txt") | None) {
            ui.problem(&Problem::error(
                path.display().to_string(),
                "a sample is written as CSV (`.csv`) or as a workbook (`.xlsx`)",
                Some("name the output `sample.csv` or `sample.xlsx`"),
            ));
            return exit::ERROR;
        }
    }
    let xlsx = args.output.as_ref().is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    });
    match run_with(&graded, ui, Format::Json, |card| {
        SampleEmitter::new(card, args.per_agent, seed, xlsx)
    }) {
        Err(code) => code,
        Ok(sample) => {
            if !ui.quiet {
                let _ = writeln!(
                    io::stderr(),
                    "replylint: drew {} conversation{} of {} agent{} (seed {seed}: `--seed {seed}` draws the same sample); fill in `verdict`, then read it back with `check --baseline FILE` or `rules --precision FILE`",
                    sample.drawn,
                    crate::fix::plural(sample.drawn),
                    sample.agents,
                    crate::fix::plural(sample.agents),
                );
            }
            exit::CLEAN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SplitMix64;

    #[test]
    fn a_seed_gives_the_same_sequence_on_every_build() {
        // The first output of SplitMix64 seeded with 0, as in the algorithm's reference.
        assert_eq!(SplitMix64(0).next(), 0xE220_A839_7B1D_CDAF);
        let mut items: Vec<u32> = (0..10).collect();
        SplitMix64(7).shuffle(&mut items);
        let mut again: Vec<u32> = (0..10).collect();
        SplitMix64(7).shuffle(&mut again);
        assert_eq!(items, again);
        assert_ne!(items, (0..10).collect::<Vec<_>>());
    }
}
