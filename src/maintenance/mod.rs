//! Checklists as code: YAML checklists of steps, run in order, each result recorded in
//! PostgreSQL as it finishes so an interrupted run can be resumed.

pub mod checklist;
pub mod db;
pub mod logs;
pub mod record;
pub mod run;
pub mod status;
