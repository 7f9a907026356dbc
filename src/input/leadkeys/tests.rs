//! Unit tests of `input::leadkeys`.

use super::*;

fn lead(id: &str, email: Option<&str>) -> Lead {
    Lead::bare(id, email, 2)
}

#[test]
fn numbers_rows_across_files_and_groups_repeats() {
    let a = [lead("L1", Some("a@x.co")), lead("L2", None)];
    let b = [lead("L1", Some("b@x.co")), lead("L3", Some("a@x.co"))];
    let keys = LeadKeys::new([&a[..], &b[..]]);
    assert_eq!(keys.id("L1"), Some(0));
    assert_eq!(keys.id("L3"), Some(3));
    assert_eq!(keys.id("L9"), None);
    assert_eq!(keys.email("a@x.co"), Some(0));
    assert_eq!(keys.email("b@x.co"), Some(2));
    assert_eq!(keys.email(""), None, "no email is not a key");
    let rows = keys.into_rows();
    assert_eq!(rows.rows(0).collect::<Vec<_>>(), [0, 2]);
    assert_eq!(rows.rows(1).collect::<Vec<_>>(), [1]);
    assert_eq!(rows.repeated_ids().collect::<Vec<_>>(), [&[0, 2][..]]);
    assert_eq!(rows.repeated_emails().collect::<Vec<_>>(), [&[0, 3][..]]);
}

#[test]
fn an_email_looked_up_after_the_emails_went_is_missed_only_when_a_lead_may_have_it() {
    let a = [lead("L1", Some("a@x.co")), lead("L2", None)];
    let b = [lead("L3", Some("b@x.co")), lead("L4", Some("a@x.co"))];
    let files = [&a[..], &b[..]];
    let same = LeadKeys::group_emails(files);
    assert_eq!(same.values().collect::<Vec<_>>(), [&vec![0, 3]]);
    let keys = LeadKeys::index_grouped(files, same, Some(LeadKeys::filter_emails(files)));
    assert_eq!(keys.id("L3"), Some(2));
    assert_eq!(keys.email("nobody@x.co"), None);
    assert_eq!(keys.email(""), None);
    assert!(!keys.missed_email(), "no lead had those");
    assert_eq!(keys.email("b@x.co"), None, "the emails are gone");
    assert!(keys.missed_email(), "but a lead had it");
    assert_eq!(keys.into_rows().repeated_emails().count(), 1);
    // Without a filter, any email looked up may have been a lead's.
    let keys = LeadKeys::index_grouped(files, LeadKeys::group_emails(files), None);
    assert_eq!(keys.email("nobody@x.co"), None);
    assert!(keys.missed_email());
}

#[test]
fn an_email_table_made_with_the_keys_finds_what_one_made_at_the_first_lookup_finds() {
    // Repeated emails, a lead without one, and enough rows for ids of a common shape.
    let leads: Vec<Lead> = (0..300)
        .map(|i| {
            let email = format!("p{}@x{}.co", i % 120, i % 7);
            lead(&format!("L{i:05}"), (i % 11 != 0).then_some(email.as_str()))
        })
        .collect();
    let (early, late) = (
        LeadKeys::index([&leads[..]], true),
        LeadKeys::index([&leads[..]], false),
    );
    assert!(early.emails.get().is_some(), "made with the keys");
    assert!(late.emails.get().is_none(), "made at the first lookup");
    for i in 0..130 {
        for d in 0..8 {
            let e = format!("p{i}@x{d}.co");
            assert_eq!(early.email(&e), late.email(&e), "{e}");
        }
    }
    assert_eq!(early.email("p1@x1.co"), Some(1));
    assert_eq!(
        early.email("p0@x0.co"),
        None,
        "row 0 has no email; 840 is past the end"
    );
    assert_eq!(early.email("p0@x1.co"), Some(120));
    let (a, b) = (early.into_rows(), late.into_rows());
    assert!(a.repeated_emails().eq(b.repeated_emails()));
}

#[test]
fn table_probes_past_full_slots_and_its_end() {
    // Eight homes (room for 6 keys, 80% full at most); hashes chosen by hand: three keys
    // share home 1, and two have the last home, so one runs past the end.
    let mut t = KeyTable::with_room(6);
    assert_eq!(t.tags.len(), 8);
    let home = |h: u64, low: u64| h << 61 | low;
    let keys = [home(1, 1), home(1, 2), home(1, 3), home(7, 4), home(7, 5)];
    t.lay_out(keys.iter().map(|&h| (h, h & 0xff)));
    assert_eq!(t.tags.len(), 9, "one slot added past the end");
    for &h in &keys {
        assert_eq!(t.find(h, |e| e == h & 0xff), Some(h & 0xff), "{h:#x}");
    }
    // Same tag, another key: probed past, then not found at the empty slot.
    assert_eq!(t.find(home(1, 1), |_| false), None);
    assert_eq!(t.find(home(4, 1), |_| true), None, "an empty home");
    assert_eq!(
        t.find(home(2, 9), |_| true),
        None,
        "full slots, no tag matches"
    );
}

#[test]
fn many_keys_match_a_plain_map() {
    // 20,000 rows over 7,000 ids, some repeated; every id found at its first row, the
    // repeats grouped in row order.
    let ids: Vec<String> = (0..20_000u64)
        .map(|i| format!("ID{}", i.wrapping_mul(2_654_435_761) % 7_000))
        .collect();
    let leads: Vec<Lead> = ids.iter().map(|id| lead(id, None)).collect();
    let keys = LeadKeys::new([&leads[..]]);
    let mut first: std::collections::HashMap<&str, u32> = Default::default();
    let mut all: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for (row, id) in ids.iter().enumerate() {
        let f = *first.entry(id).or_insert(row as u32);
        all.entry(f).or_default().push(row as u32);
    }
    for (id, &row) in &first {
        assert_eq!(keys.id(id), Some(row));
    }
    assert_eq!(keys.id("ID7000"), None);
    let rows = keys.into_rows();
    for (f, want) in &all {
        assert_eq!(rows.rows(*f).collect::<Vec<_>>(), *want);
    }
    assert_eq!(
        rows.repeated_ids().count(),
        all.values().filter(|v| v.len() > 1).count()
    );
}

#[test]
fn ids_of_the_first_rows_shape_are_numbers_others_bytes() {
    let shape = |id: &str| Shape::of(id.as_bytes());
    let l = shape("L00000001").unwrap();
    assert_eq!((&*l.prefix, l.digits), (&b"L"[..], 8));
    assert_eq!(shape("583920174").unwrap().digits, 9);
    assert_eq!(shape("CONT-004211").unwrap().prefix.as_ref(), b"CONT-");
    for none in ["1234567890", "ABC", "A1B2", "", "prefix-longer-than-16-7"] {
        assert_eq!(shape(none), None, "{none}");
    }
    assert_eq!(l.code(b"L00000042"), Some(42));
    assert_eq!(l.code(b"L99999999"), Some(99_999_999));
    for other in [
        "L0000042",
        "L000000042",
        "l00000042",
        "L0000004x",
        "X00000042",
        "",
    ] {
        assert_eq!(l.code(other.as_bytes()), None, "{other}");
    }
}

#[test]
fn ids_kept_as_numbers_are_found_as_their_bytes_would_be() {
    // The first row sets the shape (a prefix, eight digits); the others mix that shape
    // (numbers ten apart: too sparse for `Numbered`, so kept in the table), the same digits
    // with another length or prefix, and ids of no shape, some repeated.
    let mut ids: Vec<String> = vec!["L00000007".into()];
    for i in 0..3_000u64 {
        let n = i.wrapping_mul(2_654_435_761) % 900;
        ids.push(match i % 5 {
            0 | 1 => format!("L{:08}", n * 10),
            2 => format!("L{n:07}"),
            3 => format!("M{n:08}"),
            _ => format!("id-{n}"),
        });
    }
    let leads: Vec<Lead> = ids.iter().map(|id| lead(id, None)).collect();
    let keys = LeadKeys::new([&leads[..]]);
    assert!(keys.shape.is_some());
    let mut first: std::collections::HashMap<&str, u32> = Default::default();
    for (row, id) in ids.iter().enumerate() {
        first.entry(id).or_insert(row as u32);
    }
    for (id, &row) in &first {
        assert_eq!(keys.id(id), Some(row), "{id}");
    }
    for absent in [
        "L00000901",
        "L0000901",
        "L000000007",
        "l00000007",
        "L0000000x",
        "id-901",
    ] {
        assert_eq!(keys.id(absent), None, "{absent}");
    }
    let coded = keys
        .ids
        .slots
        .iter()
        .filter(|&&e| code_of(e).is_some())
        .count();
    assert!(coded > 100, "the shaped ids are kept as numbers: {coded}");
    // Repeats are grouped whatever their form.
    assert_eq!(keys.into_rows().repeated_ids().count(), repeated(&ids));
}

/// How many ids are carried by more than one row.
fn repeated(ids: &[String]) -> usize {
    let mut n: std::collections::HashMap<&str, usize> = Default::default();
    for id in ids {
        *n.entry(id).or_default() += 1;
    }
    n.values().filter(|&&k| k > 1).count()
}

#[test]
fn dense_numbers_are_found_by_number_sparse_ones_in_the_table() {
    // Numbers 100 to 399 with every third missing (200 of a span of 300: dense), some
    // repeated, beside ids of another shape; then the same with numbers ten apart (sparse).
    for step in [1u32, 10] {
        let mut ids: Vec<String> = Vec::new();
        for i in 0..600u32 {
            let n = 100 + (i * 7 % 300);
            match i % 4 {
                _ if n % 3 == 0 => ids.push(format!("other-{i}")),
                3 => ids.push(format!("L{:05}", 100 + (i % 50) * 3 + 1)),
                _ => ids.push(format!("L{:05}", 100 + (n - 100) * step)),
            }
        }
        ids.insert(0, format!("L{:05}", 101));
        let leads: Vec<Lead> = ids.iter().map(|id| lead(id, None)).collect();
        let keys = LeadKeys::new([&leads[..]]);
        assert_eq!(keys.numbered.is_some(), step == 1, "step {step}");
        let mut first: std::collections::HashMap<&str, u32> = Default::default();
        for (row, id) in ids.iter().enumerate() {
            first.entry(id).or_insert(row as u32);
        }
        for (id, &row) in &first {
            assert_eq!(keys.id(id), Some(row), "{id}, step {step}");
        }
        // Below, inside (a hole) and past the numbers; the right number with a wrong width.
        for absent in ["L00099", "L00102", "L99999", "L0101", "L000101", "other-1"] {
            assert_eq!(keys.id(absent), None, "{absent}, step {step}");
        }
        assert_eq!(keys.into_rows().repeated_ids().count(), repeated(&ids));
    }
}

#[test]
fn numbers_too_few_for_their_span_stay_in_the_table() {
    // 100 numbered ids three apart among 300 rows: the rows could hold the span (so a pass
    // over all of them decides), the numbered ones cannot.
    let ids: Vec<String> = (0..300)
        .map(|i| match i % 3 {
            0 => format!("L{:05}", i),
            _ => format!("x-{i}"),
        })
        .collect();
    let leads: Vec<Lead> = ids.iter().map(|id| lead(id, None)).collect();
    let rows = Rows::new(vec![&leads[..]]);
    let shape = Shape::of(b"L00000").expect("a shape");
    assert!(may_be_dense(&rows, &shape));
    assert!(dense_numbers(&rows, &shape).is_none());
    let keys = LeadKeys::new([&leads[..]]);
    assert!(keys.numbered.is_none());
    for (row, id) in ids.iter().enumerate() {
        assert_eq!(keys.id(id), Some(row as u32), "{id}");
    }
    assert_eq!(keys.id("L00001"), None);
}

#[test]
fn keys_too_long_to_place_are_read_through_the_lead() {
    let long = "L".repeat(3000);
    let a = [lead(&long, Some("a@x.co")), lead("L2", None)];
    let keys = LeadKeys::new([&a[..]]);
    assert_eq!(keys.id(&long), Some(0));
    assert_eq!(keys.id(&long[1..]), None);
    assert_eq!(keys.id("L2"), Some(1));
}
