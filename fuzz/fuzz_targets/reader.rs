//! The CSV and dialect reader: encoding, delimiter, header search, profiles, rows.
#![no_main]
use baton::parts::ChannelMap;
use baton::parts::RowContext;
use baton::parts::{ProfileSet, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ctx = RowContext::new(chrono_tz::America::New_York, ChannelMap::new(&Default::default()));
    let batch = read_bytes("fuzz.csv", data, &ProfileSet::default(), &ctx);
    let l = &batch.ledger;
    // Every row is accounted for.
    assert!(l.rows >= l.rejected + l.duplicates);
    assert_eq!(l.rows - l.rejected, (batch.leads.len() + batch.opportunities.len() + batch.spend.len() + batch.touches.len()) as u64);
});
