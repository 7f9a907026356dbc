//! Unit tests of `model`.

use super::*;

#[test]
fn updates_keep_rows_from_the_first_dated_one_and_line_up_when_appended() {
    let (t, u) = (When::from(Some(7)), When::from(Some(9)));
    let mut first = Updates::default();
    first.set(0, When::NONE);
    first.set(1, When::NONE);
    assert_eq!(
        first,
        Updates::default(),
        "rows without a date cost nothing"
    );
    first.set(2, t);
    assert_eq!(first.0.len(), 3);
    // A second piece of four rows whose last two are dated, after the first piece's five
    // rows (the last two of them undated).
    let mut second = Updates::default();
    second.set(2, u);
    second.set(3, t);
    first.append(5, second);
    let got: Vec<When> = (0..10).map(|r| first.get(r)).collect();
    let n = When::NONE;
    assert_eq!(got, [n, n, t, n, n, n, n, u, t, n]);
    // Nothing dated after: nothing added.
    first.append(9, Updates::default());
    assert_eq!(first.0.len(), 9);
    let mut none = Updates::default();
    none.append(4, first.clone());
    assert_eq!(none.get(4 + 7), u);
    assert_eq!(none.get(3), n);
}

#[test]
fn a_deals_lead_keys_hold_none_one_or_several() {
    let mut deal = Opportunity {
        origin: Origin::new(0, 2),
        text: Texts::default(),
        created_at: Some(0).into(),
        close_date: None,
        stage: 0,
        is_closed: false,
        is_won: false,
        amount: Money::ZERO,
        currency: None,
        owner: 0,
        channel: 0,
        campaign: 0,
        updated_at: When::NONE,
        first_key: NO_ROW,
        more_keys: None,
        email_row: NO_ROW,
    };
    assert_eq!((deal.lead_keys().count(), deal.email_row()), (0, None));
    deal.set_lead_keys([7].into_iter());
    deal.set_email_row(Some(0));
    assert!(deal.more_keys.is_none(), "one key needs no list");
    assert_eq!(deal.lead_keys().collect::<Vec<_>>(), [7]);
    assert_eq!(deal.email_row(), Some(0));
    deal.set_lead_keys([7, 0, 9].into_iter());
    assert_eq!(deal.lead_keys().collect::<Vec<_>>(), [7, 0, 9]);
    deal.set_lead_keys(std::iter::empty());
    assert_eq!(deal.lead_keys().count(), 0);
}

#[test]
fn labels_absorbed_into_none_keep_their_numbers() {
    let mut first = Labels::default();
    first.campaign("Spring");
    first.owners.intern("Ann");
    let mut second = Labels::default();
    second.campaign("Autumn");
    second.campaign("Spring");
    let mut all = Labels::default();
    assert!(all.absorb(&first).is_identity());
    let map = all.absorb(&second);
    assert!(
        !map.is_identity(),
        "Autumn is new, Spring is not where it was"
    );
    assert!(all.absorb(&first).is_identity(), "nothing new, same order");
}

#[test]
fn a_leads_five_labels_survive_its_two_pairs_being_absorbed() {
    let word = |labels: &mut Labels, w: &str| labels.words.intern(w);
    // Two files' labels, numbered in different orders.
    let mut first = Labels::default();
    let mut a = Lead::bare("A", None, 0);
    let to_a = LeadLabels {
        channel: first.channels.intern("Events"),
        campaign: first.campaign("Spring"),
        owner: first.owners.intern("Ann"),
        status: word(&mut first, "Open"),
        reason: 0,
    };
    first.set(&mut a, to_a);
    assert_eq!(first.of(&a), to_a);
    let mut second = Labels::default();
    let mut b = Lead::bare("B", None, 0);
    let to_b = LeadLabels {
        campaign: second.campaign("Autumn"),
        channel: second.channels.intern("Partner"),
        status: word(&mut second, "Disqualified"),
        reason: word(&mut second, "No budget"),
        owner: second.owners.intern("Bo"),
    };
    second.set(&mut b, to_b);
    let mut all = Labels::default();
    all.absorb(&first).lead(&mut a);
    all.absorb(&second).lead(&mut b);
    let named = |l: &Lead| {
        let x = all.of(l);
        [
            all.channels.name(x.channel),
            all.campaigns.name(x.campaign),
            all.owners.name(x.owner),
            all.words.name(x.status),
            all.words.name(x.reason),
        ]
    };
    assert_eq!(named(&a), ["Events", "Spring", "Ann", "Open", ""]);
    assert_eq!(
        named(&b),
        ["Partner", "Autumn", "Bo", "Disqualified", "No budget"]
    );
    assert_eq!(all.of(&Lead::bare("C", None, 0)), LeadLabels::default());
}

#[test]
fn records_stay_small_and_origins_saturate() {
    assert_eq!(std::mem::size_of::<Origin>(), 8);
    assert!(
        std::mem::size_of::<Lead>() <= 40,
        "{}",
        std::mem::size_of::<Lead>()
    );
    assert_eq!(std::mem::size_of::<FunnelLead>(), 24);
    assert_eq!(
        std::mem::align_of::<FunnelLead>(),
        std::mem::align_of::<Lead>(),
        "a list of leads becomes one of FunnelLead in place"
    );
    assert_eq!(std::mem::size_of::<Touch>(), 12);
    assert!(
        std::mem::size_of::<Opportunity>() <= 96,
        "{}",
        std::mem::size_of::<Opportunity>()
    );
    assert_eq!(std::mem::size_of::<LeadTouch>(), 12);
    // A day of spend; its conversions (an `Option<u32>`) fit beside its date and labels.
    assert!(
        std::mem::size_of::<Spend>() <= 80,
        "{}",
        std::mem::size_of::<Spend>()
    );
    assert_eq!(Origin::new(1, 7).moved(3), Origin { file: 1, line: 10 });
    assert_eq!(Origin::new(1, 1 << 40).line, u32::MAX);
    let t = Texts::new("L1", Some("a@b.co"), "Acme Corp", None).unwrap();
    assert_eq!(t.part(0), Some("a@b.co"));
    assert_eq!(t.part(1), Some("acmecorp"));
    assert_eq!(t.part(2), None);
    let again = Texts::new("L1", None, t.part(1).unwrap(), Some("O1;O2")).unwrap();
    assert_eq!(
        (again.part(1), again.part(2)),
        (Some("acmecorp"), Some("O1;O2"))
    );
}

#[test]
fn touch_tags_keep_team_campaign_and_how_the_lead_was_found() {
    for team in [Team::Marketing, Team::Sales] {
        for by_email in [false, true] {
            for c in [0, 1, 7, MAX_TOUCH_CAMPAIGN] {
                let t = TouchTags::new(team, c, by_email).unwrap();
                assert_eq!((t.team(), t.campaign(), t.by_email()), (team, c, by_email));
                let moved = t.with_campaign(3);
                assert_eq!(
                    (moved.team(), moved.campaign(), moved.by_email()),
                    (team, 3, by_email)
                );
            }
        }
    }
    assert_eq!(
        TouchTags::new(Team::Sales, MAX_TOUCH_CAMPAIGN + 1, false),
        None
    );
}

#[test]
fn texts_share_blocks_sealed_as_they_fill() {
    let mut store = TextStore::default();
    let mut a = store.push("L1", Some("a@b.co"), "Acme", None).unwrap();
    store.seal(std::iter::once(&mut a));
    let mut b = store.push("L2", None, "", Some("O9")).unwrap();
    let mut c = store.push("L3", Some("c@d.co"), "", None).unwrap();
    // A seal gives its block only to texts without one.
    store.seal([&mut a, &mut b, &mut c].into_iter());
    assert_eq!(
        (a.id(), a.part(0), a.part(1)),
        ("L1", Some("a@b.co"), Some("acme"))
    );
    assert_eq!((b.id(), b.part(0), b.part(2)), ("L2", None, Some("O9")));
    assert_eq!((c.id(), c.part(0)), ("L3", Some("c@d.co")));
    assert!(Arc::ptr_eq(
        b.block.as_ref().unwrap(),
        c.block.as_ref().unwrap()
    ));
    assert!(!Arc::ptr_eq(
        a.block.as_ref().unwrap(),
        b.block.as_ref().unwrap()
    ));
    assert_eq!(std::mem::size_of::<Texts>(), 16);
}

#[test]
fn long_texts_keep_their_lengths_in_the_block_beside_short_ones() {
    let mut store = TextStore::default();
    let long = "y".repeat(300);
    let longest = "z".repeat(MAX_TEXT);
    let mut texts = [
        store.push("L1", Some("a@b.co"), "Acme Inc", None).unwrap(),
        store.push("L2", Some(&long), "", Some("O1")).unwrap(),
        store
            .push(&"i".repeat(254), None, "Co", Some(&longest))
            .unwrap(),
        store.push("L4", None, &"C ".repeat(200), None).unwrap(),
        store.push("L5", Some("e@f.co"), "", None).unwrap(),
    ];
    store.seal(texts.iter_mut());
    let [a, b, c, d, e] = &texts;
    assert_eq!(
        (a.id(), a.part(0), a.part(1)),
        ("L1", Some("a@b.co"), Some("acmeinc"))
    );
    assert_eq!(
        (b.id(), b.part(0), b.part(1), b.part(2)),
        ("L2", Some(long.as_str()), None, Some("O1"))
    );
    assert_eq!(c.id().len(), 254);
    assert_eq!(
        (c.part(1), c.part(2).map(str::len)),
        (Some("co"), Some(MAX_TEXT))
    );
    assert_eq!((d.id(), d.part(1)), ("L4", Some("c".repeat(200).as_str())));
    assert_eq!((e.id(), e.part(0)), ("L5", Some("e@f.co")));
    // The long ones carry their lengths in the block; the id of 254 bytes fits the short form.
    assert_eq!(b.lens, [LONG; 4]);
    assert_eq!(c.lens, [LONG; 4]);
    assert_eq!(a.lens, [2, 6, 7, 0]);
}

#[test]
fn a_text_longer_than_kept_is_refused() {
    let long = "x".repeat(MAX_TEXT + 1);
    let e = Texts::new("L1", None, "", Some(&long)).unwrap_err();
    assert_eq!(
        e,
        TooLong {
            part: 3,
            len: 65536
        }
    );
    assert_eq!(
        e.describe("website (column 9)"),
        "website (column 9): 65536 bytes long, more than baton keeps for an id, email or company (65535); a quote is probably not closed"
    );
    let fits = "x".repeat(MAX_TEXT);
    assert_eq!(
        Texts::new(&fits, None, "", None).unwrap().id().len(),
        MAX_TEXT
    );
}

#[test]
fn leads_let_go_of_their_emails_but_the_domains_kept_and_their_other_texts() {
    // 60,000 leads (several blocks of text), each with its own id; one in three at acme.io (a
    // domain kept), one in three at other.io, the rest without an email; every seventh with a
    // company and converted deals; one with an id of 300 bytes (lengths written in the block).
    let long = "x".repeat(300);
    let mut leads: Vec<Lead> = (0..60_000)
        .map(|i| {
            let id = if i == 4_321 {
                long.clone()
            } else {
                format!("L{i:07}-{:024}", i)
            };
            let email = match i % 3 {
                0 => Some(format!("p{i}@acme.io")),
                1 => Some(format!("p{i}@other.io")),
                _ => None,
            };
            let (company, converted) = if i % 7 == 0 {
                ("Acme Corp", Some("O1;O2"))
            } else {
                ("", None)
            };
            let mut lead = Lead::bare("", None, 5);
            lead.text = Texts::new(&id, email.as_deref(), company, converted).unwrap();
            lead
        })
        .collect();
    let before: Vec<(String, Option<String>, Option<String>)> = leads
        .iter()
        .map(|l| {
            let owned = |t: Option<&str>| t.map(str::to_string);
            (
                l.lead_id().to_string(),
                owned(l.company()),
                owned(l.converted_opportunity_id()),
            )
        })
        .collect();
    Lead::forget_emails(&mut leads, |d| d == "acme.io");
    for (i, (l, (id, company, converted))) in leads.iter().zip(&before).enumerate() {
        assert_eq!(l.lead_id(), id);
        assert_eq!(l.company(), company.as_deref(), "{i}");
        assert_eq!(l.converted_opportunity_id(), converted.as_deref(), "{i}");
        let want = (i % 3 == 0).then_some("@acme.io");
        assert_eq!(l.email(), want, "{i}");
        assert_eq!(l.email().map(keys::email_domain), want.map(|_| "acme.io"));
    }
    // The texts share blocks, as when read: a few dozen, not one a lead.
    let blocks: std::collections::BTreeSet<*const u8> =
        leads.iter().map(|l| l.text.place(0).0.as_ptr()).collect();
    assert!((2..=10).contains(&blocks.len()), "{}", blocks.len());
}
