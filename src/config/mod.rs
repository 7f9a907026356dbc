//! `baton.toml`: time zone, currency, channel map and the other choices a company makes.

pub(crate) mod analytics;
pub(crate) mod file;

pub use file::{OneOrMany, RawConfig, SourceConfig};

use crate::base::error::{Error, Result};
use crate::base::money::{Currency, Rate};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config file's name, looked for in the input folder when `--config` is not given.
pub const FILE_NAME: &str = "baton.toml";

/// The commented settings `baton init` starts a config with.
pub const STARTER: &str = r#"# baton.toml: settings for the reports of the exports in this folder.
# Every key is optional. Documentation: docs/config.md and docs/sources.md.

# Shown in the report's header.
# company = "Your Company"

# Time zone for timestamps without an offset, and for month buckets (IANA name).
# timezone = "America/New_York"

# The report currency (default: the one most rows of spend and deals state, leaving out
# those with a rate below; else USD). `baton check` says which and why.
# currency = "USD"

# Units of the report currency per unit of another currency. Rows in a currency with no
# rate are left out, and the build says which lines to add here.
# [exchange_rates]
# EUR = 1.08

# Source values -> channel, on top of the built-in map (docs/channels.md).
# [channels]
# "Web" = "Organic Search"

# Channels whose revenue is not marketing-sourced.
# non_marketing_channels = ["Outbound", "Sales"]

# Two CRM records of one source with the same email (different ids) are one person by
# default; true counts each record as a lead.
# count_records = false

# Files to leave out.
# ignore = ["archive/*.csv"]
"#;

#[derive(Debug)]
pub struct Config {
    pub company: Option<String>,
    pub tz: Tz,
    pub currency: Option<Currency>,
    pub exchange_rates: BTreeMap<Currency, Rate>,
    pub channels: BTreeMap<String, String>,
    pub non_marketing_channels: Vec<String>,
    pub free_mail_domains: Vec<String>,
    /// Two records of one source with one email stay two leads (`count_records`); by default
    /// they are one person (docs/metrics.md, "Duplicates").
    pub count_records: bool,
    /// The profiles `[[source]]` blocks define, and the files to leave out.
    /// The `[[source]]` blocks, turned into profiles by `input` (`input::formats::custom::profile_set`).
    pub source: Vec<SourceConfig>,
    /// Files to leave out (globs relative to the input folder).
    pub ignore: Vec<String>,
    /// SLA, business hours, attribution, targets and the other analytics settings.
    pub analytics: crate::config::analytics::Settings,
    /// Templates folder from the config, resolved against the config's folder.
    pub templates_dir: Option<PathBuf>,
    /// The accent colour, validated.
    pub accent: Option<String>,
    /// The logo as a `data:` URI.
    pub logo: Option<String>,
    /// Where the config came from, if a file.
    pub path: Option<PathBuf>,
    /// The key of the people's pseudonyms, when the file sets one (`secret`).
    pub pseudonym_key: Option<crate::base::secret::Key>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_raw(RawConfig::default(), None).expect("defaults are valid")
    }
}

impl Config {
    fn from_raw(mut raw: RawConfig, path: Option<&Path>) -> Result<Config> {
        let err = |message: String| Error::Config {
            path: path.map_or_else(|| PathBuf::from("--tz"), Path::to_path_buf),
            message,
        };
        let tz = match &raw.timezone {
            Some(name) => parse_tz(name).map_err(err)?,
            None => Tz::UTC,
        };
        let analytics = crate::config::analytics::Settings::from_raw(&mut raw, tz).map_err(err)?;
        let base = path.and_then(Path::parent).unwrap_or(Path::new("."));
        let accent = match &raw.branding.accent {
            Some(a) => Some(
                valid_colour(a)
                    .ok_or_else(|| {
                        err(format!(
                            "[branding] accent = {a:?} is not a colour like \"#1f5fbf\""
                        ))
                    })
                    .map(str::to_string)?,
            ),
            None => None,
        };
        let logo = match &raw.branding.logo {
            Some(p) => Some(logo_uri(&base.join(p)).map_err(err)?),
            None => None,
        };
        let templates_dir = raw.templates_dir.as_ref().map(|d| base.join(d));
        let currency = match &raw.currency {
            Some(c) => Some(Currency::parse(c).ok_or_else(|| {
                err(format!(
                    "currency = {c:?} is not a three-letter currency code such as \"USD\""
                ))
            })?),
            None => None,
        };
        let pseudonym_key = match &raw.pseudonym_key {
            Some(hex) => Some(
                crate::base::secret::Key::from_hex(hex)
                    .map_err(|m| err(format!("pseudonym_key: {m}")))?,
            ),
            None => None,
        };
        let mut exchange_rates = BTreeMap::new();
        for (code, value) in &raw.exchange_rates {
            let cur = Currency::parse(code).ok_or_else(|| {
                err(format!(
                    "[exchange_rates] key {code:?} is not a currency code"
                ))
            })?;
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Integer(i) => i.to_string(),
                other => other.to_string(),
            };
            let rate = Rate::parse(&text).ok_or_else(|| {
                err(format!(
                    "[exchange_rates] {code} = {value} is not a positive number"
                ))
            })?;
            exchange_rates.insert(cur, rate);
        }
        Ok(Config {
            company: raw.company,
            tz,
            currency,
            exchange_rates,
            channels: raw.channels,
            non_marketing_channels: raw
                .non_marketing_channels
                .unwrap_or_else(|| vec!["Outbound".to_string(), "Sales".to_string()]),
            free_mail_domains: raw
                .free_mail_domains
                .iter()
                .map(|d| d.trim().to_lowercase())
                .collect(),
            count_records: raw.count_records,
            source: raw.source,
            ignore: raw.ignore,
            analytics,
            templates_dir,
            accent,
            logo,
            path: path.map(Path::to_path_buf),
            pseudonym_key,
        })
    }

    /// Loads `explicit`, else `input/baton.toml` when it exists, else the defaults; then applies
    /// `--tz`.
    pub fn load(
        explicit: Option<&Path>,
        input: &Path,
        tz_override: Option<&str>,
    ) -> Result<Config> {
        let candidate = input.join(FILE_NAME);
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => candidate.is_file().then_some(candidate),
        };
        let mut config = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| Error::Config {
                    path: p.clone(),
                    message: format!("cannot read the config file: {e}"),
                })?;
                let raw: RawConfig = toml::from_str(&text).map_err(|e| Error::Config {
                    path: p.clone(),
                    message: e.to_string().trim_end().to_string(),
                })?;
                Config::from_raw(raw, Some(p))?
            }
            None => Config::default(),
        };
        if let Some(name) = tz_override {
            config.tz = parse_tz(name).map_err(|m| Error::Usage(format!("--tz: {m}")))?;
        }
        Ok(config)
    }

    /// Whether revenue in `channel` counts as marketing-sourced.
    pub fn is_marketing_channel(&self, channel: &str) -> bool {
        channel != crate::model::channel::UNATTRIBUTED
            && !self.non_marketing_channels.iter().any(|c| c == channel)
    }
}

/// `#rgb` or `#rrggbb`.
fn valid_colour(c: &str) -> Option<&str> {
    let hex = c.strip_prefix('#')?;
    (matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(c)
}

/// Reads an image into a `data:` URI.
fn logo_uri(path: &Path) -> std::result::Result<String, String> {
    use base64::Engine;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mime = match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => {
            return Err(format!(
                "[branding] logo {}: use a .png, .jpg, .gif, .webp or .svg file",
                crate::base::excerpt::path(path)
            ));
        }
    };
    let bytes = std::fs::read(path)
        .map_err(|e| format!("[branding] logo {}: {e}", crate::base::excerpt::path(path)))?;
    if bytes.len() > 512 * 1024 {
        return Err(format!(
            "[branding] logo {}: larger than 512 KiB; every page embeds it",
            crate::base::excerpt::path(path)
        ));
    }
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

fn parse_tz(name: &str) -> std::result::Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("{name:?} is not an IANA time zone; use a name such as \"Europe/Paris\" or \"America/New_York\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let e = toml::from_str::<RawConfig>("timezone = \"UTC\"\ncolour = 3\n").unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn parses_everything() {
        let raw: RawConfig = toml::from_str(
            "company = \"Acme\"\ntimezone = \"Europe/Paris\"\ncurrency = \"eur\"\n\
             non_marketing_channels = [\"Outbound\"]\n[exchange_rates]\nUSD = 0.92\nGBP = \"1.17\"\n\
             [channels]\nWeb = \"Organic Search\"\n",
        )
        .unwrap();
        let c = Config::from_raw(raw, None).unwrap();
        assert_eq!(c.tz, chrono_tz::Europe::Paris);
        assert_eq!(c.currency, Currency::parse("EUR"));
        assert_eq!(
            c.exchange_rates[&Currency::parse("USD").unwrap()],
            Rate(920_000)
        );
        assert_eq!(
            c.exchange_rates[&Currency::parse("GBP").unwrap()],
            Rate(1_170_000)
        );
        assert!(c.is_marketing_channel("Sales"));
        assert!(!c.is_marketing_channel("Outbound"));
        assert!(!c.is_marketing_channel("(unattributed)"));
    }

    #[test]
    fn branding_is_validated() {
        assert_eq!(valid_colour("#1f5fbf"), Some("#1f5fbf"));
        assert_eq!(valid_colour("#15b"), Some("#15b"));
        for bad in ["1f5fbf", "#12345", "#ggg", "red; } body { display:none"] {
            assert_eq!(valid_colour(bad), None, "{bad}");
        }
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("logo.png");
        std::fs::write(&png, [0x89, b'P', b'N', b'G']).unwrap();
        assert_eq!(logo_uri(&png).unwrap(), "data:image/png;base64,iVBORw==");
        assert!(
            logo_uri(&dir.path().join("logo.bmp"))
                .unwrap_err()
                .contains(".png")
        );
    }

    #[test]
    fn bad_values_are_explained() {
        let raw: RawConfig = toml::from_str("timezone = \"Mars/Base\"").unwrap();
        let e = Config::from_raw(raw, Some(Path::new("baton.toml"))).unwrap_err();
        assert!(e.to_string().contains("IANA time zone"), "{e}");
    }
}
