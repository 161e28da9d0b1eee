//! Drift checks: is the current data distributed like the reference data?

pub mod ks;
