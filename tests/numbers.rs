//! How numbers are read (docs/sources.md, "How numbers are read"): a money column's decimal
//! mark is decided from all its values, and when every one of them reads both ways (`1.234`),
//! from the rest of the file, with a warning when that evidence is thin. Then a property test:
//! amount columns written in every locale's way are read right, or a warning says how they were
//! read; never a silent misreading.

use crate::common::*;
use baton::parts::{ChannelMap, ProfileSet, RowContext, SplitMix64, read_bytes};
use serde_json::json;
use std::path::Path;

const DATALOADER: &str = "Id,AccountId,Amount,CloseDate,CreatedDate,IsWon,IsClosed,StageName\n";

/// A folder holding one file, `name`, with `text`.
fn folder(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// A Data Loader opportunity file of won deals, one a day from 3 March 2025, with `amounts`.
fn won_deals(amounts: &[&str]) -> String {
    let mut text = DATALOADER.to_string();
    for (i, a) in amounts.iter().enumerate() {
        text.push_str(&format!(
            "006Ec00000NumC{i:02}AAA,001Ec00000AccC{i:02}AAA,\"{a}\",2025-03-{:02},2025-03-{:02}T09:00:00.000+0000,1,1,Closed Won\n",
            10 + i,
            3 + i
        ));
    }
    text
}

/// March 2025's revenue won in a build of `input`.
fn revenue_won(input: &Path) -> serde_json::Value {
    let out = build(input, &[]);
    metrics(out.path(), "2025-03")["totals"]["revenue_won"].clone()
}

/// tests/fixtures/numbers/dataloader: a Salesforce Data Loader extract whose amounts carry three
/// decimals (4647.175, 9225.225, 27675.675) beside 177865.6 and 11153.22. A lone `.` with three
/// digits after it could group thousands, but not after four digits or more, and not in a column
/// where 177865.6 and 11153.22 have a decimal point: all are read with a decimal point, 647.175
/// too (which alone reads both ways). Read alone, 4647.175 was 4,647,175.
///
/// Created in February: 4647.175 + 9225.225 + 27675.675 + 177865.6 + 11153.22 + 647.175 =
/// 231214.07. Won in March: the first four, 219413.675, 219413.68 in cents; their average
/// 54853.41875, 54853.42; the fifth lost, the sixth open.
#[test]
fn salesforce_amounts_with_three_decimals_are_decimals() {
    let input = fixture("numbers/dataloader");
    let out = build(&input, &[]);
    let feb = &metrics(out.path(), "2025-02")["totals"];
    assert_eq!(feb["pipeline_created"], json!(231214.07));
    let mar = &metrics(out.path(), "2025-03")["totals"];
    assert_eq!(
        (
            mar["won"].clone(),
            mar["lost"].clone(),
            mar["revenue_won"].clone(),
            mar["avg_deal_size"].clone()
        ),
        (json!(4), json!(1), json!(219413.68), json!(54853.42))
    );
    let text = check_output(&input);
    assert_lines(&text, &["rows 6: 6 used, 0 duplicates, 0 rejected"]);
    assert!(!text.contains("decimal"), "nothing to say:\n{text}");
}

/// tests/fixtures/numbers/meta-comma: a Meta report in English whose amounts have a decimal
/// comma ("1.234,56", "99,9"): the column is read with a comma, so its "1.500" is 1500 and not
/// 1.5, and the file is read again and says so. Spend in March: 1234.56 + 99.90 + 1500 + 75 =
/// 2909.46.
#[test]
fn a_comma_decimal_report_is_read_with_a_comma_throughout() {
    let input = fixture("numbers/meta-comma");
    let out = build(&input, &[]);
    assert_eq!(
        metrics(out.path(), "2025-03")["totals"]["spend"],
        json!(2909.46)
    );
    assert_lines(
        &check_output(&input),
        &[
            "rows 4: 4 used, 0 duplicates, 0 rejected",
            "note: cost read with a decimal comma (its values say so)",
        ],
    );
}

/// tests/fixtures/numbers/ambiguous: amounts 1.500, 12.500, 250.000 and 3000, and nothing else
/// in the file that says which mark they use: read as thousands (1500 + 12500 + 250000 + 3000 =
/// 267000), with a warning in `check`, on `build`'s stderr and on the page.
#[test]
fn a_column_whose_every_amount_reads_both_ways_is_read_as_thousands_with_a_warning() {
    let input = fixture("numbers/ambiguous");
    let warning = "amount: every amount with a separator reads both with a decimal point and with a decimal comma (like 1.234); read with a decimal comma (so 1.234 is 1234) as nothing else in the file says which; if that is wrong, set decimal = \".\" in its [[source]] block of baton.toml";
    assert_lines(
        &check_output(&input),
        &[
            "rows 4: 4 used, 0 duplicates, 0 rejected",
            &format!("warning: {warning}"),
        ],
    );
    let out = out_dir();
    let run = run(&input, out.path(), &[]).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert_lines(
        &stderr,
        &[&format!("baton: warning: Opportunity.csv: {warning}")],
    );
    let m = metrics(out.path(), "2025-03");
    assert_eq!(m["totals"]["revenue_won"], json!(267000.0));
    let page = std::fs::read_to_string(out.path().join("2025-03/index.html")).unwrap();
    assert!(
        page.contains("amount: every amount with a separator reads both"),
        "the page's data quality section says it"
    );
}

/// `decimal` in baton.toml settles such a column, without a warning: 1.5 + 12.5 + 250 + 3000.
#[test]
fn decimal_in_baton_toml_settles_a_column_that_reads_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("numbers/ambiguous/Opportunity.csv"),
        dir.path().join("Opportunity.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("baton.toml"),
        "[[source]]\nprofile = \"salesforce-dataloader-opportunities\"\ndecimal = \".\"\n",
    )
    .unwrap();
    assert_eq!(revenue_won(dir.path()), json!(3264.0));
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "note: amount: every amount with a separator reads both with a decimal point and with a decimal comma (like 1.234); read with a decimal point (so 1.234 is 1 and 234 thousandths) as its source's decimal mark is",
        ],
    );
    assert!(!text.contains("warning"), "{text}");
}

/// A report whose amounts all read both ways takes the mark its other numbers tell: impressions
/// of 12.345 are whole, so `.` groups thousands there and the spend's 1.500 is 1500; a note, no
/// warning.
#[test]
fn the_files_other_numbers_decide_a_column_that_reads_both_ways() {
    let dir = folder(
        "meta.csv",
        "Campaign name,Reporting starts,Reporting ends,Amount spent (EUR),Impressions,Link clicks\n\
         Brand,2025-03-01,2025-03-01,1.500,12.345,310\n\
         Brand,2025-03-02,2025-03-02,2.250,1.002,12\n",
    );
    let out = build(dir.path(), &[]);
    assert_eq!(
        metrics(out.path(), "2025-03")["totals"]["spend"],
        json!(3750.0)
    );
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "note: cost: every amount with a separator reads both with a decimal point and with a decimal comma (like 1.234); read with a decimal comma (so 1.234 is 1234) as the file's other numbers say",
        ],
    );
    assert!(!text.contains("warning"), "{text}");
}

/// When nothing else in the file tells, day-first dates suggest a decimal comma, with a warning.
#[test]
fn day_first_dates_suggest_a_comma_with_a_warning() {
    let dir = folder(
        "meta.csv",
        "Campaign name,Reporting starts,Reporting ends,Amount spent (EUR)\n\
         Brand,13/03/2025,13/03/2025,1.500\n\
         Brand,14/03/2025,14/03/2025,2.250\n",
    );
    let out = build(dir.path(), &[]);
    assert_eq!(
        metrics(out.path(), "2025-03")["totals"]["spend"],
        json!(3750.0)
    );
    assert_lines(
        &check_output(dir.path()),
        &[
            "warning: cost: every amount with a separator reads both with a decimal point and with a decimal comma (like 1.234); read with a decimal comma (so 1.234 is 1234) as the file's day-first dates suggest",
        ],
    );
}

/// R$ amounts (Brazilian reais, written with a decimal comma) that all read both ways are
/// thousands: R$ 100.000 + R$ 111.349 = 211349, with a warning naming the currency.
#[test]
fn a_currency_written_with_a_comma_suggests_one() {
    let dir = folder("Opportunity.csv", &won_deals(&["R$ 100.000", "R$ 111.349"]));
    assert_eq!(revenue_won(dir.path()), json!(211349.0));
    assert_lines(
        &check_output(dir.path()),
        &[
            "warning: amount: every amount with a separator reads both with a decimal point and with a decimal comma (like 1.234); read with a decimal comma (so 1.234 is 1234) as its currency, BRL, suggests",
        ],
    );
}

/// A column never mixes two readings: when its values disagree, most decide, and the others are
/// rejected with their line rather than read the other way. 1,234.50 + 2,000.25 = 3234.75.
#[test]
fn a_column_that_mixes_marks_is_read_as_most_are_and_the_others_rejected() {
    let dir = folder(
        "Opportunity.csv",
        &won_deals(&["1,234.50", "12,5", "2,000.25"]),
    );
    assert_eq!(revenue_won(dir.path()), json!(3234.75));
    assert_lines(
        &check_output(dir.path()),
        &[
            "rows 3: 2 used, 0 duplicates, 1 rejected",
            "note: amount mixes amounts written with a decimal point (2) and with a decimal comma (1); read with a decimal point, as most are, and the others rejected",
            "rejected: Opportunity.csv:3: Amount (column 3): \"12,5\" is written with a decimal comma, unlike the other amounts of its column (read with a decimal point); export the column with one decimal mark",
        ],
    );
}

/// The forms of issue 24, one column each, through the binary.
#[test]
fn the_amount_forms_exports_write_are_read() {
    for (amounts, won) in [
        (&["146536,25", "50000"][..], json!(196536.25)),
        (&["$115.00K", "$1,117.10K", "$0.16"][..], json!(1232100.16)),
        (&["1.2M", "0.5M"][..], json!(1700000.0)),
        (&["1.234,56 €", "-12,50 €"][..], json!(1222.06)),
        (
            &["(1,234.56)", "1234.56 USD", "$2,000.00"][..],
            json!(2000.0),
        ),
    ] {
        let dir = folder("Opportunity.csv", &won_deals(amounts));
        assert_eq!(revenue_won(dir.path()), won, "{amounts:?}");
    }
}

/// A file read in pieces decides its column on all of them: amounts that read both ways in the
/// first pieces, the one that tells (`0,5`) in the last. The report is the one a single reader
/// makes: 3,000 rows of 1.000 and one of 0,5 = 3000000.5.
#[test]
fn a_file_read_in_pieces_decides_on_all_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("Campaign name,Reporting starts,Reporting ends,Amount spent (EUR)\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Campaign {},2025-03-{:02},2025-03-{:02},1.000\n",
            i % 7,
            1 + i % 28,
            1 + i % 28
        ));
    }
    text.push_str("Campaign 0,2025-03-28,2025-03-28,\"0,5\"\n");
    std::fs::write(dir.path().join("meta.csv"), &text).unwrap();
    let spend = |chunk: Option<&str>| {
        let out = out_dir();
        let mut cmd = baton();
        if let Some(c) = chunk {
            cmd.env("BATON_CHUNK_BYTES", c);
        }
        let run = cmd
            .env("BATON_TIMINGS", "1")
            .args(["build", "--today", "2026-11-23", "--input"])
            .arg(dir.path())
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        (
            metrics(out.path(), "2025-03")["totals"]["spend"].clone(),
            stderr,
        )
    };
    let (whole, _) = spend(None);
    let (pieces, log) = spend(Some("8192"));
    assert!(log.contains("meta.csv read in"), "read in pieces:\n{log}");
    assert_eq!(whole, json!(3000000.5));
    assert_eq!(pieces, whole);
}

/// One amount column written in one locale's way, drawn at random.
struct Column {
    /// The amounts as written.
    written: Vec<String>,
    /// Their values, in ten-thousandths.
    values: Vec<i128>,
    /// How many decimals each has.
    decimals: u32,
}

/// Draws a column: its decimal mark, its grouping (none, the other mark, a space, an
/// apostrophe), 0 to 4 decimals, negatives written three ways, a currency before or after,
/// sometimes thousands as K.
fn draw(g: &mut SplitMix64) -> Column {
    let mut pick = |n: u64| (g.next_u64() % n) as usize;
    let comma = pick(2) == 1;
    let (mark, other) = if comma { (',', '.') } else { ('.', ',') };
    let grouping = match pick(4) {
        0 => None,
        1 => Some(other),
        2 => Some(' '),
        _ if !comma => Some('\''),
        _ => Some('\u{a0}'),
    };
    let decimals = pick(5) as u32;
    let thousands = !comma && decimals == 2 && pick(4) == 0;
    let (before, after) = [
        ("", ""),
        ("$", ""),
        ("R$ ", ""),
        ("€", ""),
        ("£", ""),
        ("", " €"),
        ("", " USD"),
        ("", " kr"),
        ("US$", ""),
    ][pick(9)];
    let rows = 1 + pick(8);
    let mut column = Column {
        written: Vec::new(),
        values: Vec::new(),
        decimals,
    };
    for _ in 0..rows {
        let digits = 1 + pick(7) as u32;
        let whole = pick(10u64.pow(digits)) as i128;
        let frac = pick(10u64.pow(decimals)) as i128;
        let negative = pick(5) == 0;
        let mut int = whole.to_string();
        if let Some(sep) = grouping {
            let mut grouped = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i).is_multiple_of(3) {
                    grouped.push(sep);
                }
                grouped.push(c);
            }
            int = grouped;
        }
        let mut number = int;
        if decimals > 0 {
            number.push(mark);
            number.push_str(&format!("{frac:0width$}", width = decimals as usize));
        }
        if thousands {
            number.push('K');
        }
        let body = format!("{before}{number}{after}");
        let text = match (negative, pick(3)) {
            (false, _) => body,
            (true, 0) => format!("-{body}"),
            (true, 1) => format!("({body})"),
            (true, _) => format!("{body}-"),
        };
        let mut value = whole * 10_000 + frac * 10i128.pow(4 - decimals);
        if thousands {
            value *= 1000;
        }
        column.written.push(text);
        column.values.push(if negative { -value } else { value });
    }
    column
}

/// Every column drawn is read through the column decision (the whole read of a Data Loader file,
/// read again when its first reading was wrong) and each amount is its value, or the file says
/// with a warning how its amounts were read. A column whose values tell their mark is always
/// read right, without a warning; no row is ever rejected.
#[test]
fn amount_columns_in_every_locale_are_read_right_or_with_a_warning() {
    let profiles = ProfileSet::default();
    let ctx = RowContext::new(chrono_tz::UTC, ChannelMap::new(&Default::default()));
    let mut g = SplitMix64(29);
    let (mut right, mut warned) = (0, 0);
    for case in 0..3000 {
        let column = draw(&mut g);
        let mut text = DATALOADER.to_string();
        for (i, a) in column.written.iter().enumerate() {
            text.push_str(&format!(
                "006Ec00000Prop{i:02}AAA,001Ec00000Acc{i:02}AAAA,\"{a}\",2025-03-10,2025-03-03T09:00:00.000+0000,1,1,Closed Won\n"
            ));
        }
        let batch = read_bytes("Opportunity.csv", text.as_bytes(), &profiles, &ctx);
        let l = &batch.ledger;
        assert_eq!(
            (l.rows, l.rejected),
            (column.written.len() as u64, 0),
            "case {case}: {:?}: {:?}",
            column.written,
            l.rejects
        );
        let read: Vec<i128> = batch.opportunities.iter().map(|o| o.amount.0).collect();
        let warning = l.warnings.iter().any(|w| w.starts_with("amount: "));
        if matches!(column.decimals, 1 | 2 | 4) {
            // Every amount has a decimal mark with other than three digits after it: it tells.
            assert_eq!(read, column.values, "case {case}: {:?}", column.written);
            assert!(
                !warning,
                "case {case}: {:?}: {:?}",
                column.written, l.warnings
            );
        }
        if read == column.values {
            right += 1;
            if warning {
                warned += 1;
            }
        } else {
            assert!(
                warning,
                "case {case}: {:?} read as {read:?}, not {:?}, and no warning",
                column.written, column.values
            );
            warned += 1;
        }
    }
    eprintln!("{right} of 3000 read right, {warned} with a warning");
    // Most columns tell their mark; the warnings are for the few that cannot.
    assert!(right > 2700, "{right} of 3000 read right");
    assert!(warned < 300, "{warned} of 3000 warned");
}
