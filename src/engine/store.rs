//! Store: where a dataset is, a local folder or a URL in object storage (`s3://`, `gs://`,
//! `az://` and the other forms the `object_store` crate knows), with the credentials each
//! service's usual environment variables give (docs/dataset.md, "Object storage").

use crate::base::error::{Error, Result};
use datafusion::prelude::SessionContext;
use object_store::{ObjectStore, ObjectStoreExt, ObjectStoreScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use url::Url;

/// Where a dataset is.
pub(crate) enum Place {
    /// A folder on this machine (or a path every executor shares).
    Local(PathBuf),
    /// A prefix in object storage: `url` without a trailing slash, `store` its bucket.
    Remote {
        url: Url,
        store: Arc<dyn ObjectStore>,
        root: object_store::path::Path,
    },
}

/// The URL forms of object storage, for messages.
const FORMS: &str = "s3://BUCKET/PREFIX, gs://BUCKET/PREFIX or az://CONTAINER/PREFIX";

/// Whether `dataset` is written as a URL (`SCHEME://...`) rather than a path.
pub(crate) fn is_url(dataset: &Path) -> bool {
    dataset
        .to_str()
        .and_then(|s| s.split_once("://"))
        .is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// The URL as messages show it: no user, password, query or fragment (where a key could be).
pub(crate) fn shown(url: &Url) -> String {
    let mut clean = url.clone();
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    clean.set_query(None);
    clean.set_fragment(None);
    clean.to_string()
}

/// The place `dataset` names: a URL of object storage (its bucket opened with the service's
/// environment variables), else a local path.
pub(crate) fn locate(dataset: &Path) -> Result<Place> {
    if !is_url(dataset) {
        return Ok(Place::Local(dataset.to_path_buf()));
    }
    let text = dataset.to_string_lossy();
    let url = Url::parse(text.trim_end_matches('/'))
        .map_err(|e| Error::Usage(format!("--dataset {text}: {e}; write it as {FORMS}")))?;
    let unknown = || {
        Error::Usage(format!(
            "--dataset {}: not a kind of object storage baton reads; write it as {FORMS}, or give a folder's path",
            shown(&url)
        ))
    };
    let (scheme, root) = ObjectStoreScheme::parse(&url).map_err(|_| unknown())?;
    let built = match scheme {
        ObjectStoreScheme::AmazonS3 => object_store::aws::AmazonS3Builder::from_env()
            .with_url(url.as_str())
            .build()
            .map(|s| Arc::new(s) as Arc<dyn ObjectStore>),
        ObjectStoreScheme::GoogleCloudStorage => {
            object_store::gcp::GoogleCloudStorageBuilder::from_env()
                .with_url(url.as_str())
                .build()
                .map(|s| Arc::new(s) as Arc<dyn ObjectStore>)
        }
        ObjectStoreScheme::MicrosoftAzure => object_store::azure::MicrosoftAzureBuilder::from_env()
            .with_url(url.as_str())
            .build()
            .map(|s| Arc::new(s) as Arc<dyn ObjectStore>),
        ObjectStoreScheme::Local => {
            return url.to_file_path().map(Place::Local).map_err(|()| unknown());
        }
        _ => return Err(unknown()),
    };
    let store = built.map_err(|e| {
        Error::Usage(format!(
            "--dataset {}: {e}; set the storage service's environment variables (docs/dataset.md, \"Object storage\")",
            shown(&url)
        ))
    })?;
    Ok(Place::Remote { url, store, root })
}

/// A storage service's error in one line: without the XML or JSON body a server returned.
fn brief(e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    let end = [": <?xml", ": {", "\n"]
        .iter()
        .filter_map(|cut| text.find(cut))
        .min()
        .unwrap_or(text.len());
    text[..end].trim_end().to_string()
}

impl Place {
    /// The place as messages show it.
    pub(crate) fn show(&self) -> String {
        match self {
            Place::Local(path) => crate::base::excerpt::path(path).to_string(),
            Place::Remote { url, .. } => shown(url),
        }
    }

    /// The text of the dataset's file `name` (`funnel.json`).
    pub(crate) fn read(&self, name: &str) -> Result<String> {
        match self {
            Place::Local(dir) => {
                let path = dir.join(name);
                std::fs::read_to_string(&path).map_err(|e| Error::io(&path, "read", e))
            }
            Place::Remote { url, store, root } => {
                let location = root.clone().join(name);
                let failed = |e: &dyn std::fmt::Display| {
                    Error::Data(format!(
                        "{}/{name}: cannot read it: {}; is the dataset there, and are the storage service's environment variables set (docs/dataset.md, \"Object storage\")?",
                        shown(url),
                        brief(e)
                    ))
                };
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| failed(&e))?;
                let bytes = runtime
                    .block_on(async { store.get(&location).await?.bytes().await })
                    .map_err(|e| failed(&e))?;
                String::from_utf8(bytes.to_vec()).map_err(|e| failed(&e))
            }
        }
    }

    /// The URL DataFusion lists `table`'s files under, with the bucket registered in `ctx`.
    pub(crate) fn table(&self, ctx: &SessionContext, table: &str) -> Result<String> {
        match self {
            Place::Local(dir) => {
                let root = std::path::absolute(dir).map_err(|e| Error::io(dir, "find", e))?;
                Ok(format!("{}/", root.join(table).display()))
            }
            Place::Remote { url, store, .. } => {
                ctx.register_object_store(url, Arc::clone(store));
                Ok(format!("{}/{table}/", url.as_str().trim_end_matches('/')))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_told_from_a_path() {
        for url in [
            "s3://b/p",
            "gs://b",
            "az://c/p/",
            "abfss://c@a.dfs.core.windows.net/p",
        ] {
            assert!(is_url(Path::new(url)), "{url}");
        }
        for path in ["dataset", "./s3:/x", "/data/x://y", "C:\\data", "a b://c"] {
            assert!(!is_url(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_shown_url_keeps_no_credentials() {
        let url = Url::parse("s3://key:secret@bucket/p?token=t#f").unwrap();
        assert_eq!(shown(&url), "s3://bucket/p");
    }

    #[test]
    fn a_services_error_is_shown_without_the_body_it_returned() {
        let e = "Object at location data/funnel.json not found: Server returned non-2xx status code: 404 Not Found: <?xml version=\"1.0\"?>\n<Error><Code>NoSuchKey</Code></Error>";
        assert_eq!(
            brief(&e),
            "Object at location data/funnel.json not found: Server returned non-2xx status code: 404 Not Found"
        );
        assert_eq!(brief(&"plain"), "plain");
    }

    #[test]
    fn an_unknown_scheme_is_refused_with_the_forms_baton_reads() {
        let Err(e) = locate(Path::new("ftp://host/x")) else {
            panic!("ftp was taken")
        };
        assert!(e.to_string().contains("s3://BUCKET/PREFIX"), "{e}");
    }
}
