//! Alerts raised by `drift check --record` and by promotions, listed and acknowledged with
//! `nbamcp alerts`; the tables checked with psql.

use crate::common;

use std::path::Path;

use crate::common::{nbamcp, oracle, psql, stack, unique_name};

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
        let run = common::promote(&name, v, "production", &[])
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

/// The stack's config with a webhook at `url`, as `alerts.webhook` (plus `extra` keys).
fn webhook_config(
    stack: &common::Stack,
    dir: &Path,
    url: &str,
    extra: &[(&str, serde_yaml::Value)],
) -> std::path::PathBuf {
    stack.config_with(dir, |c| {
        common::set(c, "alerts", serde_yaml::Mapping::new());
        common::set(c, "alerts.webhook", serde_yaml::Mapping::new());
        common::set(c, "alerts.webhook.url", url);
        for (key, value) in extra {
            common::set(c, &format!("alerts.webhook.{key}"), value.clone());
        }
    })
}

fn drifted_check(dir: &Path, model: &str, config: &Path) -> common::Run {
    let (reference, shifted) = (csv(dir, "r.csv", 0.0), csv(dir, "s.csv", 4.0));
    nbamcp(&[
        "drift",
        "check",
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        shifted.to_str().unwrap(),
        "--record",
        "--model",
        model,
        "--version",
        "1",
    ])
    .config(config)
    .run()
}

#[test]
fn alerts_are_delivered_to_the_webhook_with_its_token() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let receiver = common::WebhookReceiver::start(&[]);
    let token = "hook-token-5e1f0c";
    let url = format!("http://127.0.0.1:{}/hooks/T0KEN-IN-PATH", receiver.port);
    let config = webhook_config(&stack, dir.path(), &url, &[("token", token.into())]);
    let model = unique_name("hooked");
    let run = drifted_check(dir.path(), &model, &config);
    assert_eq!(run.code, 3, "{}", run.stderr);

    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].request_line, "POST /hooks/T0KEN-IN-PATH HTTP/1.1");
    assert_eq!(
        got[0].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    let body = got[0].json();
    assert_eq!(body["severity"], "WARNING");
    assert_eq!(body["type"], "Feature Drift Detected");
    let message = format!("{model} v1: 1 of 2 features drifted (net_rating)");
    assert_eq!(body["message"], message);
    assert_eq!(
        body["text"],
        format!("[WARNING] Feature Drift Detected: {message}")
    );
    let alert = &alerts_about(&model, &[])[0];
    assert_eq!(body["id"], alert["id"]);
    assert_eq!(alert["delivery"], "delivered");
    assert_eq!(
        psql(&format!(
            "SELECT delivered_at IS NOT NULL FROM nbamcp.alerts WHERE id = {}",
            alert["id"]
        )),
        "t"
    );
    // The secret in the URL and the token never reach the output.
    for secret in [token, "T0KEN-IN-PATH"] {
        run.assert_not_leaked(secret);
    }
    let shown = nbamcp(&["config", "show"]).config(&config).run();
    shown.assert_not_leaked("T0KEN-IN-PATH");
    shown.assert_not_leaked(token);
}

#[test]
fn alerts_below_the_webhook_min_severity_are_not_sent() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let receiver = common::WebhookReceiver::start(&[]);
    let url = format!("http://127.0.0.1:{}/", receiver.port);
    let config = webhook_config(
        &stack,
        dir.path(),
        &url,
        &[("min_severity", "critical".into())],
    );
    let model = unique_name("quiet");
    assert_eq!(drifted_check(dir.path(), &model, &config).code, 3);
    assert!(receiver.received().is_empty());
    assert!(alerts_about(&model, &[])[0]["delivery"].is_null());
}

#[test]
fn webhook_failures_that_may_pass_are_retried_and_others_are_not() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    // 500 and 503 are retried: the third attempt lands.
    let flaky = common::WebhookReceiver::start(&[500, 503]);
    let config = webhook_config(
        &stack,
        dir.path(),
        &format!("http://127.0.0.1:{}/", flaky.port),
        &[],
    );
    let model = unique_name("flaky");
    assert_eq!(drifted_check(dir.path(), &model, &config).code, 3);
    assert_eq!(flaky.received().len(), 3);
    assert_eq!(alerts_about(&model, &[])[0]["delivery"], "delivered");

    // 404 will not pass by retrying: one attempt, recorded as failed, the command unaffected.
    let wrong = common::WebhookReceiver::start(&[404, 404, 404]);
    let config = webhook_config(
        &stack,
        dir.path(),
        &format!("http://127.0.0.1:{}/", wrong.port),
        &[],
    );
    let model = unique_name("notfound");
    let run = drifted_check(dir.path(), &model, &config);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(wrong.received().len(), 1);
    let delivery = alerts_about(&model, &[])[0]["delivery"].clone();
    assert_eq!(
        delivery,
        format!(
            "failed: http://127.0.0.1:{}: HTTP 404 Not Found (1 attempt)",
            wrong.port
        )
    );
    assert!(run.stderr.contains("not delivered"), "{}", run.stderr);
}

#[test]
fn a_webhook_that_never_answers_costs_at_most_its_deadline() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let hole = common::BlackHole::start();
    // Without the deadline, 11 attempts of 1 s each would take more than 11 s.
    let config = webhook_config(
        &stack,
        dir.path(),
        &format!("http://127.0.0.1:{}/secret-path", hole.port),
        &[
            ("timeout", "1s".into()),
            ("retries", 10.into()),
            ("deadline", "2s".into()),
        ],
    );
    let model = unique_name("blackholed");
    let baseline = drifted_check(dir.path(), &unique_name("baseline"), &stack.config_path);
    let run = drifted_check(dir.path(), &model, &config);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.elapsed < baseline.elapsed + std::time::Duration::from_millis(3500),
        "took {:?} (without a webhook {:?})",
        run.elapsed,
        baseline.elapsed
    );
    let delivery = alerts_about(&model, &[])[0]["delivery"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        delivery.starts_with(&format!(
            "failed: http://127.0.0.1:{}: no answer within 1s",
            hole.port
        )),
        "{delivery}"
    );
    run.assert_not_leaked("secret-path");
}

#[test]
fn test_webhook_reports_delivery_and_names_the_endpoint_on_failure() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let receiver = common::WebhookReceiver::start(&[]);
    let config = webhook_config(
        &stack,
        dir.path(),
        &format!("http://127.0.0.1:{}/x", receiver.port),
        &[],
    );
    let run = nbamcp(&["alerts", "test-webhook"]).config(&config).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(receiver.received()[0].json()["type"], "Webhook Test");

    let port = common::closed_port();
    let config = webhook_config(
        &stack,
        dir.path(),
        &format!("http://127.0.0.1:{port}/hook-secret"),
        &[("retries", 0.into())],
    );
    let run = nbamcp(&["alerts", "test-webhook"]).config(&config).run();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains(&format!("http://127.0.0.1:{port}: cannot connect")),
        "{}",
        run.stderr
    );
    run.assert_not_leaked("hook-secret");

    let run = nbamcp(&["alerts", "test-webhook"])
        .config(&stack.config_path)
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("alerts.webhook.url"), "{}", run.stderr);
}
