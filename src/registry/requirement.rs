//! Policy gates on a version's run metrics (`accuracy>=0.85`, `log_loss<0.3`), checked against
//! a run. The parsed [`Requirement`] lives in [`crate::types`].

use serde::Serialize;

use crate::clients::mlflow::Run;
pub use crate::types::Requirement;

/// One requirement checked against a run.
#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub requirement: String,
    pub value: Option<f64>,
    pub passed: bool,
}

pub fn check_requirements(run: Option<&Run>, requirements: &[Requirement]) -> Vec<GateResult> {
    requirements
        .iter()
        .map(|r| {
            let value = run.and_then(|run| run.metric(&r.metric));
            GateResult {
                requirement: r.to_string(),
                value,
                passed: value.is_some_and(|v| r.holds(v)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::mlflow::{Metric, RunData};

    #[test]
    fn gate_fails_on_missing_metric_and_low_value() {
        let run = Run {
            data: RunData {
                metrics: vec![Metric {
                    key: "accuracy".into(),
                    value: 0.706,
                    ..Default::default()
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        let reqs: Vec<Requirement> = ["accuracy>=0.85", "accuracy>0.7", "roc_auc>=0.5"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let results = check_requirements(Some(&run), &reqs);
        assert_eq!(
            results.iter().map(|r| r.passed).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!(results[2].value, None);
    }
}
