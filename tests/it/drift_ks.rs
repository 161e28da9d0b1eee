//! The KS implementation against scipy (`ks_2samp`, `kstwo.sf`) on many generated cases.

use crate::common;

use crate::common::Rng;

use nbamcp::drift::ks::{MAX_EXACT_N, kolmogorov_sf, ks_2samp_sorted};
use serde_json::json;

fn close_p(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-12 || (ours - theirs).abs() <= 1e-6 * theirs.abs()
}

fn sample(rng: &mut Rng, n: usize, kind: usize, shift: f64) -> Vec<f64> {
    (0..n)
        .map(|_| match kind {
            0 => rng.normal() + shift,                       // continuous
            1 => (rng.normal() * 2.0 + shift).round(),       // heavy ties (integers)
            2 => (rng.next() * 5.0).floor() + shift.round(), // very few distinct values
            _ => rng.normal() * (1.0 + shift),               // scaled
        })
        .collect()
}

#[test]
fn two_sample_ks_matches_scipy() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let sizes: [(usize, usize); 22] = [
        (1, 1),
        (1, 5),
        (2, 3),
        (5, 5),
        (7, 13),
        (10, 10),
        (20, 35),
        (50, 50),
        (64, 96),
        (100, 237),
        (300, 300),
        (500, 1200),
        (1000, 999),
        (2500, 2500),
        (3000, 7001),
        (9999, 10000),
        (10000, 10000),
        (10001, 5),
        (12000, 30),
        (20000, 20000),
        (50000, 37000),
        (50000, 50000),
    ];
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for (i, (n1, n2)) in sizes.iter().enumerate() {
        for kind in 0..4 {
            let shift = [0.0, 0.05, 0.3][(i + kind) % 3];
            let mut a = sample(&mut rng, *n1, kind, 0.0);
            let mut b = sample(&mut rng, *n2, kind, shift);
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            ours.push(((n1, n2, kind, shift), ks_2samp_sorted(&a, &b)));
            cases.push(json!({"test": "ks", "a": a, "b": b}));
        }
    }
    let theirs = common::scipy(&cases);
    let mut failures = Vec::new();
    for ((label, r), s) in ours.iter().zip(&theirs) {
        let (ss, sp) = (
            s["statistic"].as_f64().unwrap(),
            s["p_value"].as_f64().unwrap(),
        );
        if (r.statistic - ss).abs() > 1e-9 || !close_p(r.p_value, sp) {
            failures.push(format!(
                "{label:?}: ours D={} p={} (exact: {}), scipy D={ss} p={sp}",
                r.statistic, r.p_value, r.exact
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        ours.len(),
        failures.join("\n")
    );
    assert!(ours.iter().any(|(_, r)| r.exact) && ours.iter().any(|(_, r)| !r.exact));
    assert_eq!(MAX_EXACT_N, 10_000);
}

#[test]
fn one_sample_distribution_matches_kstwo_sf() {
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for n in [
        1u64, 2, 3, 5, 10, 37, 100, 140, 141, 500, 2000, 5000, 25_000, 100_000, 100_001, 500_000,
    ] {
        let nf = n as f64;
        for x in [
            0.4 / nf,
            0.7 / nf,
            1.0 / nf,
            1.5 / nf,
            0.3 / nf.sqrt(),
            0.8 / nf.sqrt(),
            1.2 / nf.sqrt(),
            1.6 / nf.sqrt(),
            3.0 / nf.sqrt(),
            5.0 / nf.sqrt(),
            0.45,
            0.5,
            0.7,
            1.0 - 1.5 / nf,
            0.99,
        ] {
            if !(0.0..=1.0).contains(&x) {
                continue;
            }
            ours.push(((n, x), kolmogorov_sf(n, x)));
            cases.push(json!({"test": "kstwo", "n": n, "x": x}));
        }
    }
    let theirs = common::scipy(&cases);
    let failures: Vec<String> = ours
        .iter()
        .zip(&theirs)
        .filter(|((_, p), s)| !close_p(*p, s["p_value"].as_f64().unwrap()))
        .map(|((label, p), s)| format!("{label:?}: ours {p}, scipy {}", s["p_value"]))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        ours.len(),
        failures.join("\n")
    );
}
