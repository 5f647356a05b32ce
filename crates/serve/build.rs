//! Fetches the front-end libraries the UI embeds (Chart.js, Cytoscape.js: third-party, MIT)
//! from the npm registry at build time, so that only our own code is in the repository.
//!
//! Order: files already in `ui/vendor/` (left there by `ui/vendor.sh`) are used as they are;
//! otherwise `ui/vendor.sh OUT_DIR/vendor` installs them with npm; when npm is missing or
//! offline, a small stand-in script is embedded that tells the user how to get them, and the
//! rest of the UI (tables, filters, event pages) still works.
use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: [(&str, &str); 2] = [
    ("chart.umd.min.js", "Chart.js"),
    ("cytoscape.min.js", "Cytoscape.js"),
];

fn main() {
    println!("cargo:rerun-if-changed=ui/vendor.sh");
    println!("cargo:rerun-if-changed=ui/vendor");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let vendored = Path::new("ui/vendor");
    let fetched = out.join("vendor");
    let have = |dir: &Path| FILES.iter().all(|(f, _)| dir.join(f).is_file());
    let source = if have(vendored) {
        Some(vendored.to_path_buf())
    } else if have(&fetched) {
        Some(fetched.clone())
    } else {
        let ok = Command::new("sh")
            .arg("ui/vendor.sh")
            .arg(&fetched)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ok && have(&fetched) {
            Some(fetched.clone())
        } else {
            println!("cargo:warning=could not fetch the UI's chart and graph libraries with npm; the UI is built without them (run crates/serve/ui/vendor.sh)");
            None
        }
    };
    for (file, name) in FILES {
        let body = source
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join(file)).ok())
            .unwrap_or_else(|| {
                format!("console.warn('{name} was not available when jirga was built: run crates/serve/ui/vendor.sh and rebuild');\n")
            });
        if let Err(e) = std::fs::write(out.join(file), body) {
            panic!("writing {file} into OUT_DIR: {e}");
        }
    }
}
