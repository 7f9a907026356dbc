//! An S3 server on localhost for the object-storage test: moto's (`BATON_MOTO` names a Python
//! with `moto[server]`, which `.ci/run` installs), started on a free port, with the datasets
//! put into it by boto3 (which moto brings), and stopped when dropped.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running S3 server.
pub struct Moto {
    child: Child,
    python: PathBuf,
    endpoint: String,
}

/// A server started with the Python that `BATON_MOTO` names, if the run asks for the
/// object-storage tests; else `None`, saying the test is skipped.
pub fn start_if_asked() -> Option<Moto> {
    let Some(python) = std::env::var_os("BATON_MOTO") else {
        eprintln!(
            "skipped: set BATON_MOTO to a Python with moto[server] to run the object-storage tests"
        );
        return None;
    };
    Some(start(Path::new(&python)))
}

/// The settings a client of the server needs, as the usual AWS environment variables.
pub const KEYS: [(&str, &str); 4] = [
    ("AWS_ACCESS_KEY_ID", "baton-test"),
    ("AWS_SECRET_ACCESS_KEY", "baton-test"),
    ("AWS_REGION", "us-east-1"),
    ("AWS_ALLOW_HTTP", "true"),
];

/// Starts moto's server with `python`; returns once it answers on its port.
pub fn start(python: &Path) -> Moto {
    let port = super::free_port();
    let child = Command::new(python)
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start moto: {e}", python.display()));
    let mut moto = Moto {
        child,
        python: python.to_path_buf(),
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = moto.child.try_wait() {
            panic!("moto's server stopped ({status})");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "moto's server did not start in a minute"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    moto
}

impl Moto {
    /// The environment of a baton that reads from this server.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = KEYS
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        env.push(("AWS_ENDPOINT".into(), self.endpoint.clone()));
        env
    }

    /// Puts every file of the folder `dataset` into a new bucket `bucket`, under `data/`;
    /// returns the dataset's URL.
    pub fn put(&self, dataset: &Path, bucket: &str) -> String {
        const SCRIPT: &str = r#"
import os, sys, boto3
endpoint, bucket, folder = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=endpoint)
s3.create_bucket(Bucket=bucket)
for root, _, files in os.walk(folder):
    for f in files:
        p = os.path.join(root, f)
        s3.upload_file(p, bucket, "data/" + os.path.relpath(p, folder))
"#;
        let out = Command::new(&self.python)
            .args(["-c", SCRIPT, &self.endpoint, bucket])
            .arg(dataset)
            .envs(self.env())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "boto3 could not put {}: {}",
            dataset.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        format!("s3://{bucket}/data")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
