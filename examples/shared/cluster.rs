//! A Ballista cluster in this process: a scheduler on a free port of localhost and executors
//! that join it; shared by `examples/cluster.rs` (the benchmark's cluster) and the engine tests.

use ballista_core::serde::BallistaCodec;
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;

/// Starts a scheduler and `executors` executors of `slots` task slots each, on the current
/// tokio runtime (they stop with it); returns the scheduler's port once every executor joined.
pub async fn start(executors: usize, slots: usize) -> u16 {
    let address = ballista_scheduler::standalone::new_standalone_scheduler()
        .await
        .expect("a scheduler on localhost");
    let url = format!("http://localhost:{}", address.port());
    let mut tries = 0;
    let scheduler = loop {
        match SchedulerGrpcClient::connect(url.clone()).await {
            Ok(s) => break s,
            Err(e) if tries > 100 => panic!("no scheduler at {url}: {e}"),
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
        tries += 1;
    };
    for _ in 0..executors {
        ballista_executor::new_standalone_executor(
            scheduler.clone(),
            slots,
            BallistaCodec::default(),
        )
        .await
        .expect("an executor on localhost");
    }
    address.port()
}
