//! The date and time parser.
#![no_main]
use baton::parts::{DateOrder, OrderEvidence, parse_written};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for order in [DateOrder::MonthFirst, DateOrder::DayFirst] {
        let mut ev = OrderEvidence::default();
        if let Some(w) = parse_written(&text, order, &mut ev) {
            let _ = w.instant(chrono_tz::Europe::Paris);
            let _ = w.date(chrono_tz::Pacific::Kiritimati);
        }
    }
});
