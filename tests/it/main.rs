//! The integration tests, one binary: a module per area against the real local stack
//! (`scripts/stack`), and one support module. `tests/outage.rs` (it stops the stack's services)
//! and `tests/snippets.rs` stay binaries of their own and share the same support module.
//!
//! Tests of different areas may run at the same time (`--test-threads=2`): a test that changes
//! or counts what every area shares holds [`common::exclusive`], which every test that uses the
//! stack respects (see the support module).

#[path = "../common/mod.rs"]
mod common;

mod alerts;
mod backup;
mod config;
mod db;
mod drift;
mod drift_fuzz;
mod drift_ks;
mod drift_reference;
mod faults;
mod generated;
mod health;
mod maintenance;
mod registry;
mod serving;
mod stack;
