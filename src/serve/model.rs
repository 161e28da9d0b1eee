//! One ONNX model version loaded with ONNX Runtime (`ort`, library loaded at run time): its
//! sessions, its input contract and inference on a batch of rows.
//!
//! The models nbamcp serves take one float tensor `[N, F]` (F features per row) and return plain
//! tensors (e.g. `label` int64 `[N]`, `probabilities` float `[N, 2]`). A model that returns
//! sequences or maps (skl2onnx's default ZipMap) is refused when it is loaded.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::Session;
use ort::value::{TensorElementType, TensorRef, ValueType};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The ONNX Runtime environment of this process: one, created on first use from the library
/// at `serving.ort_dylib_path` or `ORT_DYLIB_PATH`.
static ENVIRONMENT: OnceLock<Result<Environment, String>> = OnceLock::new();

/// Load ONNX Runtime (once per process). Later calls return the first outcome.
pub fn environment(dylib: Option<&Path>) -> Result<&'static Environment, String> {
    ENVIRONMENT
        .get_or_init(|| {
            let path: PathBuf = match dylib {
                Some(p) => p.to_path_buf(),
                None => std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from).ok_or_else(|| {
                    "ONNX Runtime library not configured: set serving.ort_dylib_path or ORT_DYLIB_PATH"
                        .to_string()
                })?,
            };
            if !path.is_file() {
                return Err(format!(
                    "ONNX Runtime library {} does not exist (serving.ort_dylib_path / ORT_DYLIB_PATH)",
                    path.display()
                ));
            }
            let builder = ort::init_from(&path)
                .map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", path.display()))?;
            builder
                .with_name("nbamcp")
                .build()
                .map_err(|e| format!("cannot start ONNX Runtime: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The hex sha256 of an artifact.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An output tensor as the Open Inference Protocol carries it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutputTensor {
    pub name: String,
    pub datatype: &'static str,
    pub shape: Vec<i64>,
    pub data: TensorData,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum TensorData {
    Int64(Vec<i64>),
    Fp32(Vec<f32>),
    Fp64(Vec<f64>),
}

/// What a model declares about its input and outputs.
#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub input_name: String,
    /// Features per row (the second dimension of the input).
    pub features: usize,
    pub outputs: Vec<OutputSpec>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutputSpec {
    pub name: String,
    pub datatype: &'static str,
    pub shape: Vec<i64>,
}

/// A loaded version: a few sessions (ONNX Runtime runs one request per session at a time).
pub struct OnnxModel {
    sessions: Vec<Mutex<Session>>,
    next: AtomicUsize,
    pub signature: Signature,
    pub sha256: String,
    pub bytes: usize,
}

impl std::fmt::Debug for OnnxModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxModel")
            .field("signature", &self.signature)
            .field("sha256", &self.sha256)
            .finish()
    }
}

fn datatype(ty: TensorElementType) -> Option<&'static str> {
    match ty {
        TensorElementType::Float32 => Some("FP32"),
        TensorElementType::Float64 => Some("FP64"),
        TensorElementType::Int64 => Some("INT64"),
        _ => None,
    }
}

fn build_session(env: &Environment, bytes: &[u8]) -> ort::Result<Session> {
    // One intra-op thread: requests run in parallel on several sessions instead, and a small
    // model gains nothing from splitting one row over threads.
    Session::builder(env)?
        .with_intra_threads(1)?
        .with_inter_threads(1)?
        .commit_from_memory(bytes)
}

impl OnnxModel {
    /// Load an artifact: check its signature, create `sessions` sessions. Blocking (call it off
    /// the async reactor).
    pub fn load(bytes: &[u8], sessions: usize, dylib: Option<&Path>) -> Result<OnnxModel, String> {
        let env = environment(dylib)?;
        let first =
            build_session(env, bytes).map_err(|e| format!("not a loadable ONNX model: {e}"))?;
        let signature = signature(&first)?;
        let mut all = vec![Mutex::new(first)];
        for _ in 1..sessions.max(1) {
            all.push(Mutex::new(
                build_session(env, bytes).map_err(|e| format!("cannot create a session: {e}"))?,
            ));
        }
        Ok(OnnxModel {
            sessions: all,
            next: AtomicUsize::new(0),
            signature,
            sha256: sha256_hex(bytes),
            bytes: bytes.len(),
        })
    }

    /// Run `rows` (row-major, `features` values each). Blocking.
    pub fn predict(&self, rows: &[f32]) -> Result<Vec<OutputTensor>, String> {
        let width = self.signature.features;
        if width == 0 || rows.is_empty() || !rows.len().is_multiple_of(width) {
            return Err(format!(
                "expected rows of {width} features, got {} values",
                rows.len()
            ));
        }
        let n = rows.len() / width;
        // A free session if there is one, else wait for the next in turn.
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.sessions.len();
        let mut guard = None;
        for i in 0..count {
            if let Ok(g) = self.sessions[(start + i) % count].try_lock() {
                guard = Some(g);
                break;
            }
        }
        let mut session = match guard {
            Some(g) => g,
            None => self.sessions[start % count]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        };
        run(&mut session, &self.signature, rows, n).map_err(|e| format!("inference failed: {e}"))
    }
}

fn run(
    session: &mut Session,
    signature: &Signature,
    rows: &[f32],
    n: usize,
) -> ort::Result<Vec<OutputTensor>> {
    let input = TensorRef::from_array_view(([n, signature.features], rows))?;
    let outputs = session.run(ort::inputs![signature.input_name.as_str() => input])?;
    let mut tensors = Vec::with_capacity(signature.outputs.len());
    for spec in &signature.outputs {
        let value = &outputs[spec.name.as_str()];
        let (shape, data) = match spec.datatype {
            "INT64" => {
                let (shape, data) = value.try_extract_tensor::<i64>()?;
                (shape.to_vec(), TensorData::Int64(data.to_vec()))
            }
            "FP64" => {
                let (shape, data) = value.try_extract_tensor::<f64>()?;
                (shape.to_vec(), TensorData::Fp64(data.to_vec()))
            }
            _ => {
                let (shape, data) = value.try_extract_tensor::<f32>()?;
                (shape.to_vec(), TensorData::Fp32(data.to_vec()))
            }
        };
        tensors.push(OutputTensor {
            name: spec.name.clone(),
            datatype: spec.datatype,
            shape,
            data,
        });
    }
    Ok(tensors)
}

fn signature(session: &Session) -> Result<Signature, String> {
    let inputs = session.inputs();
    if inputs.len() != 1 {
        return Err(format!(
            "the model takes {} inputs; nbamcp serves models with one float input [N, features]",
            inputs.len()
        ));
    }
    let input = &inputs[0];
    let features = match input.dtype() {
        ValueType::Tensor { ty, shape, .. }
            if *ty == TensorElementType::Float32 && shape.len() == 2 && shape[1] > 0 =>
        {
            shape[1] as usize
        }
        other => {
            return Err(format!(
                "input {:?} is {other}; nbamcp serves models with one float input [N, features]",
                input.name()
            ));
        }
    };
    let mut outputs = Vec::new();
    for output in session.outputs() {
        match output.dtype() {
            ValueType::Tensor { ty, shape, .. } => match datatype(*ty) {
                Some(dt) => outputs.push(OutputSpec {
                    name: output.name().to_owned(),
                    datatype: dt,
                    shape: shape.to_vec(),
                }),
                None => {
                    return Err(format!(
                        "output {:?} is a {ty:?} tensor; nbamcp serves float and int64 outputs",
                        output.name()
                    ));
                }
            },
            other => {
                return Err(format!(
                    "output {:?} is {other} (export with zipmap off: plain tensors only)",
                    output.name()
                ));
            }
        }
    }
    if outputs.is_empty() {
        return Err("the model has no outputs".into());
    }
    Ok(Signature {
        input_name: input.name().to_owned(),
        features,
        outputs,
    })
}
