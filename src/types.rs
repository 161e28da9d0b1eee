//! Value types shared by the whole library, low in the tree: they depend on nothing but std,
//! serde, chrono and the library's error and choice modules, so that config, the feature modules
//! and the faces can all name them without importing each other.
//!
//! - [`ModelVersion`]: a registered model's version number, written `3` or `v3`, ordered as a
//!   number, shown and serialised as MLflow writes it (`"3"`).
//! - [`Severity`]: an alert's severity.
//! - [`Compression`]: how a backup's dump is compressed.
//! - [`Requirement`]: a policy gate on a run metric (`accuracy>=0.85`), parsed once.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

// ---------------------------------------------------------------- model version

/// A registered model's version: MLflow numbers them 1, 2, 3... Operators write `3` or `v3`
/// (`V3`, ` v03 ` too); versions order as numbers (`10` after `9`). `Display` and serde give
/// the number alone, as MLflow and nbamcp's JSON write it (`"3"`, a string); [`Self::label`]
/// gives the `v3` the tables show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelVersion(u64);

/// Text that is not a version number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAVersion {
    pub text: String,
}

impl fmt::Display for NotAVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a version: write 3 or v3", self.text)
    }
}

impl std::error::Error for NotAVersion {}

impl From<NotAVersion> for Error {
    /// A usage error on the `VERSION` argument (exit 2).
    fn from(e: NotAVersion) -> Self {
        Error::usage("VERSION", e.to_string())
    }
}

impl ModelVersion {
    pub const fn new(number: u64) -> Self {
        ModelVersion(number)
    }

    pub const fn number(self) -> u64 {
        self.0
    }

    /// `v3`, as tables and messages name a version.
    pub fn label(self) -> String {
        format!("v{}", self.0)
    }

    /// A version exactly as MLflow writes one (digits only: `3`), or `None` for any other text
    /// (`v3`, an A/B split `v3=0.8 v2=0.2` in the audit log).
    pub fn from_mlflow(text: &str) -> Option<Self> {
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    }

    /// How MLflow writes it: `3`.
    pub fn as_mlflow(self) -> String {
        self.0.to_string()
    }

    /// Two versions as MLflow returns them (text), in numeric order; text that is no version
    /// sorts after the versions, by text.
    pub fn order(a: &str, b: &str) -> Ordering {
        match (a.parse::<ModelVersion>(), b.parse::<ModelVersion>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => a.cmp(b),
        }
    }

    /// A version as operators write it, as MLflow knows it (`v03` → `3`); text that is no
    /// version is returned trimmed, for MLflow to reject by name.
    pub fn normalize(text: &str) -> String {
        text.parse::<ModelVersion>()
            .map_or_else(|_| text.trim().to_owned(), ModelVersion::as_mlflow)
    }
}

impl FromStr for ModelVersion {
    type Err = NotAVersion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let not_a_version = || NotAVersion {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let digits = trimmed
            .strip_prefix('v')
            .or_else(|| trimmed.strip_prefix('V'))
            .unwrap_or(trimmed);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_a_version());
        }
        digits
            .parse::<u64>()
            .map(ModelVersion)
            .map_err(|_| not_a_version())
    }
}

impl fmt::Display for ModelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for ModelVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ModelVersion {
    /// `"3"` or `"v3"`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------- severity

/// An alert's severity, as the `alerts` table stores it (`INFO`, `WARNING`, `CRITICAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    #[serde(alias = "info")]
    Info,
    #[serde(alias = "warning")]
    Warning,
    #[serde(alias = "critical")]
    Critical,
}

impl crate::choice::Choice for Severity {
    const VALUES: &'static [Self] = &[Severity::Info, Severity::Warning, Severity::Critical];

    fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Critical => "CRITICAL",
        }
    }
}

// ---------------------------------------------------------------- compression

/// Extra compression of pg_dump's output on its way to S3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    #[default]
    Zstd,
    Gzip,
    None,
}

impl crate::choice::Choice for Compression {
    const VALUES: &'static [Self] = &[Compression::Zstd, Compression::Gzip, Compression::None];

    fn name(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd",
            Compression::Gzip => "gzip",
            Compression::None => "none",
        }
    }

    fn help(self) -> Option<&'static str> {
        match self {
            Compression::Zstd => Some(
                "pg_dump writes an uncompressed archive; nbamcp compresses the stream with zstd (level 3)",
            ),
            Compression::Gzip => Some(
                "pg_dump's own zlib compression inside the archive (pg_restore reads it as is)",
            ),
            Compression::None => Some("No compression at all"),
        }
    }
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd",
            Compression::Gzip => "gzip",
            Compression::None => "none",
        }
    }

    /// The dump's file extension in the bucket.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Compression::Zstd => ".dump.zst",
            Compression::Gzip | Compression::None => ".dump",
        }
    }
}

// ---------------------------------------------------------------- requirement

/// A requirement's comparison.
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
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "==",
        }
    }

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Ge => value >= threshold,
            Op::Gt => value > threshold,
            Op::Le => value <= threshold,
            Op::Lt => value < threshold,
            Op::Eq => value == threshold,
        }
    }
}

/// A policy gate on a version's run metric: `accuracy>=0.85`, `log_loss<0.3`. Parsed once, from
/// the config (`registry.require`) or a flag; checked against a run by
/// [`crate::registry::check_requirements`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    pub metric: String,
    pub op: Op,
    pub threshold: f64,
}

impl Requirement {
    /// Whether a metric's value meets the requirement.
    pub fn holds(&self, value: f64) -> bool {
        self.op.holds(value, self.threshold)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_written_with_or_without_v() {
        for (text, want) in [("3", 3), ("v3", 3), ("V12", 12), (" v7 ", 7), ("v03", 3)] {
            assert_eq!(text.parse::<ModelVersion>(), Ok(ModelVersion::new(want)));
        }
        for text in ["", "v", "vx", "version", "3a", "-1", "v 3"] {
            assert!(text.parse::<ModelVersion>().is_err(), "{text}");
        }
        assert_eq!(
            "x".parse::<ModelVersion>().unwrap_err().to_string(),
            "\"x\" is not a version: write 3 or v3"
        );
    }

    #[test]
    fn versions_show_and_serialise_as_mlflow_writes_them() {
        let v = ModelVersion::new(3);
        assert_eq!(v.to_string(), "3");
        assert_eq!(v.label(), "v3");
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"3\"");
        for json in ["\"3\"", "\"v3\""] {
            assert_eq!(serde_json::from_str::<ModelVersion>(json).unwrap(), v);
        }
        assert!(serde_json::from_str::<ModelVersion>("\"three\"").is_err());
    }

    #[test]
    fn versions_order_as_numbers() {
        let mut v = vec!["10", "9", "1", "100"];
        v.sort_by(|a, b| ModelVersion::order(a, b));
        assert_eq!(v, ["1", "9", "10", "100"]);
        assert!(ModelVersion::new(10) > ModelVersion::new(9));
        assert_eq!(ModelVersion::from_mlflow("12"), Some(ModelVersion::new(12)));
        for text in ["", "v3", " 3", "v3=0.8 v2=0.2"] {
            assert_eq!(ModelVersion::from_mlflow(text), None, "{text}");
        }
        for (text, want) in [("v03", "3"), (" 7 ", "7"), ("vx", "vx"), (" 3a ", "3a")] {
            assert_eq!(ModelVersion::normalize(text), want);
        }
    }

    #[test]
    fn requirements_parse_operators() {
        let r: Requirement = "accuracy>=0.85".parse().unwrap();
        assert_eq!(
            (r.metric.as_str(), r.op, r.threshold),
            ("accuracy", Op::Ge, 0.85)
        );
        assert_eq!(r.to_string(), "accuracy>=0.85");
        assert!(r.holds(0.85) && !r.holds(0.84));
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
}
