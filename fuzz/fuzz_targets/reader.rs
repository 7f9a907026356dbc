//! The CSV and dialect reader: encoding, delimiter, header search, profiles, rows.
#![no_main]
use baton::model::channel::ChannelMap;
use baton::input::normalize::RowContext;
use baton::input::{profile_set::ProfileSet, read::read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ctx = RowContext::new(chrono_tz::America::New_York, ChannelMap::new(&Default::default()));
    let batch = read_bytes("fuzz.csv", data, &ProfileSet::default(), &ctx);
    let l = &batch.ledger;
    // Every row is accounted for.
    assert!(l.rows >= l.rejected + l.duplicates);
    assert_eq!(l.rows - l.rejected, (batch.leads.len() + batch.opportunities.len() + batch.spend.len() + batch.touches.len()) as u64);
});
