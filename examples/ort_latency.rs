//! In-process ONNX Runtime latency of the model `nbamcp serve` would run, without HTTP:
//! `cargo run --release --example ort_latency -- MODEL.onnx [RUNS]` prints the median and p99
//! of one `predict` call for 1 and 256 rows (ORT_DYLIB_PATH must point at libonnxruntime).

use std::time::Instant;

use nbamcp::serve::model::OnnxModel;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: ort_latency MODEL.onnx [RUNS]");
    let runs: usize = args.next().map_or(20_000, |r| r.parse().expect("RUNS"));
    let bytes = std::fs::read(&path).expect("read the model");
    let model = OnnxModel::load(&bytes, 1, None).expect("load the model");
    let width = model.signature.features;
    for rows in [1usize, 256] {
        let input: Vec<f32> = (0..rows * width).map(|i| (i % 17) as f32 * 0.5).collect();
        for _ in 0..1_000 {
            model.predict(&input).unwrap();
        }
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                model.predict(&input).unwrap();
                started.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "in-process ort, {rows} row(s): median {:.1} µs, p99 {:.1} µs ({runs} runs)",
            times[runs / 2],
            times[runs * 99 / 100]
        );
    }
}
