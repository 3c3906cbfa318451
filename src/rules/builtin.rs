//! The packs compiled into the binary, so that `replylint check FILE` works with no setup.

/// `(name, TOML source)` of every built-in pack, in load order.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "hotline-taboo",
        include_str!("../../rules/hotline-taboo.toml"),
    ),
    (
        "standard-phrases",
        include_str!("../../rules/standard-phrases.toml"),
    ),
    ("ad-law", include_str!("../../rules/ad-law.toml")),
    ("platform", include_str!("../../rules/platform.toml")),
    ("promises", include_str!("../../rules/promises.toml")),
    ("privacy", include_str!("../../rules/privacy.toml")),
    ("en-service", include_str!("../../rules/en-service.toml")),
];

/// Built-in packs that are not loaded unless named (`--pack NAME` or `[rules] packs`).
/// `en-service` judges English conversations with English greetings and closings, which
/// the default packs also check in their own words: a team that works in English adds it.
pub const OPT_IN_PACKS: &[&str] = &["en-service"];

/// Whether the built-in pack `name` is loaded when no pack is named.
pub fn loaded_by_default(name: &str) -> bool {
    !OPT_IN_PACKS.contains(&name)
}
