//! `nbamcp drift check` on CSV files: every number against scipy (and an independent numpy PSI),
//! every bad input as a clear error naming file, line and column, and the exit codes CI gates on.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::common::{Rng, nbamcp};

const FEATURES: [&str; 6] = [
    "net_rating",
    "rest_days",
    "back_to_back",
    "travel_km",
    "team",
    "injuries",
];

/// A CSV of `rows` games; `shift` moves net_rating and travel, `extra_team` adds a category the
/// reference never saw, every 50th injuries cell is missing.
fn games(dir: &Path, name: &str, rows: usize, seed: u64, shift: f64, extra_team: bool) -> PathBuf {
    let mut rng = Rng(seed);
    let mut text = FEATURES.join(",") + "\n";
    let teams = ["BOS", "LAL", "GSW", "DEN"];
    for i in 0..rows {
        let team = if extra_team && i % 7 == 0 {
            "OKC"
        } else {
            teams[(rng.next() * 4.0) as usize % 4]
        };
        let injuries = if i % 50 == 0 {
            String::new()
        } else {
            format!("{}", (rng.next() * 4.0).floor())
        };
        text.push_str(&format!(
            "{:.4},{},{},{:.1},{},{}\n",
            rng.normal() * 5.0 + shift,
            (rng.next() * 4.0).floor(),
            u8::from(rng.next() < 0.2),
            rng.next() * 3000.0 + shift * 100.0,
            team,
            injuries
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn check(reference: &Path, current: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        current.to_str().unwrap(),
        "--categorical",
        "team",
        "-o",
        "json",
    ];
    args.extend_from_slice(extra);
    nbamcp(&args).run()
}

fn close(ours: f64, theirs: f64, rel: f64) -> bool {
    (ours - theirs).abs() <= 1e-12 || (ours - theirs).abs() <= rel * theirs.abs()
}

#[test]
fn every_test_matches_scipy_on_the_same_files() {
    let _stack = common::stack();
    let dir = tempfile::tempdir().unwrap();
    for (rows_ref, rows_cur, shift, seed) in [
        (800, 300, 0.0, 1u64),
        (2000, 2000, 1.0, 2),
        (12_000, 900, 0.4, 3),
    ] {
        let reference = games(
            dir.path(),
            &format!("ref{seed}.csv"),
            rows_ref,
            seed,
            0.0,
            false,
        );
        let current = games(
            dir.path(),
            &format!("cur{seed}.csv"),
            rows_cur,
            seed + 100,
            shift,
            true,
        );
        let oracle = common::scipy(&[json!({
            "test": "csv",
            "reference": reference,
            "current": current,
            "features": FEATURES,
            "categorical": ["team"],
        })])
        .remove(0);
        let auto = check(&reference, &current, &["--no-fail"]).json();
        for name in FEATURES {
            let ours = common::drift_feature(&auto, name);
            let theirs = &oracle[name];
            let (key, stat_tol) = match ours["test"].as_str().unwrap() {
                "ks" => ("ks", 1e-9),
                "chi2" => ("chi2", 1e-9),
                other => panic!("auto chose {other} for {name}"),
            };
            let (stat, p) = (
                theirs[key][0].as_f64().unwrap(),
                theirs[key][1].as_f64().unwrap(),
            );
            assert!(
                close(ours["statistic"].as_f64().unwrap(), stat, stat_tol),
                "{name} {key}: {ours} vs {theirs}"
            );
            assert!(
                close(ours["p_value"].as_f64().unwrap(), p, 1e-6),
                "{name} {key}: {ours} vs {theirs}"
            );
            assert_eq!(ours["drift_detected"], p < 0.05, "{name}");
        }
        assert_eq!(
            common::drift_feature(&auto, "team")["test"],
            "chi2",
            "categorical, with an unseen category"
        );
        assert_eq!(
            common::drift_feature(&auto, "back_to_back")["test"],
            "chi2",
            "two-valued numbers"
        );
        assert_eq!(
            common::drift_feature(&auto, "injuries")["current_missing"],
            json!(rows_cur.div_ceil(50))
        );

        let psi = check(&reference, &current, &["--method", "psi", "--no-fail"]).json();
        let wasserstein = check(
            &reference,
            &current,
            &["--method", "wasserstein", "--no-fail"],
        )
        .json();
        for name in FEATURES.iter().filter(|f| **f != "team") {
            let ours = common::drift_feature(&psi, name)["statistic"]
                .as_f64()
                .unwrap();
            let theirs = oracle[name]["psi"].as_f64().unwrap();
            assert!(close(ours, theirs, 1e-9), "{name} psi: {ours} vs {theirs}");
            let ours = common::drift_feature(&wasserstein, name)["statistic"]
                .as_f64()
                .unwrap();
            let theirs = oracle[name]["wasserstein"].as_f64().unwrap();
            assert!(
                close(ours, theirs, 1e-9),
                "{name} wasserstein: {ours} vs {theirs}"
            );
        }
    }
}

#[test]
fn exit_codes_gate_ci() {
    let dir = tempfile::tempdir().unwrap();
    let reference = games(dir.path(), "ref.csv", 1000, 7, 0.0, false);
    let same = games(dir.path(), "same.csv", 1000, 8, 0.0, false);
    let shifted = games(dir.path(), "shifted.csv", 1000, 9, 3.0, false);
    let run = check(&reference, &same, &["--features", "net_rating,travel_km"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["drifted"], 0);
    let run = check(
        &reference,
        &shifted,
        &["--features", "net_rating,travel_km"],
    );
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert_eq!(run.json()["drifted"], 2);
    assert_eq!(
        check(
            &reference,
            &shifted,
            &["--features", "net_rating", "--no-fail"]
        )
        .code,
        0
    );
    let table = nbamcp(&[
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        shifted.to_str().unwrap(),
        "--features",
        "net_rating,rest_days",
    ])
    .run();
    assert_eq!(table.code, 3);
    assert!(
        table.stdout.contains("1 of 2 features drifted"),
        "{}",
        table.stdout
    );
}

#[test]
fn an_unreadable_current_is_exit_1_and_missing_features_can_be_made_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let reference = games(dir.path(), "ref.csv", 200, 7, 0.0, false);
    // A directory opens on Linux; reading it fails: a runtime failure naming it (docs: exit 1).
    let run = check(&reference, dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(dir.path().to_str().unwrap()),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    // A current file with 1 of the 6 features: a warning and exit 0 by default, exit 2 naming
    // the missing columns with --require-all-features.
    let narrow = dir.path().join("narrow.csv");
    let text = std::fs::read_to_string(&reference).unwrap();
    let one: String = text
        .lines()
        .map(|l| l.split(',').next().unwrap().to_owned() + "\n")
        .collect();
    std::fs::write(&narrow, one).unwrap();
    let run = check(&reference, &narrow, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"], 1);
    assert!(run.stderr.contains("not tested"), "{}", run.stderr);
    let run = check(&reference, &narrow, &["--require-all-features"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("lacks 5 of the 6 columns")
            && run
                .stderr
                .contains("rest_days, back_to_back, travel_km, team, injuries"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn corrections_adjust_p_values_across_features() {
    let dir = tempfile::tempdir().unwrap();
    let reference = games(dir.path(), "ref.csv", 500, 11, 0.0, false);
    let current = games(dir.path(), "cur.csv", 500, 12, 0.3, false);
    let args = ["--features", "net_rating,rest_days,travel_km", "--no-fail"];
    let plain = check(&reference, &current, &args).json();
    let mut with = args.to_vec();
    with.extend(["--correction", "bonferroni"]);
    let bonferroni = check(&reference, &current, &with).json();
    for f in ["net_rating", "rest_days", "travel_km"] {
        let p = common::drift_feature(&plain, f)["p_value"]
            .as_f64()
            .unwrap();
        let adjusted = common::drift_feature(&bonferroni, f)["p_value_adjusted"]
            .as_f64()
            .unwrap();
        assert!((adjusted - (p * 3.0).min(1.0)).abs() < 1e-15, "{f}");
    }
}

#[test]
fn current_data_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let reference = games(dir.path(), "ref.csv", 300, 21, 0.0, false);
    let current = games(dir.path(), "cur.csv", 300, 22, 0.0, false);
    let from_file = check(&reference, &current, &["--no-fail"]).json();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nbamcp"))
        .args([
            "drift",
            "check",
            "--reference",
            reference.to_str().unwrap(),
            "--current",
            "-",
            "--categorical",
            "team",
            "--no-fail",
            "-o",
            "json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&current).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let from_stdin: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_stdin["features"], from_file["features"]);
    assert_eq!(from_stdin["current"]["source"], "<stdin>");
}

#[test]
fn bom_crlf_quotes_and_column_order_do_not_change_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let reference = games(dir.path(), "ref.csv", 200, 31, 0.0, false);
    let current = games(dir.path(), "cur.csv", 200, 32, 0.5, false);
    // The same current data: BOM, CRLF, quoted fields, columns reversed.
    let text = std::fs::read_to_string(&current).unwrap();
    let mut messy = String::from("\u{feff}");
    for line in text.lines() {
        let fields: Vec<String> = line.split(',').rev().map(|f| format!("\"{f}\"")).collect();
        messy.push_str(&fields.join(","));
        messy.push_str("\r\n");
    }
    let messy_path = dir.path().join("messy.csv");
    std::fs::write(&messy_path, messy).unwrap();
    let clean = check(&reference, &current, &["--no-fail"]).json();
    let odd = check(&reference, &messy_path, &["--no-fail"]).json();
    assert_eq!(clean["features"], odd["features"]);
}

fn bad(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("bad.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn bad_input_is_a_clear_error_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let reference = bad(dir.path(), "a,b\n1,2\n3,4\n");
    let reference = {
        let path = dir.path().join("ref.csv");
        std::fs::rename(&reference, &path).unwrap();
        path
    };
    let cases: [(&str, &[&str], &str); 8] = [
        (
            "a,b\n1,2\n3\n",
            &[],
            "line 3: 1 fields where the header has 2",
        ),
        (
            "a,b\n1,2\n3,x\n",
            &[],
            "line 3, column \"b\": \"x\" is not a number",
        ),
        ("a,b\n1,inf\n", &[], "line 2, column \"b\": infinite value"),
        ("", &[], "the file is empty"),
        ("a,b\n", &[], "no data rows"),
        (
            "a,c\n1,2\n",
            &["--features", "a,b"],
            "no column named \"b\"",
        ),
        (
            "a,b\n1,\n",
            &["--missing", "error"],
            "line 2, column \"b\": missing value",
        ),
        ("a,a\n1,2\n", &[], "column \"a\" appears twice"),
    ];
    for (text, extra, expected) in cases {
        let current = bad(dir.path(), text);
        let mut args = vec![
            "drift",
            "check",
            "--reference",
            reference.to_str().unwrap(),
            "--current",
            current.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let run = nbamcp(&args).run();
        assert_eq!(run.code, 2, "{text:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(current.to_str().unwrap()),
            "{text:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{text:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    let run = nbamcp(&[
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        "/nonexistent.csv",
    ])
    .run();
    assert_eq!(
        run.code, 1,
        "an unreadable file is an I/O failure: {}",
        run.stderr
    );
    assert!(run.stderr.contains("/nonexistent.csv"), "{}", run.stderr);
    let run = nbamcp(&[
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        reference.to_str().unwrap(),
        "--threshold",
        "1.5",
    ])
    .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--threshold"), "{}", run.stderr);
}

#[test]
fn edge_cases_have_defined_results() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let reference = write(
        "ref.csv",
        "constant,empty,single,nan\n5,,1,1\n5,,2,NaN\n5,,3,2\n",
    );
    let current = write("cur.csv", "constant,empty,single,nan\n5,NA,7,nan\n");
    let run = nbamcp(&[
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        current.to_str().unwrap(),
        "-o",
        "json",
    ])
    .run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    let constant = common::drift_feature(&report, "constant");
    assert_eq!(
        (constant["test"].as_str(), constant["p_value"].as_f64()),
        (Some("chi2"), Some(1.0))
    );
    let empty = common::drift_feature(&report, "empty");
    assert_eq!(empty["test"], "none");
    assert!(empty["note"].as_str().unwrap().contains("all missing"));
    assert_eq!(
        report["skipped"], 2,
        "empty, and nan (no current value left)"
    );
    let nan = common::drift_feature(&report, "nan");
    assert_eq!(
        (
            nan["reference_missing"].as_u64(),
            nan["current_missing"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(nan["test"], "none", "no current values left");
    let single = common::drift_feature(&report, "single");
    assert_eq!(single["test"], "ks");
    assert_eq!(single["statistic"], 1.0);
}

#[test]
fn the_ci_gate_snippet_passes_clean_data_and_fails_drifted_data() {
    let dir = tempfile::tempdir().unwrap();
    let reference = games(dir.path(), "ref.csv", 1000, 41, 0.0, false);
    let same = games(dir.path(), "same.csv", 1000, 42, 0.0, false);
    let shifted = games(dir.path(), "shifted.csv", 1000, 43, 3.0, false);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_nbamcp"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let gate = |current: &Path| {
        let report = dir.path().join("report.json");
        let _ = std::fs::remove_file(&report);
        let out = Command::new(common::repo_root().join("commands/ci/drift-gate.sh"))
            .args([
                reference.as_os_str(),
                current.as_os_str(),
                report.as_os_str(),
            ])
            .args(["--categorical", "team"])
            .env("PATH", &path)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let parsed: Value = serde_json::from_slice(&std::fs::read(&report).unwrap())
            .unwrap_or_else(|e| panic!("no JSON report ({e}): {stderr}"));
        (
            out.status.code().unwrap(),
            parsed,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, report, stderr) = gate(&same);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["drifted"], 0);
    let (code, report, stderr) = gate(&shifted);
    assert_eq!(code, 3, "{stderr}");
    assert!(report["drifted"].as_u64().unwrap() >= 2, "{report}");
    assert!(stderr.contains("drift gate:"), "{stderr}");
}
