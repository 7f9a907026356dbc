//! Unit tests of `report::svg`.

use super::*;

#[test]
fn nice_ticks() {
    assert_eq!(
        nice_scale(0.0, 87.0, 5).ticks,
        vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    );
    assert_eq!(
        nice_scale(0.0, 1.0, 5).ticks,
        vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    );
    assert_eq!(
        nice_scale(0.0, 179_500.0, 5).ticks,
        vec![0.0, 50_000.0, 100_000.0, 150_000.0, 200_000.0]
    );
    let s = nice_scale(-12.0, 30.0, 5);
    assert_eq!((s.min, s.max), (-20.0, 30.0));
    assert_eq!(
        nice_scale(0.0, 0.0, 5).ticks,
        vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    );
    assert_eq!(nice_scale(0.0, 3.0, 5).ticks, vec![0.0, 1.0, 2.0, 3.0]);
}

#[test]
fn scale_positions() {
    let s = nice_scale(0.0, 100.0, 5);
    assert_eq!(s.at(50.0, 200.0), 100.0);
    assert_eq!(s.at(0.0, 200.0), 0.0);
}

#[test]
fn horizontal_bars_are_proportional() {
    let b = hbars(
        &[
            ("A".into(), 100.0, "100".into()),
            ("B".into(), 50.0, "50".into()),
        ],
        540.0,
    );
    // Scale 0-100 over 300 px.
    assert_eq!(b.bars[0].w, 300.0);
    assert_eq!(b.bars[1].w, 150.0);
    assert_eq!(b.bars[1].value.x, 150.0 + 150.0 + 6.0);
    assert_eq!(b.height, 52.0);
}

#[test]
fn vertical_bars_with_targets() {
    let v = vbars(
        &[
            ("Jan".into(), 50.0, "50".into(), Some(100.0)),
            ("Feb".into(), 100.0, "100".into(), None),
        ],
        264.0,
        142.0,
        &|t| t.to_string(),
    );
    // Plot 100 px high from y=18; 0-100 scale.
    assert_eq!(v.bars[1].y, 18.0);
    assert_eq!(v.bars[1].h, 100.0);
    assert_eq!(v.bars[0].marker.as_ref().map(|m| m.y), Some(18.0));
    assert_eq!(v.bars[0].h, 50.0);
    assert_eq!(v.ticks.first().unwrap().text, "0");
}

#[test]
fn lines_skip_gaps_and_spread_end_labels() {
    let x: Vec<String> = (1..=4).map(|i| format!("M{i}")).collect();
    let l = lines(
        &x,
        &[
            ("a".into(), vec![Some(1.0), None, Some(3.0), Some(4.0)]),
            ("b".into(), vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0)]),
        ],
        452.0,
        136.0,
        &|t| t.to_string(),
    );
    assert!(l.series[0].path.starts_with("M56 "), "{}", l.series[0].path);
    assert_eq!(
        l.series[0].path.matches('M').count(),
        2,
        "a gap lifts the pen"
    );
    assert!(
        (l.series[0].end.y - l.series[1].end.y).abs() >= 13.0,
        "labels do not overlap"
    );
    assert_ne!(
        l.series[0].dash, l.series[1].dash,
        "series differ without colour"
    );
}

#[test]
fn x_labels_are_evenly_spaced_and_end_on_the_last() {
    // 22 months on the archive chart: every 4th, counted back from the last, so the last two
    // months are never both named (they overlapped at 27 px apart).
    let x: Vec<String> = (0..22).map(|i| format!("M{i}")).collect();
    let l = lines(
        &x,
        &[("a".into(), vec![Some(1.0); 22])],
        720.0,
        220.0,
        &|t| t.to_string(),
    );
    let named: Vec<&str> = l.x_labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(named, ["M1", "M5", "M9", "M13", "M17", "M21"]);
    for pair in l.x_labels.windows(2) {
        assert!(pair[1].x - pair[0].x >= 56.0, "{pair:?}");
    }
    // 13 months: every other one, the last included.
    let x: Vec<String> = (0..13).map(|i| format!("M{i}")).collect();
    let l = lines(
        &x,
        &[("a".into(), vec![Some(1.0); 13])],
        720.0,
        220.0,
        &|t| t.to_string(),
    );
    assert_eq!(l.x_labels.len(), 7);
    assert_eq!(l.x_labels.last().unwrap().text, "M12");
    // A narrow plot keeps fewer labels than 7.
    let l = lines(
        &x,
        &[("a".into(), vec![Some(1.0); 13])],
        360.0,
        220.0,
        &|t| t.to_string(),
    );
    for pair in l.x_labels.windows(2) {
        assert!(pair[1].x - pair[0].x >= 56.0, "{pair:?}");
    }
    // One month: its label.
    let l = lines(
        &x[..1],
        &[("a".into(), vec![Some(1.0)])],
        720.0,
        220.0,
        &|t| t.to_string(),
    );
    assert_eq!(l.x_labels.len(), 1);
}

#[test]
fn sparklines() {
    assert_eq!(sparkline(&[], 100.0, 20.0), "");
    assert_eq!(
        sparkline(&[Some(0.0), Some(10.0)], 100.0, 20.0),
        "M0 19 L100 1"
    );
    assert_eq!(
        sparkline(&[Some(5.0), Some(5.0)], 100.0, 20.0),
        "M0 10 L100 10"
    );
    assert_eq!(
        sparkline(&[Some(0.0), None, Some(10.0)], 100.0, 20.0),
        "M0 19 M100 1"
    );
}

#[test]
fn heat_cells() {
    let c = heat(
        &[vec![Some(0.5), None], vec![Some(0.25), Some(0.0)]],
        &[
            vec!["50%".into(), "—".into()],
            vec!["25%".into(), "0%".into()],
        ],
        100.0,
        60.0,
        24.0,
    );
    assert_eq!(c.len(), 4);
    assert_eq!(c[0].strength, Some(1.0));
    assert_eq!(c[1].strength, None);
    assert_eq!(c[2].strength, Some(0.5));
    assert!(!c[0].dark_text && c[2].dark_text);
    assert_eq!((c[3].x, c[3].y), (160.0, 24.0));
}
