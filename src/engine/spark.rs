//! Spark: the same queries on a Spark Connect server (Apache Spark 4, Databricks), through the
//! Apache Spark project's Rust client. The server reads the dataset's files at the path given
//! here, so the dataset must be at that path where Spark runs (a shared folder); results come
//! back as Arrow IPC bytes and are read with this build's Arrow.

use crate::base::error::{Error, Result};
use crate::engine::Engine;
use crate::engine::datafusion::TABLES;
use arrow_array::RecordBatch;
use spark_connect::SparkSession;
use std::path::Path;

/// How `--engine` names a Spark Connect server: `sc://HOST:PORT` (Spark's own form, with its
/// `;token=...;use_ssl=true` parameters after the address where a server wants them).
pub(crate) const SCHEME: &str = "sc://";

/// A session on a Spark Connect server with the dataset's tables as temporary views.
pub(crate) struct Spark {
    session: SparkSession,
    /// The server's address without its parameters (a token is never printed), for messages.
    name: String,
}

/// `url` without its parameters (Spark's `;name=value` list, which may hold a token).
pub(crate) fn address(url: &str) -> &str {
    url.split(';').next().unwrap_or(url).trim_end_matches('/')
}

/// What to tell the user when the server was not reached.
const NOT_REACHED: &str =
    "is the Spark Connect server running at that address? Start it, or correct --engine";

/// What to add to a Spark error that says the server was not reached.
fn hint(message: &str) -> String {
    let unreachable = [
        "transport error",
        "Connection refused",
        "ConnectError",
        "dns error",
    ];
    if unreachable.iter().any(|w| message.contains(w)) {
        format!("; {NOT_REACHED}")
    } else {
        String::new()
    }
}

/// The port of a Spark Connect server when its address names none.
const DEFAULT_PORT: u16 = 15002;

/// Fails at once, with what to check, when nothing answers at `url`'s host and port: the
/// client would retry a refused connection for some ten minutes (its default policy, as
/// PySpark's). A server that goes away later is retried so.
fn reach(url: &str, name: &str) -> Result<()> {
    let authority = url
        .strip_prefix(SCHEME)
        .unwrap_or(url)
        .split([';', '/'])
        .next()
        .unwrap_or_default();
    if authority.is_empty() {
        return Err(Error::Usage(format!(
            "--engine {SCHEME}HOST:PORT: name the Spark Connect server"
        )));
    }
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.ends_with(':') && port.parse::<u16>().is_ok());
    let target = if has_port {
        authority.to_string()
    } else {
        format!("{authority}:{DEFAULT_PORT}")
    };
    let unreachable = |e: &dyn std::fmt::Display| {
        Error::Data(format!(
            "{name}: cannot connect to {target}: {e}; {NOT_REACHED}"
        ))
    };
    let addresses = std::net::ToSocketAddrs::to_socket_addrs(&target)
        .map_err(|e| unreachable(&e))?
        .collect::<Vec<_>>();
    let timeout = std::time::Duration::from_secs(10);
    let mut last = None;
    for a in &addresses {
        match std::net::TcpStream::connect_timeout(a, timeout) {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => unreachable(&e),
        None => unreachable(&"the name has no address"),
    })
}

/// A session on the server at `url` (`sc://HOST:PORT`) with the tables of the dataset at
/// `dataset` (read where the server runs) registered as temporary views.
pub(crate) fn open(url: &str, dataset: &Path) -> Result<Spark> {
    let name = format!("Spark Connect at {}", address(url));
    let fail = |e: spark_connect::SparkError| {
        let e = e.to_string().replace(url, address(url));
        Error::Data(format!("{name}: {e}{}", hint(&e)))
    };
    reach(url, &name)?;
    let session = SparkSession::builder()
        .remote(url)
        .get_or_create()
        // The client connects at the first query: only an address it cannot read fails here.
        .map_err(|e| {
            let e = e.to_string().replace(url, address(url));
            Error::Usage(format!("--engine {}: {e}", address(url)))
        })?;
    // The month folders (`month=YYYY-MM`, `month=none`) are text, as DataFusion reads them.
    session
        .sql("SET spark.sql.sources.partitionColumnTypeInference.enabled=false")
        .map_err(fail)?
        .collect()
        .map_err(fail)?;
    let root = std::path::absolute(dataset).map_err(|e| Error::io(dataset, "find", e))?;
    for table in TABLES {
        let dir = root.join(table);
        let dir = dir.to_str().ok_or_else(|| {
            Error::Usage(format!(
                "{}: Spark needs a dataset path that is UTF-8; move the dataset",
                dir.display()
            ))
        })?;
        session
            .read()
            .parquet(dir)
            .create_or_replace_temp_view(table)
            .map_err(fail)?;
    }
    Ok(Spark { session, name })
}

impl Engine for Spark {
    fn query(&self, sql: &str) -> Result<Vec<RecordBatch>> {
        let fail = |e: String| Error::Data(format!("{}: {e}{}", self.name, hint(&e)));
        let bytes = self
            .session
            .sql(sql)
            .map_err(|e| fail(e.to_string()))?
            .to_arrow()
            .map_err(|e| fail(e.to_string()))?;
        // A result with no rows comes back as a file with no columns: no batches.
        let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None)
            .map_err(|e| fail(format!("its result could not be read: {e}")))?;
        reader
            .map(|b| b.map_err(|e| fail(format!("its result could not be read: {e}"))))
            .filter(|b| b.as_ref().map_or(true, |b| b.num_rows() > 0))
            .collect()
    }
}

impl Drop for Spark {
    /// Ends the session on the server (its temporary views go with it).
    fn drop(&mut self) {
        let _ = self.session.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_in_the_address_is_never_printed() {
        assert_eq!(address("sc://localhost:15002"), "sc://localhost:15002");
        assert_eq!(
            address("sc://host:443/;token=SECRET;use_ssl=true"),
            "sc://host:443"
        );
        assert!(hint("status: Unavailable, message: \"transport error\"").contains("running"));
        assert!(hint("[TABLE_OR_VIEW_NOT_FOUND]").is_empty());
    }

    #[test]
    fn a_server_that_is_not_there_is_named_at_once() {
        // A port nothing listens on: one just bound and let go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("sc://127.0.0.1:{port}/;token=SECRET");
        let e = reach(&url, "Spark Connect at x").unwrap_err().to_string();
        assert!(
            e.contains(&format!("cannot connect to 127.0.0.1:{port}")),
            "{e}"
        );
        assert!(e.contains("server running") && !e.contains("SECRET"), "{e}");
        // No address before the parameters: refused, not read past.
        for url in ["sc://;token=x", "sc:///;token=x"] {
            let e = reach(url, "x").unwrap_err().to_string();
            assert!(e.contains("name the Spark Connect server"), "{e}");
        }
        // No port: Spark Connect's own, 15002.
        let e = reach("sc://127.0.0.1", "x").map_err(|e| e.to_string());
        assert!(e.is_ok() || e.unwrap_err().contains("127.0.0.1:15002"));
    }
}
