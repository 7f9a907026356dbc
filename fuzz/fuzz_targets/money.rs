//! The money parser.
#![no_main]
use baton::parts::parse_money;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for hint in [None, Some(b'.'), Some(b',')] {
        if let Ok((m, _)) = parse_money(&text, hint) {
            let _ = m.to_cents_f64();
            let _ = m.per(3);
        }
    }
});
