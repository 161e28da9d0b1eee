//! Alerts raised by `drift check --record` and by promotions, listed and acknowledged with
//! `nbamcp alerts`; the tables checked with psql.

mod common;

use std::path::Path;

use common::{nbamcp, oracle, psql, stack, unique_name};

fn csv(dir: &Path, name: &str, shift: f64) -> std::path::PathBuf {
    let mut rng = common::Rng(0xA1E7 + shift.to_bits());
    let mut text = String::from("net_rating,rest_days\n");
    for _ in 0..400 {
        text.push_str(&format!(
            "{:.4},{}\n",
            rng.normal() * 5.0 + shift,
            (rng.next() * 4.0).floor()
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn alerts_about(model: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["alerts", "--hours", "1", "-o", "json"];
    args.extend_from_slice(extra);
    let run = nbamcp(&args).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["message"].as_str().unwrap().contains(model))
        .cloned()
        .collect()
}

#[test]
fn recorded_drift_is_stored_and_raises_a_warning_that_can_be_acknowledged() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let (reference, shifted, same) = (
        csv(dir.path(), "r.csv", 0.0),
        csv(dir.path(), "s.csv", 4.0),
        csv(dir.path(), "c.csv", 0.0),
    );
    let model = unique_name("driftalert");
    let record = |current: &Path| {
        nbamcp(&[
            "drift",
            "check",
            "--reference",
            reference.to_str().unwrap(),
            "--current",
            current.to_str().unwrap(),
            "--record",
            "--model",
            &model,
            "--version",
            "3",
        ])
        .env("NBAMCP_ACTOR", "carol")
        .run()
    };
    assert_eq!(record(&shifted).code, 3);
    assert_eq!(record(&same).code, 0);
    assert_eq!(
        psql(&format!(
            "SELECT string_agg(drifted || '/' || total, ' ' ORDER BY id) FROM nbamcp.drift_reports WHERE model = '{model}' AND version = '3'"
        )),
        "1/2 0/2"
    );
    let alerts = alerts_about(&model, &[]);
    assert_eq!(
        alerts.len(),
        1,
        "only the drifted check raises an alert: {alerts:?}"
    );
    let alert = &alerts[0];
    assert_eq!(alert["severity"], "WARNING");
    assert_eq!(alert["alert_type"], "Feature Drift Detected");
    assert_eq!(
        alert["message"],
        format!("{model} v3: 1 of 2 features drifted (net_rating)")
    );
    assert!(alert["created_at"].as_str().unwrap().ends_with('Z'));

    assert!(alerts_about(&model, &["--severity", "critical"]).is_empty());
    assert_eq!(
        alerts_about(&model, &["--type", "Feature Drift Detected"]).len(),
        1
    );
    assert!(alerts_about(&model, &["--type", "Model Promoted"]).is_empty());

    let id = alert["id"].as_i64().unwrap().to_string();
    let ack = nbamcp(&["alerts", "ack", &id])
        .env("NBAMCP_ACTOR", "dave")
        .run();
    assert_eq!(ack.code, 0, "{}", ack.stderr);
    assert_eq!(
        psql(&format!(
            "SELECT acknowledged_by FROM nbamcp.alerts WHERE id = {id}"
        )),
        "dave"
    );
    let table = nbamcp(&["alerts", "--hours", "1"]).run();
    assert!(
        table.stdout.lines().any(|l| l
            .contains(&format!("#{id} [WARNING] Feature Drift Detected: {model}"))
            && l.contains("acknowledged by dave")),
        "{}",
        table.stdout
    );
    assert_eq!(nbamcp(&["alerts", "ack", "999999999"]).run().code, 2);
}

#[test]
fn record_needs_the_model_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let reference = csv(dir.path(), "r.csv", 0.0);
    let run = nbamcp(&[
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        reference.to_str().unwrap(),
        "--record",
    ])
    .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--model"), "{}", run.stderr);
}

#[test]
fn a_promotion_raises_model_promoted() {
    let _stack = stack();
    let name = unique_name("promotealert");
    oracle(&["create", &name, "0.9,0.95"]);
    for v in ["1", "2"] {
        let run = nbamcp(&[
            "registry",
            "promote",
            &name,
            v,
            "--to",
            "production",
            "--yes",
        ])
        .env("NBAMCP_ACTOR", "erin")
        .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let alerts = alerts_about(&name, &["--type", "Model Promoted"]);
    let messages: Vec<&str> = alerts
        .iter()
        .map(|a| a["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            format!("{name} v2 promoted to Production by erin (was v1)"),
            format!("{name} v1 promoted to Production by erin"),
        ]
    );
    assert!(alerts.iter().all(|a| a["severity"] == "INFO"));
}
