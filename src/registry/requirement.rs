//! Policy gates on a version's run metrics: `accuracy>=0.85`, `log_loss<0.3`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::clients::mlflow::Run;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "==",
        }
    }

    fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Ge => value >= threshold,
            Op::Gt => value > threshold,
            Op::Le => value <= threshold,
            Op::Lt => value < threshold,
            Op::Eq => value == threshold,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    pub metric: String,
    pub op: Op,
    pub threshold: f64,
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.metric, self.op.symbol(), self.threshold)
    }
}

impl FromStr for Requirement {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            format!("invalid requirement {input:?}: expected METRIC>=X (operators >= > <= < ==)")
        };
        // Two-character operators first, so ">=" is not read as ">".
        let (metric, op, value) = [
            (">=", Op::Ge),
            ("<=", Op::Le),
            ("==", Op::Eq),
            (">", Op::Gt),
            ("<", Op::Lt),
        ]
        .iter()
        .find_map(|(symbol, op)| input.split_once(symbol).map(|(m, v)| (m, *op, v)))
        .ok_or_else(invalid)?;
        let metric = metric.trim();
        if metric.is_empty()
            || !metric
                .chars()
                .all(|c| c.is_alphanumeric() || "_-./ ".contains(c))
        {
            return Err(invalid());
        }
        let threshold: f64 = value.trim().parse().map_err(|_| invalid())?;
        if !threshold.is_finite() {
            return Err(invalid());
        }
        Ok(Requirement {
            metric: metric.to_owned(),
            op,
            threshold,
        })
    }
}

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
                passed: value.is_some_and(|v| r.op.holds(v, r.threshold)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::mlflow::{Metric, RunData};

    #[test]
    fn parses_operators() {
        let r: Requirement = "accuracy>=0.85".parse().unwrap();
        assert_eq!(
            (r.metric.as_str(), r.op, r.threshold),
            ("accuracy", Op::Ge, 0.85)
        );
        assert_eq!("log_loss < 0.3".parse::<Requirement>().unwrap().op, Op::Lt);
        assert_eq!("auc==1".parse::<Requirement>().unwrap().op, Op::Eq);
        for bad in [
            "accuracy",
            ">=0.8",
            "accuracy>=high",
            "accuracy>=",
            "acc;drop>=1",
            "a>=inf",
        ] {
            assert!(bad.parse::<Requirement>().is_err(), "{bad}");
        }
    }

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
