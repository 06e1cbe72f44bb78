//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mentoring_stats_engine::{Analysis, ReadOptions, Report, Settings};
use serde_json::Value;

/// The repository's root: these tests belong to the engine's, the command
/// line tool's and the page's crates, each in a folder of its own.
pub fn repo() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("Trunk.toml").exists())
        .unwrap_or(manifest)
        .to_path_buf()
}

/// The shared example files (`../shared/fixtures` beside the repository).
pub fn shared_fixtures() -> PathBuf {
    repo().join("../shared/fixtures")
}

/// The project's own test files.
pub fn own_fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A folder of this test process's own for the files a test writes: under
/// the target folder (`cargo clean` removes it), not the system's `/tmp`,
/// which every run would leave another folder in.
pub fn scratch_dir(purpose: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{purpose}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Every `NAME.csv` with a `NAME.expected.json` beside it.
pub fn fixture_pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = shared_fixtures();
    let mut pairs: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter_map(|csv| {
            let expected = csv.with_extension("expected.json");
            expected.exists().then_some((csv, expected))
        })
        .collect();
    pairs.sort();
    assert!(!pairs.is_empty(), "no fixtures in {}", dir.display());
    pairs
}

/// Reads files into one analysis and reports with `settings`.
pub fn report_for(paths: &[&Path], options: &ReadOptions, settings: &Settings) -> Report {
    let mut analysis = Analysis::new(settings.clone());
    for path in paths {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        analysis
            .add_file(&name, std::io::Cursor::new(bytes), options)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    analysis.report()
}

/// Compares `actual` with `expected` by the rules of `compare_report.py`:
/// only fields present in `expected` count, lists item by item, numbers
/// within 1e-9 (absolute or relative). Returns the differences.
pub fn compare(expected: &Value, actual: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    walk(expected, actual, "$", &mut diffs);
    diffs
}

fn walk(expected: &Value, actual: &Value, path: &str, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                match a.get(key) {
                    Some(found) => walk(value, found, &format!("{path}.{key}"), diffs),
                    None => diffs.push(format!("{path}.{key}: missing")),
                }
            }
        }
        (Value::Object(_), _) => diffs.push(format!("{path}: expected an object, got {actual}")),
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                diffs.push(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ei, ai)) in e.iter().zip(a).enumerate() {
                walk(ei, ai, &format!("{path}[{i}]"), diffs);
            }
        }
        (Value::Array(_), _) => diffs.push(format!("{path}: expected a list, got {actual}")),
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (
                e.as_f64().unwrap_or(f64::NAN),
                a.as_f64().unwrap_or(f64::NAN),
            );
            let close = (e - a).abs() <= f64::max(1e-9, 1e-9 * e.abs().max(a.abs()));
            if !close {
                diffs.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (e, a) => {
            if e != a {
                diffs.push(format!("{path}: expected {e}, got {a}"));
            }
        }
    }
}

/// Asserts that the JSON text `actual` matches the expected file.
pub fn assert_matches(expected_path: &Path, actual: &str) {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(expected_path).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let actual: Value =
        serde_json::from_str(actual).unwrap_or_else(|e| panic!("report is not JSON: {e}"));
    let diffs = compare(&expected, &actual);
    assert!(
        diffs.is_empty(),
        "{}: {} differences:\n{}",
        expected_path.display(),
        diffs.len(),
        diffs
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
