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
    ("privacy", include_str!("../../rules/privacy.toml")),
];

/// Built-in packs that are not loaded unless named (`--pack NAME` or `[rules] packs`).
pub const OPT_IN_PACKS: &[&str] = &[];

/// Whether the built-in pack `name` is loaded when no pack is named.
pub fn loaded_by_default(name: &str) -> bool {
    !OPT_IN_PACKS.contains(&name)
}
