//! Unit tests of `input::pieces`.

use super::*;

#[test]
fn pieces_take_vectors_sized_as_the_merged_pieces_foretell() {
    let spare = Spare::default();
    // Nothing merged yet: a vector as it comes (grown by doubling while read).
    assert_eq!(spare.take_for(&spare.touches, 1 << 20).capacity(), 0);
    // 1,000 records in the first 50,000 bytes: 50 bytes a record.
    spare.learn(1000, 50_000);
    let v = spare.take_for(&spare.touches, 100_000);
    assert_eq!(
        v.capacity(),
        2000 + 2000 / 16,
        "2,000 records and a 16th more"
    );
    // A vector given back larger than a smaller piece needs is cut down to it ...
    Spare::give(&spare.touches, Vec::with_capacity(10_000));
    let v = spare.take_for(&spare.touches, 10_000);
    assert_eq!(v.capacity(), 200 + 200 / 16);
    // ... but one a little larger is kept as it is.
    Spare::give(&spare.touches, Vec::with_capacity(230));
    assert_eq!(spare.take_for(&spare.touches, 10_000).capacity(), 230);
}

#[test]
fn merged_lists_grow_as_the_file_foretells_then_by_an_eighth() {
    let mut list: Vec<u8> = Vec::new();
    // A quarter of the file held 100 records: room for 400 and a 32nd more.
    make_room(
        &mut list,
        100,
        MergeProgress {
            done: 25,
            total: 100,
        },
    );
    assert_eq!(list.capacity(), 412);
    list.resize(400, 0);
    make_room(
        &mut list,
        12,
        MergeProgress {
            done: 99,
            total: 100,
        },
    );
    assert_eq!(list.capacity(), 412, "there was room");
    list.resize(412, 0);
    // More than foretold: an eighth more, not double.
    make_room(
        &mut list,
        1,
        MergeProgress {
            done: 100,
            total: 100,
        },
    );
    assert_eq!(list.capacity(), 412 + 412 / 8);
    // A foretelling past what memory holds, or past what a number holds: room for the need.
    for total in [1 << 50, u64::MAX] {
        let mut list: Vec<u8> = Vec::new();
        make_room(&mut list, 10, MergeProgress { done: 1, total });
        assert!((10..1 << 20).contains(&list.capacity()), "{total}");
    }
}

#[test]
fn pieces_shrink_towards_the_end_of_a_file() {
    if chunk_setting().is_some() {
        return; // BATON_CHUNK_BYTES sets every piece to one size.
    }
    let line = b"L1,a@b.co,Acme,2025-01-01T00:00:00Z\n";
    let text: Vec<u8> = line.repeat((40 << 20) / line.len());
    let src = FileText {
        path: PathBuf::new(),
        start: 0,
        size: text.len() as u64,
        text: Some(Shared(Arc::new(text))),
    };
    let cuts = find_cuts(&src, 0, src.size).unwrap();
    let sizes: Vec<u64> = cuts.windows(2).map(|w| w[1] - w[0]).collect();
    let (mib, line) = (1u64 << 20, line.len() as u64);
    assert!(
        cuts[1..].iter().all(|&c| c % line == 0),
        "cut at line starts"
    );
    let (last, before) = sizes.split_last().unwrap();
    assert!(*last <= mib + line);
    // A quarter per core of what is left, 1 to 8 MiB: never larger than the one before.
    for w in before.windows(2) {
        assert!(w[1] <= w[0] + line, "{sizes:?}");
    }
    assert!(before.iter().all(|&s| (mib..=8 * mib + line).contains(&s)));
    assert!(
        *before.last().unwrap() <= mib + line,
        "the last pieces are 1 MiB"
    );
    if rayon::current_num_threads() <= 4 {
        assert!(sizes[0] >= 4 * mib, "{sizes:?}");
    }
}
