//! Many seeds, each a small scenario with a random mix of every fault kind,
//! refunds, FX shocks and settings: after every event the books balance, and
//! at the end nothing is lost, no payment is paid out twice and every batch
//! that left was remitted exactly once (`check_end`). A failure prints the
//! seed and the scenario that reproduce it.

use corridor::engine::Stream;
use corridor::world::{Checks, run_with};

use super::support::*;

const CASES: u64 = 100;

/// Start dates where calendars bite: Spring Festival 2018, Labour Day 2018,
/// National Day 2019, Spring Festival 2020 (extended), Easter 2025, an
/// ordinary week in 2026, and three year ends: New Year 2019 (CN's 2019
/// notice moves 29 to 31 December 2018), 2025 into 2026, and 2026 into 2027
/// (on a calendar that extends CN with the user's own 2027).
const STARTS: [&str; 9] = [
    "2018-02-12",
    "2018-04-26",
    "2019-09-27",
    "2020-01-22",
    "2025-04-16",
    "2026-03-09",
    "2025-12-29",
    "2018-12-27",
    "2026-12-28",
];

/// The ECB's rates of the first half of 2018 with rows removed: gaps of 1, 3
/// and 4 days besides the ECB's own (Easter), all carried.
const GAPPY_TABLE: &str = "ecb-2018-h1-gaps.csv";

fn pick<'a>(s: &mut Stream, options: &[&'a str]) -> &'a str {
    options[s.below(options.len() as u64) as usize]
}

fn maybe(s: &mut Stream) -> bool {
    s.below(2) == 0
}

/// A scenario drawn from `seed`: settings, faults, refunds and shocks.
fn scenario_for(seed: u64) -> String {
    let mut s = Stream::derive(seed, "property", "scenario");
    let start = pick(&mut s, &STARTS);
    let day = |s: &mut Stream| {
        let d: jiff::civil::Date = start.parse().unwrap();
        d.checked_add(jiff::Span::new().days(s.between(-1, 9)))
            .unwrap()
            .to_string()
    };
    let mut t = format!(
        "[scenario]\nname = \"property {seed}\"\nseed = {seed}\nstart = {start}\ndays = 6\ndrain_days = 30\n\n"
    );
    if start.starts_with("2026-12") {
        t += "[calendars.CN-2027]\nextends = \"CN\"\nholidays = [2027-01-01]\n\n";
    }
    if matches!(start, "2018-02-12" | "2018-04-26") && maybe(&mut s) {
        t += &format!("[fx]\ntable = \"{GAPPY_TABLE}\"\n");
    } else {
        t += &format!(
            "[fx]\nopen = \"{}\"\nvolatility = \"{}\"\n",
            // Extreme rates too: a price can round to nothing in CNY.
            pick(&mut s, &["7.8", "7.8", "7.8", "0.1", "78"]),
            pick(&mut s, &["0%", "6.5%", "30%"])
        );
    }
    if maybe(&mut s) {
        t += &format!(
            "shocks = [{{ at = \"{}T{}:00+08:00\", move = \"{}\" }}]\n",
            day(&mut s),
            pick(&mut s, &["03", "09", "15"]),
            pick(&mut s, &["+2%", "-3%", "+10%"])
        );
    }
    t += &format!(
        "\n[cardholders]\ncount = 150\nwallet = \"1000..20000 CNY\"\npurchases_per_day = 1\nticket = \"{}\"\nactive_hours = \"{}\"\nlinked_card = \"{}\"\n",
        pick(
            &mut s,
            &[
                "5..600 EUR",
                "5..600 EUR",
                "5..600 EUR",
                "5..600 EUR",
                "5..600 EUR",
                "0.01..0.05 EUR"
            ]
        ),
        pick(&mut s, &["09:00..21:00", "15:00..23:59", "00:00..23:59"]),
        pick(&mut s, &["none", "5000..200000 CNY"])
    );
    for (g, country) in ["FR", "DE", "PT"].iter().enumerate() {
        let tier = pick(&mut s, &["standard", "weekly", "monthly"]);
        t += &format!("\n[[merchants]]\nname = \"g{g}\"\ncount = 2\ncountry = \"{country}\"\ntier = \"{tier}\"\n");
        if maybe(&mut s) {
            t += &format!("joins = {}\n", day(&mut s));
        }
    }
    t += "\n[tiers.standard]\npayout = \"daily\"\nmdr = \"1.5%\"\n";
    t += "\n[tiers.weekly]\npayout = \"weekly:Mon\"\nminimum = \"100 EUR\"\nmdr = \"1.2%\"\n";
    t += "\n[tiers.monthly]\npayout = \"monthly:1\"\nmdr = \"1%\"\n";
    t += &format!(
        "\n[switch]\ncutoff = \"{}\"\nconvert = \"{}\"\nfx_markup = \"{}\"\n",
        pick(&mut s, &["00:00", "22:00", "02:00", "11:59", "06:00"]),
        pick(&mut s, &["daily", "at_remittance"]),
        pick(&mut s, &["0%", "1%", "10%"])
    );
    if start.starts_with("2026-12") {
        t += "\n[settlement_bank]\ncalendar = \"CN-2027\"";
    } else {
        t += "\n[settlement_bank]";
    }
    t += &format!(
        "\napproval = \"{}\"\ntransit = \"{}\"\nminimum = \"{}\"\n",
        pick(&mut s, &["none", "1h..4h", "4h..9h"]),
        pick(&mut s, &["1", "1..3"]),
        pick(&mut s, &["0 EUR", "650 EUR", "5000 EUR"])
    );
    t += &format!(
        "\n[acquirer]\nscheme = \"{}\"\ninst_cap = \"{}\"\n",
        pick(&mut s, &["SCT", "SCT_INST"]),
        pick(&mut s, &["300 EUR", "15000 EUR"])
    );
    if maybe(&mut s) {
        t += &format!(
            "\n[refunds]\nrate = \"{}\"\nafter = \"{}\"\npartial = \"{}\"\nretry = \"8h\"\n",
            pick(&mut s, &["5%", "20%", "40%", "100%"]),
            pick(&mut s, &["0d..4d", "1d..1d"]),
            pick(&mut s, &["40%", "0%"])
        );
    }
    let merchant = |s: &mut Stream| format!("g{}/{}", s.below(3), 1 + s.below(2));
    let faults: [(&str, &str); 9] = [
        ("payout_reject", "reason = \"AC01\""),
        ("payout_return", "reason = \"AC04\""),
        ("payout_return", "reason = \"RR04\""),
        ("approval_delay", "delay = \"2d\""),
        ("approval_reject", ""),
        ("remittance_short", "amount = \"300 EUR\""),
        ("remittance_short", "amount = \"99999999 EUR\""),
        ("issuer_timeout", "rate = \"20%\""),
        ("direct_debit_return", "reason = \"AM04\""),
    ];
    let approval = t.contains("approval = \"none\"");
    for (kind, extra) in faults {
        if !maybe(&mut s) || (approval && kind.starts_with("approval")) {
            continue;
        }
        let (from, until) = (day(&mut s), day(&mut s));
        let (from, until) = if from <= until { (from, until) } else { (until, from) };
        t += &format!("\n[[faults]]\nkind = \"{kind}\"\nfrom = {from}\nuntil = {until}\n{extra}\n");
        if matches!(kind, "payout_reject" | "payout_return" | "direct_debit_return") {
            t += &format!("merchant = \"{}\"\n", merchant(&mut s));
        }
    }
    if maybe(&mut s) {
        t += &format!(
            "\n[[faults]]\nkind = \"kyc_fail\"\nmerchant = \"{}\"\n",
            merchant(&mut s)
        );
    }
    t
}

#[test]
fn the_books_balance_and_nothing_is_lost_under_random_faults() {
    let (mut faulted, mut completed) = (0, 0);
    for seed in 0..CASES {
        let text = scenario_for(seed);
        let sc = load(&text).unwrap_or_else(|e| panic!("seed {seed}: the generated scenario is invalid: {e}\n{text}"));
        let o = run_with(
            &sc,
            None,
            Checks {
                books_after_every_event: true,
                ..Checks::default()
            },
        );
        if let Some(v) = &o.violation {
            panic!(
                "seed {seed}: invariant broken at event {} ({}, {}): {}\nscenario:\n{text}",
                v.seq, v.kind, v.at, v.message
            );
        }
        if let Err(e) = report_adds_up(&sc, &o) {
            panic!("seed {seed}: the report does not add up: {e}\nscenario:\n{text}");
        }
        if o.tally.completed > 0 {
            completed += 1;
        }
        if !o.acquirer().exceptions().is_empty()
            || o.acquirer().payouts().iter().any(|p| p.bounced_at.is_some())
            || o.tally.reversals > 0
        {
            faulted += 1;
        }
    }
    // The generator must really exercise the failure paths.
    assert!(faulted >= CASES / 4, "only {faulted} of {CASES} runs hit a fault");
    assert!(
        completed >= CASES * 3 / 4,
        "only {completed} of {CASES} runs completed a payment"
    );
}
