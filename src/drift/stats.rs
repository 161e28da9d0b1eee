//! PSI, the chi-squared test of homogeneity, the Wasserstein distance, and p-value corrections.

use std::collections::BTreeMap;

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Proportion used for a bin that one sample leaves empty, so PSI stays finite.
pub const PSI_EPSILON: f64 = 1e-4;

/// Population Stability Index with `bins` bins cut at the reference's quantiles (linear
/// interpolation between order statistics, numpy's default), outer edges open, repeated edges
/// merged. Bins are right-closed: (e_{i−1}, e_i]. Empty bins count as `PSI_EPSILON`.
/// Both samples sorted and non-empty.
pub fn psi(reference: &[f64], current: &[f64], bins: usize) -> f64 {
    let mut edges: Vec<f64> = (1..bins)
        .map(|i| quantile_sorted(reference, i as f64 / bins as f64))
        .collect();
    edges.dedup();
    let counts = |sample: &[f64]| -> Vec<f64> {
        let mut counts = vec![0.0f64; edges.len() + 1];
        let mut start = 0usize;
        for (bin, edge) in edges.iter().enumerate() {
            let end = sample.partition_point(|v| v <= edge);
            counts[bin] = (end - start) as f64;
            start = end;
        }
        counts[edges.len()] = (sample.len() - start) as f64;
        counts
    };
    let (r, c) = (counts(reference), counts(current));
    let (rn, cn) = (reference.len() as f64, current.len() as f64);
    r.iter()
        .zip(&c)
        .map(|(&r, &c)| {
            let rp = (r / rn).max(PSI_EPSILON);
            let cp = (c / cn).max(PSI_EPSILON);
            (cp - rp) * (cp / rp).ln()
        })
        .sum()
}

/// numpy's default (linear) quantile of a sorted sample.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let fraction = position - below as f64;
    sorted[below] + (sorted[above] - sorted[below]) * fraction
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquaredResult {
    pub statistic: f64,
    pub p_value: f64,
    pub dof: usize,
}

/// Chi-squared test of homogeneity on the 2×K table of category counts over the union of the
/// categories of both samples (a category seen in only one of them is a column like any other),
/// without continuity correction — `scipy.stats.chi2_contingency(correction=False)`.
pub fn chi_squared<'a>(
    reference: impl IntoIterator<Item = &'a str>,
    current: impl IntoIterator<Item = &'a str>,
) -> ChiSquaredResult {
    let mut table: BTreeMap<&str, [f64; 2]> = BTreeMap::new();
    for value in reference {
        table.entry(value).or_default()[0] += 1.0;
    }
    for value in current {
        table.entry(value).or_default()[1] += 1.0;
    }
    let rows = [
        table.values().map(|c| c[0]).sum::<f64>(),
        table.values().map(|c| c[1]).sum::<f64>(),
    ];
    let total = rows[0] + rows[1];
    let dof = table.len().saturating_sub(1);
    if dof == 0 || rows[0] == 0.0 || rows[1] == 0.0 {
        return ChiSquaredResult {
            statistic: 0.0,
            p_value: 1.0,
            dof,
        };
    }
    let statistic: f64 = table
        .values()
        .map(|counts| {
            let column = counts[0] + counts[1];
            (0..2)
                .map(|row| {
                    let expected = rows[row] * column / total;
                    (counts[row] - expected).powi(2) / expected
                })
                .sum::<f64>()
        })
        .sum();
    let p_value = ChiSquared::new(dof as f64)
        .map(|d| d.sf(statistic))
        .unwrap_or(f64::NAN);
    ChiSquaredResult {
        statistic,
        p_value,
        dof,
    }
}

/// The first Wasserstein distance between two empirical distributions: ∫ |F_a − F_b| dx.
/// Both samples sorted and non-empty.
pub fn wasserstein(a: &[f64], b: &[f64]) -> f64 {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut distance = 0.0;
    let mut previous = a[0].min(b[0]);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        distance += (i as f64 / na - j as f64 / nb).abs() * (next - previous);
        while i < a.len() && a[i] <= next {
            i += 1;
        }
        while j < b.len() && b[j] <= next {
            j += 1;
        }
        previous = next;
    }
    distance
}

/// Population standard deviation (ddof = 0).
pub fn std_dev(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// How p-values of several features are adjusted before comparing with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    None,
    Bonferroni,
    Bh,
}

impl crate::choice::Choice for Correction {
    const VALUES: &'static [Self] = &[Correction::None, Correction::Bonferroni, Correction::Bh];

    fn name(self) -> &'static str {
        match self {
            Correction::None => "none",
            Correction::Bonferroni => "bonferroni",
            Correction::Bh => "bh",
        }
    }

    fn help(self) -> Option<&'static str> {
        match self {
            Correction::Bonferroni => {
                Some("p × m, capped at 1: controls the chance of any false alarm")
            }
            Correction::Bh => {
                Some("Benjamini–Hochberg step-up: controls the share of false alarms")
            }
            _ => None,
        }
    }
}

/// Adjusted p-values, in the order given.
pub fn adjust(p_values: &[f64], correction: Correction) -> Vec<f64> {
    let m = p_values.len() as f64;
    match correction {
        Correction::None => p_values.to_vec(),
        Correction::Bonferroni => p_values.iter().map(|p| (p * m).min(1.0)).collect(),
        Correction::Bh => {
            let mut order: Vec<usize> = (0..p_values.len()).collect();
            order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
            let mut adjusted = vec![0.0; p_values.len()];
            let mut running_min = 1.0f64;
            for (rank, &index) in order.iter().enumerate().rev() {
                let value = p_values[index] * m / (rank + 1) as f64;
                running_min = running_min.min(value);
                adjusted[index] = running_min.min(1.0);
            }
            adjusted
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_samples_have_zero_psi_and_distance() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        assert!(psi(&a, &a, 10).abs() < 1e-12);
        assert_eq!(wasserstein(&a, &a), 0.0);
    }

    #[test]
    fn wasserstein_of_a_shift_is_the_shift() {
        let a: Vec<f64> = (0..50).map(f64::from).collect();
        let b: Vec<f64> = a.iter().map(|v| v + 2.5).collect();
        assert!((wasserstein(&a, &b) - 2.5).abs() < 1e-12);
    }

    #[test]
    fn unseen_category_does_not_crash_and_counts() {
        let r = chi_squared(["a", "a", "b"], ["a", "c", "c"]);
        assert_eq!(r.dof, 2);
        assert!(r.statistic > 0.0 && r.p_value < 1.0);
        let single = chi_squared(["a", "a"], ["a"]);
        assert_eq!(
            (single.statistic, single.p_value, single.dof),
            (0.0, 1.0, 0)
        );
    }

    #[test]
    fn corrections() {
        let p = [0.01, 0.04, 0.03, 0.5];
        assert_eq!(adjust(&p, Correction::Bonferroni), [0.04, 0.16, 0.12, 1.0]);
        // Benjamini–Hochberg by hand: sorted 0.01, 0.03, 0.04, 0.5 give 0.04, 0.06, 0.0533, 0.5;
        // the step-up minimum from the top makes rank 2 0.0533 too.
        let bh = adjust(&p, Correction::Bh);
        let expected = [0.04, 0.04 * 4.0 / 3.0, 0.04 * 4.0 / 3.0, 0.5];
        for (a, b) in bh.iter().zip(expected) {
            assert!((a - b).abs() < 1e-12, "{bh:?}");
        }
    }
}
