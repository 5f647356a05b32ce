//! The embedded copies of `dict/actors`: the main files listed here (the one place to
//! add a file), the people files found by `build.rs`.

/// Main dictionary files: (name, contents).
pub(crate) const MAIN_FILES: &[(&str, &str)] = &[
    (
        "agents.txt",
        include_str!("../../../dict/actors/agents.txt"),
    ),
    (
        "countries.txt",
        include_str!("../../../dict/actors/countries.txt"),
    ),
    (
        "groups.txt",
        include_str!("../../../dict/actors/groups.txt"),
    ),
    ("igos.txt", include_str!("../../../dict/actors/igos.txt")),
    ("seats.txt", include_str!("../../../dict/actors/seats.txt")),
];

include!(concat!(env!("OUT_DIR"), "/people_files.rs"));
