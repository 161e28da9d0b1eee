//! Clients for the backends nbamcp operates. Each is built from its config section, has a
//! deadline on every call, and turns failures into [`crate::error::Error::Backend`] errors
//! that name the component and the redacted endpoint.

pub mod mlflow;
pub mod postgres;
pub mod s3;
pub mod serving;
