//! `replylint report`: a self-contained page, loaded in a real browser (headless
//! Chromium): the charts are drawn, hostile markup in a transcript stays text, no script
//! runs and nothing outside the page is referenced.

mod common;

use common::{folder, run_in};
use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE: &str = "[2024-05-01 10:00:00] 顾客: <script>alert(1)</script>在吗\n\
[2024-05-01 10:00:30] 客服小王: 喂，说吧<script>alert(2)</script>\"><img src=x onerror=alert(3)>\n\
[2024-05-01 10:01:00] 顾客: 你们怎么这样\n\
[2024-05-01 10:01:20] 客服小王: 等会儿，我这边在忙，你神经病吧\n\
[2024-05-02 09:00:00] 顾客: 还在吗\n\
[2024-05-02 09:03:00] 客服小王: 您好，请问还有什么可以帮您？祝您生活愉快\n";

/// The report of the bundled fixtures plus a hostile transcript, and its folder.
fn report(lang: &str) -> (tempfile::TempDir, PathBuf, String) {
    // The hostile chat among the bundled taboo fixtures, named so that it comes first
    // among the conversations that score 0 (the worst are shown in context).
    let dir = folder(&[("chats/hostile.txt", HOSTILE.as_bytes())]);
    for entry in std::fs::read_dir(common::root().join("fixtures/taboo")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("z-{}", path.file_name().unwrap().to_string_lossy());
        std::fs::copy(&path, dir.path().join("chats").join(name)).unwrap();
    }
    let page = dir.path().join("report.html");
    let out = run_in(
        dir.path(),
        &[
            "report",
            "--no-config",
            "--lang",
            lang,
            "-o",
            page.to_str().unwrap(),
            "chats",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    (dir, page, html)
}

/// Elements of an HTML text (tags, not escaped text) that carry `attribute`.
fn elements_with(html: &str, attribute: &str) -> usize {
    let re = regex::Regex::new(&format!(r#"<[a-zA-Z][^>]*\s{attribute}\s*="#)).unwrap();
    re.find_iter(html).count()
}

#[test]
fn the_page_is_self_contained_and_transcript_text_is_escaped() {
    let (_dir, _page, html) = report("zh");
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    assert_eq!(html.matches("<script").count(), 0, "no script element");
    for attribute in ["src", "href", "onerror", "onload"] {
        assert_eq!(elements_with(&html, attribute), 0, "{attribute}");
    }
    assert!(!html.contains("url("), "no CSS that fetches");
    // The hostile reply is shown, as text.
    assert!(
        html.contains(
            "&lt;script&gt;alert(2)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"
        ),
        "{html}"
    );
    for section in [
        "各规则问题数",
        "各客服表现",
        "每日趋势",
        "响应时长分布",
        "得分最低的会话",
    ] {
        assert!(html.contains(section), "{section}");
    }
    assert!(
        html.contains("<mark>喂，说吧</mark>"),
        "the finding highlighted in its message"
    );
    let (_dir, _page, english) = report("en");
    assert!(english.contains("Findings per rule") && english.contains("Response times"));
}

/// Headless Chromium, or why there is none. CI installs it (`.ci/run`), so there a
/// missing browser fails the test; elsewhere the test says it did not run.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium: .ci/run installs the Debian package `chromium`"
        );
        eprintln!("NOT RUN: no chromium on this machine (apt-get install chromium)");
    }
    found
}

fn browser(chromium: &str, profile: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn chromium_draws_the_charts_and_runs_no_script() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (dir, page, _) = report("zh");
    let url = format!("file://{}", page.display());
    let dom = browser(chromium, &dir.path().join("profile-dom"))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // The DOM after loading: the charts are there, no element came out of the transcript.
    assert!(dom.matches("<svg").count() >= 4, "{dom}");
    assert!(dom.matches("<rect").count() >= 20, "{dom}");
    assert_eq!(dom.matches("<script").count(), 0);
    assert_eq!(dom.matches("<img").count(), 0);
    assert!(dom.contains("&lt;img src=x onerror=alert(3)&gt;"));
    for attribute in ["src", "href", "onerror"] {
        assert_eq!(elements_with(&dom, attribute), 0, "{attribute}");
    }

    // A screenshot: the bars are drawn with their colours, at a visible size.
    let shot = dir.path().join("report.png");
    let status = browser(chromium, &dir.path().join("profile-shot"))
        .args([
            "--window-size=1000,2400",
            &format!("--screenshot={}", shot.display()),
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let near = |p: &[u8], rgb: [u8; 3]| (0..3).all(|i| p[i].abs_diff(rgb[i]) < 12);
    let (mut red, mut blue) = (0, 0);
    for p in buf[..info.buffer_size()].chunks(channels) {
        if near(p, [0xc0, 0x39, 0x2b]) {
            red += 1;
        } else if near(p, [0x2c, 0x7f, 0xb8]) {
            blue += 1;
        }
    }
    assert!(red > 5_000, "the findings-per-rule bars: {red} red pixels");
    assert!(blue > 5_000, "the per-agent bars: {blue} blue pixels");
}
