//! Settings that used to do nothing without a word (issue 8, part B): every
//! scenario key has its documented effect, or is refused with file, line,
//! column, key and what would be valid, or is listed as a warning by the
//! text and JSON reports and by `corridor check`.

use super::support::*;

/// The error `corridor` gives for TINY with `extra` appended.
fn refusal(extra: &str) -> String {
    match load(&format!("{TINY}{extra}")) {
        Ok(_) => panic!("accepted:\n{extra}"),
        Err(e) => e.to_string(),
    }
}

/// The warnings of TINY, changed by `edit`, as `line:column: key: message`.
fn warnings_of(text: &str) -> Vec<String> {
    scenario(text)
        .warnings
        .iter()
        .map(|w| format!("{}:{}: {}: {}", w.line, w.column, w.key, w.message))
        .collect()
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-settings-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tiny-rates.csv"),
        dir.join("tiny-rates.csv"),
    )
    .unwrap();
    dir
}

#[test]
fn kyc_fail_without_joins_makes_the_group_apply_at_the_start_and_never_be_active() {
    let sc = scenario(
        &format!("{TINY}\n[[merchants]]\nname = \"blocked\"\nkyc = \"fail\"\n")
            .replace("days = 2\ndrain_days = 14\n", "days = 8\ndrain_days = 4\n"),
    );
    let (o, log) = run_logged(&sc);
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let about = |kind: &str| {
        events_of(&log, kind)
            .into_iter()
            .filter(|e| e["merchant"] == "blocked/1")
            .collect::<Vec<_>>()
    };
    // It is not onboarded before the run: it applies at 09:00 Paris on the
    // first purchase day and fails KYC.
    assert!(about("merchant_onboarded").is_empty());
    let applied = about("merchant_applied");
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0]["at"], "2018-02-13T08:00:00.000Z");
    assert_eq!(about("kyc_failed").len(), 1);
    assert!(about("kyc_passed").is_empty());
    // Shoppers are offered it only once KYC has refused it (it shows the
    // code it applied with); every such purchase is declined, none completes.
    let failed_seq = about("kyc_failed")[0]["seq"].as_u64().unwrap();
    let initiated = about("payment_initiated");
    assert!(initiated.iter().all(|e| e["seq"].as_u64().unwrap() > failed_seq));
    let offered: Vec<String> = initiated
        .iter()
        .map(|e| e["payment"].as_str().unwrap().to_string())
        .collect();
    assert!(!offered.is_empty());
    let declined = events_of(&log, "payment_declined");
    for p in &offered {
        let d = declined.iter().find(|d| d["payment"] == p.as_str()).expect("declined");
        assert_eq!(d["reason"], "merchant_not_active");
    }
    assert!(about("payment_completed").is_empty());
    // `kyc = "pass"` (the default) without joins is still active from the start.
    let pass = scenario(&format!("{TINY}\n[[merchants]]\nname = \"fine\"\n"));
    let (_, log) = run_logged(&pass);
    let onboarded = events_of(&log, "merchant_onboarded");
    let fine = onboarded.iter().find(|e| e["merchant"] == "fine/1").expect("onboarded");
    assert_eq!(fine["reason"], "active_before_start");
}

#[test]
fn a_kyc_fail_fault_without_dates_reaches_a_group_that_joins_before_start() {
    // Before this fix the fault's default window began the day before
    // `start` (2018-02-12), after the group's application on 2018-02-05.
    let tiny = TINY.replace("table = \"tiny-rates.csv\"", "open = \"7.8\"");
    let sc = scenario(&format!(
        "{tiny}\n[[merchants]]\nname = \"early\"\njoins = 2018-02-05\n\n[[faults]]\nkind = \"kyc_fail\"\nmerchant = \"early\"\n"
    ));
    let (_, log) = run_logged(&sc);
    let failed = events_of(&log, "kyc_failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["merchant"], "early/1");
}

#[test]
fn a_negative_fx_markup_is_refused() {
    assert_eq!(
        refusal("\n[switch]\nfx_markup = \"-99%\"\n"),
        "test.toml:32:13: switch.fx_markup: `-99%` is not a markup: a markup is the scheme's margin on the \
         consumer's rate, so use 0% or more (at most 1000%)"
    );
}

#[test]
fn a_note_outside_the_run_is_refused_with_the_run_s_span() {
    assert_eq!(
        refusal("\n[[notes]]\nat = \"2030-01-01T00:00+08:00\"\ntext = \"later\"\n"),
        "test.toml:32:6: notes.at: `2030-01-01T00:00+08:00` is outside the run, which spans 2018-02-12 00:00 to \
         2018-03-01 00:00 Beijing (the first day to the end of drain_days): a note there would never be shown"
    );
}

#[test]
fn an_empty_or_overlong_scenario_name_is_refused() {
    let empty = load(&TINY.replace("name = \"tiny\"", "name = \"\"")).unwrap_err();
    assert_eq!(
        empty.to_string(),
        "test.toml:3:8: scenario.name: the scenario's name is empty: write one line of 1 to 200 characters"
    );
    let long = format!("name = \"{}\"", "x".repeat(200_000));
    let long = load(&TINY.replace("name = \"tiny\"", &long)).unwrap_err();
    assert_eq!(
        long.to_string(),
        "test.toml:3:8: scenario.name: the scenario's name is 200000 characters long (`xxxxxxxxxxxxxxxxxxxx...`): \
         write one line of 1 to 200 characters"
    );
    // 200 characters is the most.
    let most = format!("name = \"{}\"", "x".repeat(200));
    assert!(load(&TINY.replace("name = \"tiny\"", &most)).is_ok());
}

/// Each kind of setting that makes no sense, with the message that says what
/// would be valid.
#[test]
fn each_kind_of_nonsense_is_refused_with_what_is_valid() {
    let cases: &[(&str, &str)] = &[
        (
            "\n[settlement_bank]\nfx_spread = \"-0.5%\"\n",
            "test.toml:32:13: settlement_bank.fx_spread: `-0.5%` is not a spread: a spread is the bank's margin on \
             its conversion rate, so use 0% or more (at most 1000%)",
        ),
        (
            "\n[issuer]\nlimit_per_payment = \"0 CNY\"\n",
            "test.toml:32:21: issuer.limit_per_payment: a limit of 0 CNY declines every payment: a limit is a \
             positive CNY amount, like \"50000 CNY\" (there is no \"no limit\": write a large amount)",
        ),
        (
            "\n[settlement_bank]\napproval = \"none\"\napproval_reject = \"5%\"\n",
            "test.toml:33:19: settlement_bank.approval_reject: the regulator refuses only what it is asked to \
             approve, but settlement_bank.approval is \"none\": set approval to a duration range like \"1h..4h\", \
             or approval_reject to \"0%\"",
        ),
        (
            "\n[[faults]]\nkind = \"issuer_timeout\"\nrate = \"10%\"\nfrom = 2018-06-01\nuntil = 2018-06-05\n",
            "test.toml:34:8: faults.from: the window 2018-06-01 to 2018-06-05 is outside the run (2018-02-11 to \
             2018-02-28): the fault would never act; give dates within the run, or none for the whole run",
        ),
        (
            "\n[[faults]]\nkind = \"approval_reject\"\nfrom = 2017-01-01\nuntil = 2017-12-31\n",
            "test.toml:34:9: faults.until: the window 2017-01-01 to 2017-12-31 is outside the run (2018-02-11 to \
             2018-02-28): the fault would never act; give dates within the run, or none for the whole run",
        ),
        (
            "\n[[faults]]\nkind = \"kyc_fail\"\nmerchant = \"lux\"\non = 2018-02-14\n",
            "test.toml:34:6: faults.on: kyc_fail acts on the day a merchant applies, and the window 2018-02-14 to \
             2018-02-14 holds none: lux applies on 2018-02-12, its joins date",
        ),
        (
            "\n[[merchants]]\nname = \"old\"\njoins = 2016-01-01\n",
            "test.toml:33:9: merchants.joins: 2016-01-01 is more than 366 days before the first purchase day \
             (2018-02-13): use a date from 2017-02-12 to 2018-02-14, or leave `joins` out for a group onboarded \
             before the run",
        ),
        (
            "\n[[merchants]]\nname = \"late\"\njoins = 2018-03-20\n",
            "test.toml:33:9: merchants.joins: 2018-03-20 is after the run's last day (2018-02-28): the group would \
             never apply; use a date from 2017-02-12 to 2018-02-14 (the last purchase day)",
        ),
        (
            "\n[switch]\nname = \"\"\n",
            "test.toml:32:8: switch.name: a name is empty: write one line of 1 to 100 characters",
        ),
        (
            "\n[acquirer]\nname = \"Euro\\nAcquiring\"\n",
            "test.toml:32:8: acquirer.name: a name has a line break or control character (U+000A at character 5): \
             write one line of printable text",
        ),
        (
            "\n[[notes]]\nat = \"2018-02-13T10:00+08:00\"\ntext = \"\"\n",
            "test.toml:33:8: notes.text: a note's text is empty: write one line of 1 to 1000 characters",
        ),
        (
            "\n[tiers.\"\"]\nmdr = \"1%\"\n",
            "test.toml:31:1: tiers.: a tier's name is empty: write one line of 1 to 100 characters",
        ),
        (
            "\n[cardholders]\n",
            "test.toml:31:2: cardholders: `cardholders` is given twice: write each key and each [table] once",
        ),
        // Ranges that run backwards and windows that end before they start
        // were already refused; they stay so.
        (
            "\n[switch]\nlatency = \"900ms..100ms\"\n",
            "test.toml:32:11: switch.latency: `900ms..100ms`: the range must run from low to high",
        ),
        (
            "\n[[faults]]\nkind = \"approval_reject\"\nfrom = 2018-02-20\nuntil = 2018-02-14\n",
            "test.toml:31:1: faults.until: the window ends (2018-02-14) before it starts (2018-02-20)",
        ),
    ];
    for (extra, expected) in cases {
        assert_eq!(&refusal(extra), expected, "for:\n{extra}");
    }
    let shock = TINY.replace(
        "table = \"tiny-rates.csv\"",
        "table = \"tiny-rates.csv\"\nshocks = [{ at = \"2018-04-01T09:00+08:00\", move = \"+1%\" }]",
    );
    assert_eq!(
        load(&shock).unwrap_err().to_string(),
        "test.toml:12:18: fx.shocks.at: `2018-04-01T09:00+08:00` is after the run, which spans 2018-02-12 00:00 \
         to 2018-03-01 00:00 Beijing (the first day to the end of drain_days): the shock would move no rate the \
         run uses"
    );
}

/// Each legal but suspicious setting, with its warning.
#[test]
fn each_suspicious_setting_is_warned() {
    let appended: &[(&str, &str)] = &[
        (
            "\n[switch]\nfx_markup = \"12%\"\n",
            "32:13: switch.fx_markup: 12% over the market rate for consumers (the default markup is 0%): above 10% \
             is suspicious",
        ),
        (
            "\n[[merchants]]\nname = \"late\"\njoins = 2018-02-20\n",
            "33:9: merchants.joins: 2018-02-20 is after the last purchase day (2018-02-14): the group applies but \
             never takes a purchase",
        ),
        (
            "\n[calendars.spare]\nholidays = [2018-02-13]\n",
            "31:1: calendars.spare: calendar `spare` is not used: name it in settlement_bank.calendar or \
             acquirer.calendar",
        ),
        (
            "\n[[faults]]\nkind = \"issuer_timeout\"\nrate = \"0%\"\n",
            "33:8: faults.rate: issuer_timeout with rate = \"0%\" changes nothing",
        ),
        (
            "\n[tiers.standard]\nmdr = \"0.5%\"\n",
            "32:7: tiers.standard.mdr: tier `standard`'s MDR (0.5%) is below the scheme fee (0.6%) the acquirer pays \
             the switch: the acquirer loses money on every payment of that tier",
        ),
        (
            "\n[switch]\ntimeout = \"1s\"\n",
            "32:11: switch.timeout: the switch gives up after 1.000s, but an authorisation takes two hops of up to \
             900ms each: answers later than that are declined issuer_unavailable",
        ),
        (
            "\n[issuer]\nlimit_per_payment = \"100 CNY\"\n",
            "17:10: cardholders.ticket: the cheapest ticket, 20.00 EUR, costs more than the issuer's \
             limit_per_payment (100.00 CNY) at every rate of the run: every purchase is declined",
        ),
        (
            "\n[issuer]\nlimit_per_payment = \"400000 CNY\"\nlimit_per_day = \"500000 CNY\"\n",
            "32:21: issuer.limit_per_payment: 400000.00 CNY is above SAFE's cap of USD 50,000 on a cross-border \
             wallet payment (CNY 313,730 to 348,714 at the ECB's 2018 rates)",
        ),
        (
            "\n[refunds]\nafter = \"30d\"\n",
            "32:9: refunds.after: every refund falls due after the run ends (2018-03-01 00:00) and is not \
             simulated: shorten `after` or lengthen drain_days",
        ),
        (
            "\n[acquirer]\ninst_latency = \"1s..5s\"\n",
            "32:16: acquirer.inst_latency: applies to SCT Inst payouts, but acquirer.scheme is SCT: it changes \
             nothing",
        ),
        (
            "\n[settlement_bank]\ntransit = \"2..8\"\n",
            "32:11: settlement_bank.transit: up to 8 business days in transit: the domain brief's remittances \
             arrive after 1 to 3",
        ),
    ];
    for (extra, expected) in appended {
        assert_eq!(
            warnings_of(&format!("{TINY}{extra}")),
            vec![expected.to_string()],
            "for:\n{extra}"
        );
    }
    let edited: &[(&str, &str, &str)] = &[
        (
            "count = 6",
            "count = 0",
            "14:9: cardholders.count: no cardholders: nothing is bought",
        ),
        (
            "drain_days = 14",
            "drain_days = 0",
            "8:14: scenario.drain_days: 0 ends the run with the last purchase day: no money of that day can reach \
             a merchant, and the report shows it still on its way",
        ),
        (
            "name = \"paris\"",
            "name = \"paris\"\nweight = 0",
            "22:10: merchants.weight: `paris` has weight 0: its merchants take no purchases",
        ),
    ];
    for (from, to, expected) in edited {
        assert_eq!(
            warnings_of(&TINY.replace(from, to)),
            vec![expected.to_string()],
            "for {to}"
        );
    }
    // A tier paid monthly on the 5th, in a run from 13 to 28 February.
    let monthly = format!(
        "{}\n[tiers.monthly]\npayout = \"monthly:5\"\n",
        TINY.replace("country = \"FR\"", "country = \"FR\"\ntier = \"monthly\"")
    );
    assert_eq!(
        warnings_of(&monthly),
        vec![
            "33:10: tiers.monthly.payout: no monthly:5 payout date falls in the run (2018-02-13 to 2018-02-28): \
             merchants of tier `monthly` are never paid"
                .to_string()
        ]
    );
    // A rate written as EUR per CNY, on a seeded path.
    let inverted = TINY.replace("table = \"tiny-rates.csv\"", "open = \"0.128\"");
    assert_eq!(
        warnings_of(&inverted),
        vec![
            "11:8: fx.open: 0.128 is far from EUR/CNY (the ECB's 2018 rates run from 7.4174 to 8.0958): the rate \
             is CNY per 1 EUR, and 0.128 looks like EUR per CNY"
                .to_string()
        ]
    );
}

#[test]
fn no_bundled_scenario_has_a_warning() {
    for b in corridor::scenario::bundled::SCENARIOS {
        let sc = bundled_scenario(b.name);
        assert!(sc.warnings.is_empty(), "{}: {:?}", b.name, sc.warnings);
    }
}

#[test]
fn warnings_are_listed_in_the_text_and_json_reports() {
    let sc = scenario(&format!("{TINY}\n[switch]\nfx_markup = \"12%\"\n"));
    let (o, _) = run_logged(&sc);
    let text = text_report(&sc, &o);
    assert!(
        text.contains(
            "\nWarnings (legal but suspicious settings; `corridor check` lists them with their lines)\n  \
             switch.fx_markup: 12% over the market rate for consumers (the default markup is 0%): above 10% is \
             suspicious\n\nDay by day"
        ),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&corridor::report::json::render(&corridor::report::Report::new(&sc, &o))).unwrap();
    assert_eq!(
        json["warnings"],
        serde_json::json!([{
            "key": "switch.fx_markup",
            "message": "12% over the market rate for consumers (the default markup is 0%): above 10% is suspicious"
        }])
    );
    // Without warnings the section is left out and the list is empty.
    let plain = scenario(TINY);
    let (o, _) = run_logged(&plain);
    assert!(!text_report(&plain, &o).contains("Warnings"));
    let json: serde_json::Value = serde_json::from_str(&corridor::report::json::render(
        &corridor::report::Report::new(&plain, &o),
    ))
    .unwrap();
    assert_eq!(json["warnings"], serde_json::json!([]));
}

#[test]
fn check_prints_warnings_and_exits_0_refusals_exit_2_and_write_nothing() {
    let dir = tmp("check");
    std::fs::write(dir.join("w.toml"), format!("{TINY}\n[switch]\nfx_markup = \"12%\"\n")).unwrap();
    let o = corridor_in(Some(&dir), &["check", "w.toml"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "ok: w.toml (tiny), 1 warning\n");
    assert_eq!(
        stderr(&o),
        "warning: w.toml:32:13: switch.fx_markup: 12% over the market rate for consumers (the default markup is \
         0%): above 10% is suspicious\n"
    );
    std::fs::write(dir.join("r.toml"), format!("{TINY}\n[switch]\nfx_markup = \"-99%\"\n")).unwrap();
    let o = corridor_in(Some(&dir), &["run", "r.toml", "--events", "events.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "error: r.toml:32:13: switch.fx_markup: `-99%` is not a markup: a markup is the scheme's margin on the \
         consumer's rate, so use 0% or more (at most 1000%)\n"
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("events"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
