//! nbamcp's library: the operations that run the NBA prediction ML system — MLflow registry,
//! PostgreSQL, S3 and the model-serving process — with typed options and typed reports. It
//! never prints, prompts or draws: the faces (the `nbamcp` binary's commands in `src/main.rs`,
//! later the MCP server) map their inputs to an operation and render its report. The library
//! does not depend on clap, comfy-table, indicatif or dialoguer; `scripts/test` checks that
//! by building it without the `cli` feature that brings them.

pub mod alerts;
pub mod audit;
pub mod backup;
pub mod change;
pub mod choice;
pub mod clients;
pub mod config;
pub mod deploy;
pub mod drift;
pub mod error;
pub mod health;
pub mod maintenance;
pub mod progress;
pub mod redact;
pub mod registry;
pub mod serve;
pub mod services;
pub mod types;
pub mod units;
