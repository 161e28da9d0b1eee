//! `drift reference set|show|list` and `drift check --model --version` with the stored
//! reference, on the real stack: the object checked with boto3, the profile with numpy.

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::{Fault, FaultProxy, nbamcp, oracle, psql, python, stack, unique_name};

/// A CSV with two numeric columns (one with missing cells) and a categorical one.
fn write_csv(dir: &Path, name: &str, shift: f64, rows: usize) -> PathBuf {
    let mut rng = common::Rng(0x5EED + shift.to_bits());
    let teams = ["BOS", "LAL", "GSW", "MIA", "DEN"];
    let mut text = String::from("net_rating,pace,team\n");
    for i in 0..rows {
        let pace = if i % 17 == 0 {
            String::new()
        } else {
            format!("{:.3}", 98.0 + rng.normal() * 3.0)
        };
        let team = if shift == 0.0 {
            teams[(rng.next() * 5.0) as usize % 5]
        } else {
            teams[(rng.next() * 2.0) as usize % 2]
        };
        text.push_str(&format!(
            "{:.4},{pace},{team}\n",
            rng.normal() * 5.0 + shift
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A registered model with one version, so references have something to belong to.
fn model() -> String {
    let name = unique_name("refmodel");
    oracle(&["create", &name, "0.9"]);
    name
}

fn s3_keys(prefix: &str) -> Vec<String> {
    let out = python(&format!(
        "import boto3\n\
         s3 = boto3.client('s3')\n\
         r = s3.list_objects_v2(Bucket='nbamcp-models', Prefix='{prefix}')\n\
         print('\\n'.join(o['Key'] for o in r.get('Contents', [])))"
    ));
    out.lines().map(str::to_owned).collect()
}

fn set(name: &str, version: &str, file: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "drift",
        "reference",
        "set",
        name,
        version,
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    if !extra.contains(&"--categorical") {
        args.extend(["--categorical", "team"]);
    }
    nbamcp(&args).env("NBAMCP_ACTOR", "frank").run()
}

/// `set` with another config (a fault in the way).
fn set_with(config: &Path, name: &str, file: &Path) -> common::Run {
    nbamcp(&[
        "drift",
        "reference",
        "set",
        name,
        "1",
        file.to_str().unwrap(),
        "--categorical",
        "team",
    ])
    .config(config)
    .run()
}

/// How many references PostgreSQL holds for `name`.
fn recorded(name: &str) -> String {
    psql(&format!(
        "SELECT count(*) FROM nbamcp.drift_references WHERE model = '{name}'"
    ))
}

#[test]
fn a_stored_reference_is_the_file_compressed_with_a_profile_numpy_agrees_with() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let file = write_csv(dir.path(), "train.csv", 0.0, 3000);
    let name = model();
    let run = set(&name, "v1", &file, &["--categorical", "team", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stored = &run.json()["reference"];
    assert_eq!(stored["version"], "1", "v1 is written 1");
    assert_eq!(stored["rows"], 3000);
    assert_eq!(stored["created_by"], "frank");

    // The object in S3 is the file, gzip-compressed, with the recorded checksum.
    let keys = s3_keys(&format!("drift-references/{name}/1/"));
    assert_eq!(keys.len(), 1, "{keys:?}");
    let check = python(&format!(
        "import boto3, gzip, hashlib\n\
         body = boto3.client('s3').get_object(Bucket='nbamcp-models', Key='{}')['Body'].read()\n\
         print(hashlib.sha256(body).hexdigest(), gzip.decompress(body) == open('{}', 'rb').read())",
        keys[0],
        file.display()
    ));
    assert_eq!(
        check,
        format!("{} True", stored["sha256"].as_str().unwrap())
    );
    assert_eq!(
        stored["object_uri"],
        format!("s3://nbamcp-models/{}", keys[0])
    );

    // The profile, as `show` gives it, against numpy and collections.Counter.
    let shown = nbamcp(&["drift", "reference", "show", &name, "1", "-o", "json"]).run();
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let profile = &shown.json()["profile"];
    let expected: serde_json::Value = serde_json::from_str(&python(&format!(
        "import csv, json, collections, numpy as np\n\
         rows = list(csv.DictReader(open('{}')))\n\
         out = {{}}\n\
         for col in ('net_rating', 'pace'):\n\
         \x20   v = np.array([float(r[col]) for r in rows if r[col] != ''])\n\
         \x20   out[col] = dict(count=len(v), missing=len(rows) - len(v), min=v.min(), max=v.max(),\n\
         \x20       mean=v.mean(), std=v.std(ddof=1),\n\
         \x20       q=[np.quantile(v, p) for p in (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)])\n\
         c = collections.Counter(r['team'] for r in rows)\n\
         out['team'] = dict(distinct=len(c), top=sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))\n\
         print(json.dumps(out))",
        file.display()
    )))
    .unwrap();
    let columns = profile["columns"].as_array().unwrap();
    assert_eq!(profile["categorical"], serde_json::json!(["team"]));
    for column in columns {
        let name = column["name"].as_str().unwrap();
        let want = &expected[name];
        if name == "team" {
            assert_eq!(column["kind"], "categorical");
            assert_eq!(column["distinct"], want["distinct"]);
            assert_eq!(column["top"], want["top"]);
            continue;
        }
        assert_eq!(column["kind"], "numeric");
        assert_eq!(column["count"], want["count"], "{name}");
        assert_eq!(column["missing"], want["missing"], "{name}");
        let numeric = &column["numeric"];
        let close = |a: &serde_json::Value, b: &serde_json::Value| {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{name}: {a} vs {b}"
            );
        };
        for key in ["min", "max", "mean", "std"] {
            close(&numeric[key], &want[key]);
        }
        let quantiles = numeric["quantiles"].as_array().unwrap();
        assert_eq!(quantiles.len(), 7);
        for (got, want) in quantiles.iter().zip(want["q"].as_array().unwrap()) {
            close(&got[1], want);
        }
    }
    assert_eq!(
        psql(&format!(
            "SELECT rows || ' ' || created_by FROM nbamcp.drift_references WHERE model = '{name}' AND version = '1'"
        )),
        "3000 frank"
    );
    let listed = nbamcp(&["drift", "reference", "list", "-o", "json"]).run();
    assert!(
        listed.json()["references"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["model"] == name.as_str()),
        "{}",
        listed.stdout
    );
}

#[test]
fn check_with_the_stored_reference_gives_the_report_of_the_file() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let (file, shifted) = (
        write_csv(dir.path(), "train.csv", 0.0, 2000),
        write_csv(dir.path(), "recent.csv", 1.5, 800),
    );
    let name = model();
    assert_eq!(set(&name, "1", &file, &["--categorical", "team"]).code, 0);
    let stored = nbamcp(&[
        "drift",
        "check",
        "--model",
        &name,
        "--version",
        "v1",
        "--current",
        shifted.to_str().unwrap(),
        "-o",
        "json",
    ])
    .run();
    assert_eq!(stored.code, 3, "{}", stored.stderr);
    let direct = nbamcp(&[
        "drift",
        "check",
        "--reference",
        file.to_str().unwrap(),
        "--categorical",
        "team",
        "--current",
        shifted.to_str().unwrap(),
        "-o",
        "json",
    ])
    .run();
    assert_eq!(direct.code, 3);
    // Same tests (team as categories, remembered from `set`), same numbers.
    assert_eq!(stored.json()["features"], direct.json()["features"]);
    let tests: Vec<String> = stored.json()["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["feature"], f["test"]))
        .collect();
    assert!(tests.contains(&"\"team\":\"chi2\"".to_owned()), "{tests:?}");

    // A version without a reference: a clear usage error that says how to get one.
    let none = nbamcp(&[
        "drift",
        "check",
        "--model",
        &name,
        "--version",
        "7",
        "--current",
        shifted.to_str().unwrap(),
    ])
    .run();
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("has no stored reference")
            && none.stderr.contains("drift reference set"),
        "{}",
        none.stderr
    );
    // Neither --reference nor --model/--version: clap says what is missing.
    let neither = nbamcp(&["drift", "check", "--current", shifted.to_str().unwrap()]).run();
    assert_eq!(neither.code, 2);
    assert!(neither.stderr.contains("--reference"), "{}", neither.stderr);
}

#[test]
fn replacing_needs_replace_and_removes_the_old_object() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (
        write_csv(dir.path(), "a.csv", 0.0, 500),
        write_csv(dir.path(), "b.csv", 0.0, 700),
    );
    let name = model();
    assert_eq!(set(&name, "1", &first, &[]).code, 0);
    let before = s3_keys(&format!("drift-references/{name}/"));

    let again = set(&name, "1", &second, &[]);
    assert_eq!(again.code, 4, "{}", again.stderr);
    assert!(again.stderr.contains("--replace"), "{}", again.stderr);
    assert_eq!(s3_keys(&format!("drift-references/{name}/")), before);

    let replaced = set(&name, "1", &second, &["--replace"]);
    assert_eq!(replaced.code, 0, "{}", replaced.stderr);
    let after = s3_keys(&format!("drift-references/{name}/"));
    assert_eq!(after.len(), 1);
    assert_ne!(after, before);
    assert!(replaced.stdout.contains("replaced and removed"));
    assert_eq!(
        psql(&format!(
            "SELECT rows || ' ' || source_file FROM nbamcp.drift_references WHERE model = '{name}'"
        )),
        "700 b.csv"
    );
}

#[test]
fn bad_data_or_an_unknown_version_stores_nothing() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let name = model();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "net_rating,pace,team\n1.5,99,BOS\n2.5,fast,LAL\n").unwrap();
    let run = set(&name, "1", &bad, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.csv") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
    let good = write_csv(dir.path(), "good.csv", 0.0, 50);
    let run = set(&name, "4", &good, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no version \"4\""), "{}", run.stderr);
    let run = set(&name, "1", &good, &["--categorical", "teams"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--categorical"), "{}", run.stderr);
    assert!(s3_keys(&format!("drift-references/{name}/")).is_empty());
    assert_eq!(recorded(&name), "0");
}

#[test]
fn a_database_lost_after_the_upload_leaves_nothing_behind() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let db_port = common::config_port(&stack, "database.url");
    let proxy = FaultProxy::start(db_port, b"INSERT INTO drift_references", Fault::Die);
    let url = stack.config["database"]["url"]
        .as_str()
        .unwrap()
        .replace(&db_port.to_string(), &proxy.port.to_string());
    let config = stack.config_with(dir.path(), |c| common::set(c, "database.url", url));
    let name = model();
    let file = write_csv(dir.path(), "train.csv", 0.0, 200);
    let run = set_with(&config, &name, &file);
    assert!(proxy.fired());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
    assert!(s3_keys(&format!("drift-references/{name}/")).is_empty());
    assert_eq!(recorded(&name), "0");
}

#[test]
fn a_damaged_stored_reference_is_refused() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let file = write_csv(dir.path(), "train.csv", 0.0, 300);
    let name = model();
    assert_eq!(set(&name, "1", &file, &[]).code, 0);
    let key = &s3_keys(&format!("drift-references/{name}/1/"))[0];
    // Rewrite the object behind nbamcp's back (one byte flipped).
    python(&format!(
        "import boto3\n\
         s3 = boto3.client('s3')\n\
         body = bytearray(s3.get_object(Bucket='nbamcp-models', Key='{key}')['Body'].read())\n\
         body[len(body) // 2] ^= 0x01\n\
         s3.put_object(Bucket='nbamcp-models', Key='{key}', Body=bytes(body))"
    ));
    let run = nbamcp(&[
        "drift",
        "check",
        "--model",
        &name,
        "--version",
        "1",
        "--current",
        file.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("checksum mismatch"), "{}", run.stderr);
}

#[test]
fn an_unreachable_artifact_store_stores_nothing() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let port = common::closed_port();
    let config = stack.config_with(dir.path(), |c| {
        common::set(c, "s3.endpoint_url", format!("http://127.0.0.1:{port}"));
        common::set(c, "s3.timeout", "2s");
    });
    let name = model();
    let file = write_csv(dir.path(), "train.csv", 0.0, 100);
    let run = set_with(&config, &name, &file);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("artifact_store") && run.stderr.contains(&port.to_string()),
        "{}",
        run.stderr
    );
    assert_eq!(recorded(&name), "0");
}
