//! A Ballista cluster on this machine, for the engine benchmark (`benches/engines.sh`): one
//! scheduler and `--executors N` executors (default 2) of `--slots N` task slots each (default 2),
//! in this process, until it is stopped. Prints `ballista://localhost:PORT`, the name `baton build
//! --engine` takes, once every executor has joined. A cluster of separate machines runs
//! Ballista's own `ballista-scheduler` and `ballista-executor` instead (docs/dataset.md).
//!
//! `cargo run --release --features ballista --example cluster -- --executors 2 --slots 2`

#[cfg(feature = "ballista")]
#[path = "shared/cluster.rs"]
mod cluster;

#[cfg(feature = "ballista")]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |flag: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| {
                v.parse().unwrap_or_else(|_| {
                    eprintln!("cluster: {flag} {v}: expected a number");
                    std::process::exit(2)
                })
            })
    };
    let (executors, slots) = (number("--executors", 2), number("--slots", 2));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let port = cluster::start(executors, slots).await;
        println!("ballista://localhost:{port}");
        std::future::pending::<()>().await;
    });
}

#[cfg(not(feature = "ballista"))]
fn main() {
    eprintln!("cluster: build it with --features ballista");
    std::process::exit(2);
}
