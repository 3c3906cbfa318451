//! The packs beyond the hotline norms: each selectable by name, `en-service` only when asked
//! for, and each with a fixture that shows its findings (fixtures/packs/).

mod common;

use common::{folder, root, run, run_in};

#[test]
fn each_pack_beyond_the_hotline_fires_on_its_fixture() {
    let report = run(&["check", "--format", "json", "fixtures/packs"]).report();
    let got: Vec<(String, u64, String)> = report
        .diagnostics
        .iter()
        .filter(|d| !d.rule.starts_with("standard.") && !d.rule.starts_with("taboo."))
        .map(|d| {
            let file = d.path.rsplit('/').next().unwrap_or_default().to_owned();
            (file, d.line, d.rule.clone())
        })
        .collect();
    let want = [
        ("ad-law-claims.txt", 2, "ad.superlative"),
        ("ad-law-claims.txt", 2, "ad.superlative"),
        ("ad-law-claims.txt", 4, "ad.absolute-claim"),
        ("ad-law-claims.txt", 4, "ad.absolute-claim"),
        ("ad-law-claims.txt", 4, "ad.absolute-claim"),
        ("ad-law-claims.txt", 6, "ad.false-urgency"),
        ("ad-law-claims.txt", 6, "ad.false-urgency"),
        ("platform-off-site.txt", 2, "platform.off-site-contact"),
        ("platform-off-site.txt", 2, "platform.off-site-contact"),
        ("platform-off-site.txt", 4, "platform.private-payment"),
        ("platform-off-site.txt", 4, "platform.private-payment"),
        ("platform-off-site.txt", 6, "platform.review-manipulation"),
        ("platform-off-site.txt", 6, "platform.other-platform"),
        ("privacy-leaks.txt", 4, "privacy.mobile"),
        ("privacy-leaks.txt", 4, "privacy.address"),
        ("privacy-leaks.txt", 6, "privacy.id-number"),
        ("privacy-leaks.txt", 6, "privacy.bank-card"),
        ("privacy-leaks.txt", 6, "privacy.email"),
        ("promises-guarantee.txt", 2, "promise.guarantee"),
        ("promises-guarantee.txt", 2, "promise.guarantee"),
        ("promises-guarantee.txt", 4, "promise.guarantee"),
        ("promises-guarantee.txt", 4, "promise.guarantee"),
    ];
    let want: Vec<(String, u64, String)> = want
        .iter()
        .map(|(f, l, r)| (f.to_string(), *l, r.to_string()))
        .collect();
    assert_eq!(got, want);
    // The English fixtures are not judged by en-service unless it is asked for.
    assert!(!report.rules().iter().any(|r| r.starts_with("en.")));
}

#[test]
fn en_service_is_added_by_name_and_judges_english_conversations() {
    let out = run(&[
        "check",
        "--no-default-rules",
        "--pack",
        "en-service",
        "--format",
        "json",
        "fixtures/packs/en-service-rude.txt",
        "fixtures/packs/en-service-polite.txt",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.report();
    let got: Vec<(u64, &str)> = report
        .diagnostics
        .iter()
        .map(|d| {
            assert!(
                d.path.ends_with("en-service-rude.txt"),
                "the polite chat is clean: {d:?}"
            );
            (d.line, d.rule.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "en.greeting"),
            (4, "en.dismissive"),
            (4, "en.dismissive"),
            (4, "en.blame"),
            (6, "en.escalation"),
            (7, "en.closing"),
            (7, "en.wait-apology"),
            (7, "en.dismissive"),
        ]
    );
    let blame = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "en.blame")
        .unwrap();
    assert_eq!(blame.matched.as_deref(), Some("you should have read"));
}

#[test]
fn packs_are_chosen_by_name_in_the_configuration_and_on_the_command_line() {
    let chat = std::fs::read(root().join("fixtures/packs/platform-off-site.txt")).unwrap();
    let dir = folder(&[
        ("chat.txt", &chat),
        (
            "replylint.toml",
            b"[rules]\npacks = [\"privacy\", \"en-service\"]\n",
        ),
    ]);
    // Only the named packs: the platform findings are gone, and en-service is loaded.
    let listing = run_in(dir.path(), &["rules"], b"").stdout;
    assert!(
        listing.contains("en.greeting") && listing.contains("privacy.mobile"),
        "{listing}"
    );
    assert!(
        !listing.contains("platform.") && !listing.contains("taboo."),
        "{listing}"
    );
    let out = run_in(dir.path(), &["check", "--format", "json", "chat.txt"], b"");
    assert!(
        !out.report()
            .rules()
            .iter()
            .any(|r| r.starts_with("platform.")),
        "{}",
        out.stdout
    );
    // An unknown name is a usage error that names the built-in packs.
    let out = run(&["check", "--pack", "platfrom", "fixtures/packs"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown built-in pack `platfrom`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `platform`"),
        "{}",
        out.stderr
    );
}
