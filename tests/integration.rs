//! The integration tests, built as one test binary (`autotests = false` in Cargo.toml): each
//! module below is a file beside this one, e.g. `analytics` is tests/analytics.rs. Run one file's
//! tests with `cargo test --test integration analytics::`, one test by any part of its name.
//! tests/browser/, tests/corpora/ and tests/fixtures/ hold data, not modules.

mod common;

mod ad_ranges;
mod analytics;
mod architecture;
mod archive_links;
mod browser;
mod changed_inputs;
mod chunks;
mod claims;
mod cli;
mod corpora;
mod crm_reports;
mod currency;
mod engines;
mod first_reader;
mod flags;
mod freshness;
mod google_reports;
mod handoff_tiles;
mod headers;
mod joins_and_duplicates;
mod limits;
mod mailchimp;
mod messages;
mod metrics_handmade;
mod naughty;
mod normalize;
mod numbers;
mod privacy;
mod real_corpus;
mod real_exports;
mod realdata;
mod safe_output;
mod sample_report;
mod summary;
mod unattended;
mod vendor_formats;
