//! Criterion benches of the engine without I/O: compiling rule sets, folding, the matcher
//! on turns, and the whole per-conversation check, at 30, 300 and 3000 phrases.
//!
//! `cargo bench --bench engine`. The side-by-side comparison with ripgrep and the peers is
//! `benches/compare.sh`; results are in docs/performance.md.

#[path = "tools/common.rs"]
mod common;

use common::{phrase_list, phrase_pack};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use replylint::checks::Linter;
use replylint::matcher::{Matcher, Scratch};
use replylint::normalize::{Mapped, Normalized, fold_compact};
use replylint::rules::{BUILTIN_PACKS, RuleSet, load_pack};
use replylint::source::SourceFile;
use replylint::transcript::{RoleMap, parse_text};
use std::hint::black_box;

/// The fixture transcripts, repeated into about 1 MB of plain text.
fn corpus() -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut one = String::new();
    for dir in ["standard", "taboo", "clean"] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                one.push_str(&format!("=== {}\n{text}\n", f.display()));
            }
        }
    }
    one.repeat((1 << 20) / one.len().max(1) + 1)
}

/// The built-in packs plus generated phrases up to `count` literal phrases in all.
fn rule_set(count: usize) -> RuleSet {
    let mut set = RuleSet::default();
    for (name, text) in BUILTIN_PACKS {
        if let Ok(pack) = load_pack(name, text) {
            let _ = set.add(pack);
        }
    }
    if let Ok((list, builtin)) = phrase_list(count)
        && list.len() > builtin
        && let Ok(pack) = load_pack("bench", &phrase_pack("bench", &list[builtin..]))
    {
        let _ = set.add(pack);
    }
    set
}

fn benches(c: &mut Criterion) {
    let text = corpus();
    let mut transcript = parse_text(&text, "bench");
    for conversation in &mut transcript.conversations {
        RoleMap::default().assign(conversation);
    }
    let turns: Vec<&str> = transcript
        .conversations
        .iter()
        .flat_map(|c| c.turns.iter().map(|t| t.text.as_str()))
        .collect();
    let file = SourceFile::new("bench", text.as_str());

    let mut compile = c.benchmark_group("compile");
    for count in [30, 300, 3000] {
        let set = rule_set(count);
        compile.bench_with_input(BenchmarkId::from_parameter(count), &set, |b, set| {
            b.iter(|| Linter::new(black_box(set)))
        });
    }
    compile.finish();

    let mut normalizing = c.benchmark_group("normalize");
    normalizing.throughput(Throughput::Bytes(
        turns.iter().map(|t| t.len() as u64).sum(),
    ));
    normalizing.bench_function("turns", |b| {
        let (mut scratch, mut out) = (String::new(), Mapped::default());
        b.iter(|| {
            turns
                .iter()
                .map(|t| {
                    fold_compact(black_box(t), &mut scratch, &mut out);
                    out.text.len()
                })
                .sum::<usize>()
        })
    });
    normalizing.finish();

    let mut matching = c.benchmark_group("matcher");
    matching.throughput(Throughput::Bytes(
        turns.iter().map(|t| t.len() as u64).sum(),
    ));
    for count in [30, 300, 3000] {
        let mut rules: Vec<_> = rule_set(count).rules().cloned().collect();
        let Ok(matcher) = Matcher::new(&mut rules) else {
            continue;
        };
        // Folding into the automaton's encoding, the automaton, and the regexes.
        matching.bench_function(BenchmarkId::from_parameter(count), |b| {
            let mut scratch = Scratch::default();
            let mut forms = Normalized::default();
            let mut counts = vec![0; matcher.lists()];
            let mut hits = Vec::new();
            b.iter(|| {
                hits.clear();
                for t in &turns {
                    forms.reset();
                    matcher.scan(black_box(t), &forms, &mut counts, &mut hits, &mut scratch);
                }
                hits.len()
            })
        });
    }
    matching.finish();

    let mut checking = c.benchmark_group("check");
    checking.throughput(Throughput::Bytes(text.len() as u64));
    for count in [30, 300, 3000] {
        let Ok(linter) = Linter::new(&rule_set(count)) else {
            continue;
        };
        checking.bench_function(BenchmarkId::from_parameter(count), |b| {
            b.iter(|| linter.check(&file, "bench", black_box(&transcript)).len())
        });
    }
    checking.finish();
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(engine);
