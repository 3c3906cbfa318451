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
];
