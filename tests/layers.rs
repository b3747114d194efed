//! The layers of `src/` (see `src/lib.rs`) import one way: a module uses only the modules below
//! it. Screens ask the station and never open its folder; the domain reads no clock and no file.
//! Read from the source text, like `import_circles.py`: `crate::…` paths outside comments and
//! outside a file's closing `#[cfg(test)] mod tests`.

use std::path::{Path, PathBuf};

/// Bottom first. A module may import from those before it in this list, never from those after.
const LAYERS: [&str; 10] = ["text", "domain", "search", "i18n", "io", "store", "sync", "station", "tui", "cli"];

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments and its unit tests.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The first module of every `crate::module` path in `code`.
fn crate_paths(code: &str) -> Vec<&str> {
    code.match_indices("crate::")
        .map(|(at, m)| {
            let rest = &code[at + m.len()..];
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

/// (file relative to src/, its top module, its code) for every file of a layer; unit-test files
/// (`seats/tests.rs`) are left out like the unit tests at the end of a file.
fn sources() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files(&src)
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let top = rel.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
            let unit_tests = path.file_name().is_some_and(|n| n == "tests.rs");
            (top != "lib" && top != "main" && !unit_tests).then(|| (rel, top, code_of(&path)))
        })
        .collect()
}

#[test]
fn every_top_level_module_is_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().trim_end_matches(".rs").to_owned();
        assert!(
            LAYERS.contains(&name.as_str()) || name == "lib" || name == "main",
            "src/{name} is in no layer: add it to LAYERS here and to the stack in src/lib.rs"
        );
    }
}

#[test]
fn modules_import_only_from_layers_below() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    for (file, top, code) in sources() {
        let Some(own) = rank(&top) else { continue };
        for used in crate_paths(&code) {
            if let Some(theirs) = rank(used)
                && theirs > own
            {
                wrong.push(format!("src/{file} ({top}) uses crate::{used}"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
}

#[test]
fn screens_ask_the_station_and_never_open_its_folder() {
    let wrong: Vec<String> = sources()
        .into_iter()
        .filter(|(_, top, code)| top == "tui" && (code.contains(".folder()") || code.contains(".folder_mut()")))
        .map(|(file, _, _)| format!("src/{file}"))
        .collect();
    assert!(wrong.is_empty(), "screens that reach into the data folder: {wrong:?}");
}

#[test]
fn the_domain_and_text_read_no_clock_and_no_file() {
    let forbidden = ["::now(", "now_v7", "std::fs", "std::env", "SystemTime", "Instant"];
    let mut wrong = Vec::new();
    for (file, top, code) in sources() {
        if top == "domain" || top == "text" {
            wrong.extend(forbidden.iter().filter(|f| code.contains(*f)).map(|f| format!("src/{file}: {f}")));
        }
    }
    assert!(wrong.is_empty(), "IO or a clock in the pure layers:\n{}", wrong.join("\n"));
}
