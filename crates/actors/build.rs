//! Embeds every `dict/actors/people/*.txt` file, so files added by the people
//! dictionary's authors are picked up without editing the source.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string());
    let dir = PathBuf::from(manifest).join("../../dict/actors/people");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut src = String::from(
        "/// `dict/actors/people/*.txt` as found at build time: (name, contents).\n\
         pub(crate) const PEOPLE_FILES: &[(&str, &str)] = &[\n",
    );
    for p in &files {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let abs = p.canonicalize().unwrap_or_else(|_| p.clone());
        println!("cargo:rerun-if-changed={}", abs.display());
        let _ = writeln!(
            src,
            "    ({:?}, include_str!({:?})),",
            format!("people/{name}"),
            abs.display().to_string()
        );
    }
    src.push_str("];\n");
    if let Err(e) = std::fs::write(PathBuf::from(out_dir).join("people_files.rs"), src) {
        println!("cargo:warning=cannot write people_files.rs: {e}");
    }
}
