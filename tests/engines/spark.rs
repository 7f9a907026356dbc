//! A Spark Connect server on localhost for the engine tests: the Spark in `BATON_SPARK_HOME`
//! (`.ci/run` installs PySpark, which ships Spark and its Connect server) started with its own
//! `spark-submit` on a free port, and stopped when dropped.

use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server: `engine` is `--engine`'s name for it.
pub struct Server {
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
    pub engine: String,
}

/// The Spark to start (`BATON_SPARK_HOME`), if the run asks for the Spark tests.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("BATON_SPARK_HOME").map(PathBuf::from)
}

/// Starts a Connect server of the Spark at `home` on two local cores; returns once it answers
/// on its port (Spark takes some 10 to 30 seconds to start).
pub fn start(home: &Path) -> Server {
    let port = super::free_port();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("spark.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(home.join("bin").join("spark-submit"))
        .env("SPARK_HOME", home)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("SPARK_LOCAL_DIRS", dir.path())
        .args(["--master", "local[2]", "--driver-memory", "1g"])
        .args([
            "--class",
            "org.apache.spark.sql.connect.service.SparkConnectServer",
        ])
        .args(["--conf", &format!("spark.connect.grpc.binding.port={port}")])
        .args(["--conf", "spark.connect.grpc.binding.address=127.0.0.1"])
        .args([
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.log.level=WARN",
        ])
        // A handful of rows a query: four shuffle partitions, not 200.
        .args(["--conf", "spark.sql.shuffle.partitions=4"])
        .args([
            "--conf",
            &format!(
                "spark.sql.warehouse.dir={}",
                dir.path().join("warehouse").display()
            ),
        ])
        .arg("spark-internal")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start spark-submit: {e}", home.display()));
    let mut server = Server {
        child,
        log,
        _dir: dir,
        engine: format!("sc://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!(
                "the Spark Connect server stopped ({status}):\n{}",
                server.log_tail()
            );
        }
        if start.elapsed() > Duration::from_secs(300) {
            panic!(
                "the Spark Connect server did not start in 5 minutes:\n{}",
                server.log_tail()
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

impl Server {
    /// The end of the server's log, for a failure's message.
    pub fn log_tail(&self) -> String {
        let mut text = String::new();
        if let Ok(mut f) = std::fs::File::open(&self.log) {
            let _ = f.read_to_string(&mut text);
        }
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // `spark-submit` execs the JVM: this is the server itself.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
