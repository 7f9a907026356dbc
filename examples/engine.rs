//! Runs the metrics on an engine over a dataset `baton normalize` wrote, for the engine benchmark
//! (benches/engines.sh): `engine ENGINE DATASET CONFIG [OUT.json]` with ENGINE `datafusion`.
//! CONFIG is the `baton.toml` the build read, or the input folder that holds it. Prints the
//! seconds the engine took; with OUT.json, writes every month's metrics there (to compare with
//! the build's).

use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [engine, dataset, config, rest @ ..] = args.as_slice() else {
        eprintln!("usage: engine ENGINE DATASET CONFIG [OUT.json]");
        std::process::exit(2);
    };
    let config = Path::new(config);
    let (config, input) = match config.is_file() {
        true => (Some(config), config.parent().unwrap_or(Path::new("."))),
        false => (None, config),
    };
    let started = Instant::now();
    let months = baton::parts::metrics_json(engine, Path::new(dataset), config, input)
        .unwrap_or_else(|e| {
            eprintln!("engine: {e}");
            std::process::exit(1);
        });
    println!("{:.3}", started.elapsed().as_secs_f64());
    if let Some(out) = rest.first() {
        let text = serde_json::to_string(&months).expect("JSON");
        std::fs::write(out, text).expect("write the metrics");
    }
}
