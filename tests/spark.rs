//! replylint under Apache Spark: the example job of `examples/spark/` pipes each partition
//! of a table of conversations through the binary (`RDD.pipe`) on a local session
//! (`local[2]`), and its findings must equal those of a direct run on the same file.
//!
//! Spark needs Java: without it the test says so and stops (the one case it may skip). It
//! needs the `pyspark` package too: `.ci/run` installs it into a virtual environment and
//! names its Python in `REPLYLINT_SPARK_PYTHON`; without that variable the test looks in
//! (and, when it is missing, installs into) `~/.cache/replylint/spark-venv`.

mod common;

use common::run_in;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fields of a finding that count from the start of the piped text, which the job drops.
const PARTITION_RELATIVE: [&str; 5] = ["path", "line", "end_line", "byte_start", "byte_end"];

#[test]
fn a_spark_job_finds_what_a_direct_run_finds() {
    if Command::new("java").arg("-version").output().is_err() {
        eprintln!("skipped: Spark needs Java, and `java` is not on the PATH");
        return;
    }
    let python = spark_python();
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("conversations.jsonl");
    std::fs::write(&table, conversations(240)).expect("write the table");

    let out = dir.path().join("findings");
    let job = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/spark/lint_conversations.py");
    let ran = Command::new(&python)
        .arg(&job)
        .args(["--binary", env!("CARGO_BIN_EXE_replylint")])
        .args(["--master", "local[2]", "--partitions", "4"])
        .arg(&table)
        .arg(&out)
        .output()
        .expect("run the Spark job");
    assert!(
        ran.status.success(),
        "the Spark job failed:\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("the job wrote its folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("part-"))
        })
        .collect();
    parts.sort();
    assert!(parts.len() >= 4, "one part file per partition: {parts:?}");
    let mut from_spark: Vec<String> = parts
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("a part file")
                .lines()
                .map(canonical)
                .collect::<Vec<_>>()
        })
        .collect();

    let direct = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "jsonl",
            "--exit-zero",
            "conversations.jsonl",
        ],
        b"",
    );
    assert_eq!(direct.code, 0, "{}", direct.stderr);
    let mut expected: Vec<String> = direct
        .stdout
        .lines()
        .map(|line| {
            let mut finding: Value = serde_json::from_str(line).expect("a finding");
            for key in PARTITION_RELATIVE {
                finding.as_object_mut().expect("an object").remove(key);
            }
            canonical(&finding.to_string())
        })
        .collect();
    assert!(
        expected.len() > 240,
        "the table has findings to compare: {}",
        expected.len()
    );
    from_spark.sort();
    expected.sort();
    assert_eq!(from_spark.len(), expected.len(), "as many findings");
    assert_eq!(from_spark, expected);
    // Every finding joins back to its row.
    for finding in &from_spark {
        let finding: Value = serde_json::from_str(finding).expect("json");
        let id = finding["conversation"].as_str().expect("a conversation id");
        assert!(id.starts_with("c-"), "{finding}");
    }
}

/// A finding as a string with its keys in order, to compare findings as sets of lines.
fn canonical(line: &str) -> String {
    let value: Value = serde_json::from_str(line).expect("a finding");
    // serde_json's map keeps keys sorted (no `preserve_order` feature), so this is stable.
    value.to_string()
}

/// `n` conversations of a shop, one JSON object per line, some of them with findings.
fn conversations(n: usize) -> String {
    const CUSTOMER: [&str; 6] = [
        "在吗，我的快递到哪了",
        "能便宜点吗",
        "我的电话是13800138000，麻烦改一下",
        "这个尺码偏大吗？",
        "好的谢谢",
        "你们怎么还不发货",
    ];
    const AGENT: [&str; 9] = [
        "您好，请问有什么可以帮您？",
        "催什么催，等着",
        "亲，这款是全网最低价哦",
        "加我微信 abc12345 发您实拍图",
        "请您稍等，我帮您查一下",
        "感谢您的耐心等待，已经发出了，单号SF1234567890123",
        "我保证百分之百明天到",
        "好的，祝您生活愉快，再见！",
        "第一次买的话可以领新人券哦",
    ];
    let mut out = String::new();
    let mut seed: u32 = 7;
    let mut next = |m: usize| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) as usize % m
    };
    for i in 0..n {
        let mut turns = Vec::new();
        for k in 0..2 + next(4) {
            turns.push(
                serde_json::json!({"speaker": "顾客", "text": CUSTOMER[next(CUSTOMER.len())]}),
            );
            let text = if k == 0 {
                AGENT[0]
            } else {
                AGENT[next(AGENT.len())]
            };
            let agent = ["客服小王", "客服小李", "客服小张"][i % 3];
            turns.push(serde_json::json!({"speaker": agent, "text": text}));
        }
        let row = serde_json::json!({"conversation": format!("c-{i:04}"), "turns": turns});
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}

/// A Python that has `pyspark`: `REPLYLINT_SPARK_PYTHON`, or the virtual environment under
/// `~/.cache/replylint`, made and filled from PyPI when it is not there.
fn spark_python() -> PathBuf {
    if let Some(python) = std::env::var_os("REPLYLINT_SPARK_PYTHON") {
        let python = PathBuf::from(python);
        assert!(
            has_pyspark(&python),
            "REPLYLINT_SPARK_PYTHON={} has no pyspark",
            python.display()
        );
        return python;
    }
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
    let venv = home.join(".cache/replylint/spark-venv");
    let python = venv.join("bin/python");
    if has_pyspark(&python) {
        return python;
    }
    eprintln!("installing pyspark into {} (once)", venv.display());
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 is needed to run Spark");
    assert!(made.success(), "python3 -m venv {} failed", venv.display());
    let installed = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "pyspark"])
        .status()
        .expect("pip");
    assert!(installed.success(), "pip install pyspark failed");
    assert!(
        has_pyspark(&python),
        "pyspark is not importable after installing it"
    );
    python
}

fn has_pyspark(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success())
}
