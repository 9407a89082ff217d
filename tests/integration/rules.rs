//! Rules that changed over time, each held as a dated table with its source
//! (`domain::rules`, the TARGET2 and CN calendars): a run uses the rule in
//! force on its dates, and a date outside what is sourced is refused with
//! the rule, the date and the way out, exit 2.

use corridor::agents::acquirer::payout_scheme;
use corridor::domain::money::Money;
use corridor::domain::rules::{HVPS_CUTOFF, SCT_EXECUTION_DAYS, SCT_INST_MAXIMUM, SDD_CORE_PRESENTATION_DAYS};
use corridor::scenario::model::Scheme;
use jiff::civil::{Weekday, date};
use rust_decimal::Decimal;
use serde_json::Value;

use super::support::*;

/// One shopper buys for 662,891.03 EUR on Monday 2 March 2026; its merchant
/// is paid on Sundays, by SCT Inst, with no MDR: one payout of exactly that
/// amount falls due on Sunday 8 March 2026.
const SUNDAY_2026: &str = r#"
[scenario]
name = "inst-2026-sunday"
summary = "One purchase of 662,891.03 EUR; the merchant is paid on Sundays."
seed = 2
start = 2026-03-02
days = 1
drain_days = 10

[fx]
open = "7.9"
volatility = "0%"

[issuer]
limit_per_payment = "10000000 CNY"
limit_per_day = "10000000 CNY"
risk_decline = "0%"

[cardholders]
count = 1
wallet = "9000000..9000000 CNY"
purchases_per_day = 1
ticket = "662891.03..662891.03 EUR"
active_hours = "10:00..19:00"

[[merchants]]
name = "paris"
count = 1
country = "FR"
tier = "sunday"

[tiers.sunday]
payout = "weekly:Sun"
mdr = "0%"

[acquirer]
scheme = "SCT_INST"
"#;

fn payouts(text: &str) -> Vec<(Value, Option<Value>)> {
    let (o, log) = run_logged(&scenario(text));
    assert!(o.violation.is_none(), "{:?}", o.violation);
    let settled = events_of(&log, "payout_settled");
    events_of(&log, "payout_sent")
        .into_iter()
        .map(|p| {
            let s = settled.iter().find(|s| s["payout"] == p["payout"]).cloned();
            (p, s)
        })
        .collect()
}

fn paris_date(at: &Value) -> jiff::civil::Date {
    let t: jiff::Timestamp = at.as_str().unwrap().parse().unwrap();
    t.in_tz("Europe/Paris").unwrap().date()
}

fn ms(at: &Value) -> i64 {
    let t: jiff::Timestamp = at.as_str().unwrap().parse().unwrap();
    t.as_millisecond()
}

/// The issue's example: the EUR 100,000 scheme maximum went with the 2025
/// SCT Inst rulebook (5 October 2025), so a 662,891.03 EUR payout due on
/// Sunday 8 March 2026 goes by SCT Inst that Sunday, credited in seconds,
/// not by SCT on Monday.
#[test]
fn a_2026_sunday_payout_above_the_old_maximum_goes_by_sct_inst_that_sunday() {
    let all = payouts(SUNDAY_2026);
    assert_eq!(all.len(), 1, "{all:?}");
    let (sent, settled) = &all[0];
    assert_eq!(sent["amount"], "662891.03 EUR");
    assert_eq!(sent["scheme"], "SCT_INST");
    assert_eq!(paris_date(&sent["at"]), date(2026, 3, 8));
    assert_eq!(date(2026, 3, 8).weekday(), Weekday::Sunday);
    let settled = settled.as_ref().expect("credited");
    assert_eq!(paris_date(&settled["at"]), date(2026, 3, 8));
    assert!(ms(&settled["at"]) - ms(&sent["at"]) <= 10_000);
}

/// The scenario's own `inst_cap` still wins over the scheme's: capped at
/// 100,000 EUR the same payout goes by SCT on Monday.
#[test]
fn an_own_inst_cap_still_sends_a_larger_payout_by_sct_on_monday() {
    let text = SUNDAY_2026.replace(
        "scheme = \"SCT_INST\"",
        "scheme = \"SCT_INST\"\ninst_cap = \"100000 EUR\"",
    );
    let all = payouts(&text);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0["scheme"], "SCT");
    assert_eq!(paris_date(&all[0].0["at"]), date(2026, 3, 9));
}

/// The scheme each payout goes by follows the table of the day: EUR 15,000
/// from the launch, EUR 100,000 from 1 July 2020, none from 5 October 2025.
#[test]
fn the_payout_scheme_follows_the_sct_inst_maximum_of_the_day() {
    let acq = scenario(SUNDAY_2026).acquirer;
    let eur = |s: &str| Money::eur(s.parse::<Decimal>().unwrap());
    let scheme = |amount: &str, y, m, d| payout_scheme(&acq, eur(amount), date(y, m, d)).unwrap();
    assert_eq!(scheme("662891.03", 2026, 3, 8), Scheme::SctInst);
    assert_eq!(scheme("15000.00", 2018, 3, 11), Scheme::SctInst);
    assert_eq!(scheme("15000.01", 2018, 3, 11), Scheme::Sct);
    assert_eq!(scheme("100000.00", 2020, 7, 1), Scheme::SctInst);
    assert_eq!(scheme("100000.01", 2025, 10, 4), Scheme::Sct);
    assert_eq!(scheme("100000.01", 2025, 10, 5), Scheme::SctInst);
    assert_eq!(
        payout_scheme(&acq, eur("1.00"), date(2027, 11, 21))
            .unwrap_err()
            .to_string(),
        "no sourced rule for the SCT Inst maximum amount on 2027-11-21: corridor's table covers from \
         2017-11-21 to 2027-11-20. SCT Inst started on 21 November 2017; for a later date, give the cap \
         yourself with [acquirer] inst_cap (\"100000 EUR\")"
    );
}

/// Every table names its source and covers contiguous periods.
#[test]
fn every_dated_table_names_its_source() {
    fn check<T>(r: &corridor::domain::rules::Rule<T>) {
        for p in r.periods {
            assert!(p.source.len() > 40, "{}: {}", r.name, p.source);
        }
    }
    check(&SCT_INST_MAXIMUM);
    check(&SCT_EXECUTION_DAYS);
    check(&SDD_CORE_PRESENTATION_DAYS);
    check(&HVPS_CUTOFF);
    assert!(SCT_INST_MAXIMUM.periods[2].source.contains("Regulation (EU) 2024/886"));
}

/// A minimal scenario on `start`, with a custom CN calendar for years the
/// State Council notices corridor has do not cover, and `extra` sections.
fn at(start: &str, extra: &str) -> String {
    let year = &start[..4];
    format!(
        "[scenario]\nname = \"x\"\nseed = 1\nstart = {start}\ndays = 2\ndrain_days = 7\n\n\
         [calendars.CN-{year}]\nextends = \"WEEKENDS\"\n\n\
         [settlement_bank]\ncalendar = \"CN-{year}\"\ncutoff = \"17:15\"\n\n\
         [[merchants]]\nname = \"shops\"\ncount = 1\ncountry = \"FR\"\n{extra}"
    )
}

fn refused(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn sct_inst_after_the_last_sourced_rulebook_is_refused_unless_the_cap_is_given() {
    let text = at("2028-01-10", "\n[acquirer]\nscheme = \"SCT_INST\"\n");
    assert_eq!(
        refused(&text),
        "test.toml:21:10: acquirer.scheme: no sourced rule for the SCT Inst maximum amount on 2028-01-10: \
         corridor's table covers from 2017-11-21 to 2027-11-20. SCT Inst started on 21 November 2017; \
         for a later date, give the cap yourself with [acquirer] inst_cap (\"100000 EUR\")"
    );
    let own = at(
        "2028-01-10",
        "\n[acquirer]\nscheme = \"SCT_INST\"\ninst_cap = \"100000 EUR\"\n",
    );
    assert!(load(&own).is_ok());
}

#[test]
fn sct_inst_before_its_launch_is_refused_even_with_a_cap() {
    let text = at(
        "2017-06-05",
        "\n[acquirer]\nscheme = \"SCT_INST\"\ninst_cap = \"15000 EUR\"\n",
    );
    assert_eq!(
        refused(&text),
        "test.toml:21:10: acquirer.scheme: no sourced rule for the SCT Inst maximum amount on 2017-06-05: \
         corridor's table covers from 2017-11-21 to 2027-11-20. SCT Inst started on 21 November 2017; \
         for a later date, give the cap yourself with [acquirer] inst_cap (\"100000 EUR\")"
    );
}

/// The CLI says the same, with exit status 2.
#[test]
fn check_refuses_an_unsourced_date_with_exit_2() {
    let dir = std::env::temp_dir().join(format!("corridor-test-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("s.toml"),
        at("2028-01-10", "\n[acquirer]\nscheme = \"SCT_INST\"\n"),
    )
    .unwrap();
    let o = corridor_in(Some(&dir), &["check", "s.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "error: s.toml:21:10: acquirer.scheme: no sourced rule for the SCT Inst maximum amount on \
             2028-01-10"
        ),
        "{}",
        stderr(&o)
    );
}

/// TARGET2's closing days are the ECB's long-term calendar, in force from
/// 2002; before, TARGET had annual calendars corridor does not hold.
#[test]
fn target2_before_the_long_term_calendar_is_refused() {
    let text = at("2001-03-05", "");
    let err = refused(&text);
    assert!(
        err.starts_with(
            "test.toml:1:1: acquirer.calendar: calendar TARGET2 has no sourced closing days for 2001 \
             (needed for 2001-03-04): the builtin TARGET2 calendar follows the ECB's long-term calendar \
             of TARGET closing days, in force from 2002 (ECB press release, 14 December 2000); 1999 to \
             2001 had calendars of their own. To simulate 2001, define [calendars.T2-2001] with extends \
             = \"WEEKENDS\" and that year's closing days as holidays, and use it as acquirer.calendar"
        ),
        "{err}"
    );
    let o = corridor(&["calendar", "TARGET2", "--year", "2001"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: calendar TARGET2 has no sourced closing days for 2001"));
    assert_eq!(
        corridor(&["calendar", "TARGET2", "--year", "2002"]).status.code(),
        Some(0)
    );
}

/// SCT payouts are credited D+1, the rule from 1 January 2012 (PSD Art.
/// 69(1)); before, banks could take up to three days.
#[test]
fn sct_before_the_psd_d_plus_1_is_refused() {
    let text = at(
        "2011-03-07",
        "\n[calendars.T2-2011]\nextends = \"WEEKENDS\"\n\n[acquirer]\ncalendar = \"T2-2011\"\n",
    );
    assert_eq!(
        refused(&text).lines().next().unwrap(),
        "test.toml:4:9: scenario.start: no sourced rule for the SCT maximum execution time on 2011-03-07: \
         corridor's table covers from 2012-01-01. corridor credits SCT payouts the next business day, the \
         rule from 1 January 2012; before it a bank could take up to three business days"
    );
}

/// Direct debits are presented one TARGET2 day ahead, the SDD Core timeline
/// from 20 November 2016; a run with refunds (the only way to a negative
/// balance) before it is refused, one without is not.
#[test]
fn sdd_before_the_d_minus_1_timeline_is_refused_when_refunds_can_need_it() {
    let refunds = "\n[refunds]\nrate = \"5%\"\n";
    let text = at("2016-03-07", refunds);
    assert_eq!(
        refused(&text),
        "test.toml:20:1: refunds: no sourced rule for the SDD Core presentation time on 2016-03-07: \
         corridor's table covers from 2016-11-20. corridor collects merchants by SDD Core one TARGET2 \
         day ahead, the timeline from 20 November 2016"
    );
    assert!(load(&at("2016-03-07", "")).is_ok());
    assert!(load(&at("2016-11-21", refunds)).is_ok());
}

/// The settlement bank's default cut-off is HVPS's 17:15, the 5x21 schedule
/// from 22 January 2018; earlier, the scenario gives its own.
#[test]
fn the_hvps_cut_off_before_its_schedule_is_refused_unless_given() {
    let text = "[scenario]\nname = \"x\"\nseed = 1\nstart = 2018-01-08\ndays = 2\n\n\
                [[merchants]]\nname = \"shops\"\ncount = 1\ncountry = \"FR\"\n";
    assert_eq!(
        refused(text),
        "test.toml:4:9: settlement_bank.cutoff: no sourced rule for the HVPS cut-off on 2018-01-08: \
         corridor's table covers from 2018-01-22. Give the settlement bank's cut-off yourself with \
         [settlement_bank] cutoff (\"17:15\")"
    );
    let own = text.replace(
        "[[merchants]]",
        "[settlement_bank]\ncutoff = \"17:00\"\n\n[[merchants]]",
    );
    assert!(load(&own).is_ok());
    assert_eq!(scenario(TINY).settlement_bank.cutoff.to_string(), "17:15");
}
