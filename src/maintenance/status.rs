//! The statuses of maintenance runs and steps, as the `status` columns of `maintenance_runs`
//! and `maintenance_steps` store them (migration 0005's CHECK constraints) and as reports
//! serialise them. Text that is none of them is an error ([`UnknownStatus`]), never a guess.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use sqlx::Postgres;

/// A status text that is none of the column's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus {
    /// `maintenance run` or `maintenance step`.
    pub of: &'static str,
    pub text: String,
}

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} status {:?}", self.of, self.text)
    }
}

impl std::error::Error for UnknownStatus {}

/// A closed set of statuses stored as text: `as_str`, `Display`, `FromStr` (unknown text is an
/// [`UnknownStatus`]) and sqlx decoding from a TEXT column.
macro_rules! text_status {
    ($ty:ident, $of:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownStatus;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($ty::$variant),)+
                    _ => Err(UnknownStatus { of: $of, text: text.to_owned() }),
                }
            }
        }

        impl sqlx::Type<Postgres> for $ty {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <String as sqlx::Type<Postgres>>::type_info()
            }

            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <String as sqlx::Type<Postgres>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, Postgres> for $ty {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<Postgres>>::decode(value)?;
                Ok(text.parse()?)
            }
        }
    };
}

/// A maintenance run's status (`maintenance_runs.status`), and `dry_run` for a preview, which
/// is never recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Started and not finished (or died: the next run of the checklist marks it interrupted).
    Running,
    Ok,
    Failed,
    /// Manual steps pending, or a step allowed to fail failed.
    NeedsAttention,
    /// A person said abort.
    Aborted,
    /// Ctrl-C, a lost lock, or found dead by a later run.
    Interrupted,
    /// A dry run: nothing was changed or recorded.
    DryRun,
}

text_status!(RunStatus, "maintenance run", {
    Running => "running",
    Ok => "ok",
    Failed => "failed",
    NeedsAttention => "needs_attention",
    Aborted => "aborted",
    Interrupted => "interrupted",
    DryRun => "dry_run",
});

/// A step's status (`maintenance_steps.status`), and `planned` for a dry run's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Started and not finished.
    Running,
    Ok,
    Failed,
    Skipped,
    /// A manual step nobody could confirm (no terminal).
    Pending,
    /// A check found a problem.
    Problem,
    /// Dry run: what the step would do.
    Planned,
}

text_status!(StepStatus, "maintenance step", {
    Running => "running",
    Ok => "ok",
    Failed => "failed",
    Skipped => "skipped",
    Pending => "pending",
    Problem => "problem",
    Planned => "planned",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_what_they_write_and_refuse_other_text() {
        for s in RunStatus::ALL {
            assert_eq!(s.as_str().parse::<RunStatus>(), Ok(*s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.as_str())
            );
        }
        for s in StepStatus::ALL {
            assert_eq!(s.as_str().parse::<StepStatus>(), Ok(*s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.as_str())
            );
        }
        // The columns' CHECK constraints allow exactly the recorded statuses.
        let migration = include_str!("../db/migrations/0005_maintenance.sql");
        let allowed = |column_of: &str| -> Vec<String> {
            let table = &migration[migration.find(column_of).unwrap()..];
            let list = &table[table.find("CHECK (status IN (").unwrap() + 18..];
            list[..list.find("))").unwrap()]
                .split(',')
                .map(|s| s.trim().trim_matches('\'').to_owned())
                .collect()
        };
        let recorded = |all: &[&str], unrecorded: &str| -> Vec<String> {
            all.iter()
                .filter(|s| **s != unrecorded)
                .map(|s| s.to_string())
                .collect()
        };
        let runs: Vec<&str> = RunStatus::ALL.iter().map(|s| s.as_str()).collect();
        let steps: Vec<&str> = StepStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            allowed("CREATE TABLE maintenance_runs"),
            recorded(&runs, "dry_run")
        );
        assert_eq!(
            allowed("CREATE TABLE maintenance_steps"),
            recorded(&steps, "planned")
        );

        let e = "done".parse::<StepStatus>().unwrap_err();
        assert_eq!(e.to_string(), "unknown maintenance step status \"done\"");
        assert!("OK".parse::<RunStatus>().is_err());
    }
}
