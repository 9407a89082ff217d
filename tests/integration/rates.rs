//! FX rate tables (`[fx] table`) judged alike at both ends and inside: a
//! date the run reads takes the table's last rate before it only across a
//! gap of at most 4 days, the longest TARGET2 closure (Good Friday to Easter
//! Monday), when the ECB publishes no reference rate. The tables are the
//! ECB's 2018 rates of scenarios/data/ecb-eur-cny-2018.csv, cut or with rows
//! removed.

use corridor::domain::zone::{LocalTime, Zone};
use corridor::scenario::validate::parse_rate_table;
use jiff::civil::date;
use rust_decimal::Decimal;

use super::support::*;

/// A small run on `table` from `start` for `days` purchase days and
/// `drain_days`: its last Beijing day is start + days - 1 + drain_days.
fn run_on(table: &str, start: &str, days: u32, drain_days: u32) -> String {
    format!(
        "[scenario]\nname = \"rates\"\nseed = 1\nstart = {start}\ndays = {days}\ndrain_days = {drain_days}\n\n\
         [fx]\ntable = \"{table}\"\n\n\
         [cardholders]\ncount = 20\n\n\
         [[merchants]]\nname = \"paris\"\ncount = 2\ncountry = \"FR\"\n"
    )
}

const WHY: &str = "A date without one takes the last rate before it if that is at most 4 days older: the \
    longest TARGET2 closure (Good Friday to Easter Monday), when the ECB publishes no reference rate.";

#[test]
fn a_table_ending_29_march_2018_is_refused_for_a_run_to_7_april() {
    // The example: the table's last rate (7.7468, Thursday 29 March)
    // would stand for 9 Beijing days, 30 March to 7 April.
    let err = load(&run_on("ecb-2018-03-to-29.csv", "2018-03-26", 5, 8)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "test.toml:9:9: fx.table: ecb-2018-03-to-29.csv: line 22: no rate dated 2018-03-30 to 2018-04-06 \
             (8 days) after 2018-03-29, the table's last rate. The run needs a rate for every date from \
             2018-03-25 to 2018-04-06 (a rate dated D is in force from 00:00 Beijing on D+1; its Beijing days, \
             drain days included, are 2018-03-26 to 2018-04-07). {WHY} Add rates for 2018-03-30 to 2018-04-06 \
             (at most 4 days in a row may be missing), or end the run by 2018-04-03 (start + days - 1 + \
             drain_days is now 2018-04-07)."
        )
    );
}

#[test]
fn the_same_table_carries_its_last_rate_over_easter_to_a_run_ending_3_april() {
    // Ending on 3 April the run reads rates up to 2 April: Good Friday to
    // Easter Monday, the 4 days the ECB itself publishes nothing.
    let sc = scenario(&run_on("ecb-2018-03-to-29.csv", "2018-03-26", 5, 4));
    let bj = Zone::beijing();
    let rate = |d| sc.fx.path.rate_at(bj.at(d, LocalTime::hm(12, 0)));
    assert_eq!(rate(date(2018, 3, 29)), Decimal::new(77_971, 4), "28 March's rate");
    assert_eq!(rate(date(2018, 3, 30)), Decimal::new(77_468, 4), "29 March's rate");
    assert_eq!(rate(date(2018, 4, 3)), Decimal::new(77_468, 4), "carried over Easter");
}

#[test]
fn a_table_starting_1_march_2018_is_refused_the_same_way_for_a_run_from_1_march() {
    // The run's first Beijing day reads the rate dated the day before,
    // 28 February; the table has nothing dated 24 to 28 February.
    let err = load(&run_on("ecb-2018-03-to-29.csv", "2018-03-01", 2, 3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "test.toml:9:9: fx.table: ecb-2018-03-to-29.csv: line 2: no rate dated 2018-02-24 to 2018-02-28 \
             (5 days) before 2018-03-01, the table's first rate. The run needs a rate for every date from \
             2018-02-28 to 2018-03-04 (a rate dated D is in force from 00:00 Beijing on D+1; its Beijing days, \
             drain days included, are 2018-03-01 to 2018-03-05). {WHY} Add rates for 2018-02-24 to 2018-02-28 \
             (at most 4 days in a row may be missing), or start the run (and every merchant group's joins) on \
             or after 2018-03-02."
        )
    );
    // A run from 2 March reads 1 March's rate; one from Monday 5 March reads
    // Sunday's, carried from Friday 2 March.
    scenario(&run_on("ecb-2018-03-to-29.csv", "2018-03-02", 2, 3));
    scenario(&run_on("ecb-2018-03-to-29.csv", "2018-03-05", 2, 3));
}

#[test]
fn a_gap_inside_a_table_longer_than_easter_is_refused_and_easter_is_carried() {
    // Monday 12 to Friday 16 March removed: nothing from Saturday 10 to
    // Sunday 18 March, 9 days.
    let err = load(&run_on("ecb-2018-03-gap.csv", "2018-03-05", 5, 11)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "test.toml:9:9: fx.table: ecb-2018-03-gap.csv: line 8: no rate dated 2018-03-10 to 2018-03-18 \
             (9 days) between 2018-03-09 and 2018-03-19 (line 9). The run needs a rate for every date from \
             2018-03-04 to 2018-03-19 (a rate dated D is in force from 00:00 Beijing on D+1; its Beijing days, \
             drain days included, are 2018-03-05 to 2018-03-20). {WHY} Add rates for 2018-03-10 to 2018-03-18 \
             (at most 4 days in a row may be missing)."
        )
    );
    // After the gap the same table serves a run over Easter.
    scenario(&run_on("ecb-2018-03-gap.csv", "2018-03-20", 5, 10));
}

#[test]
fn a_table_refusal_exits_2_from_the_command_line() {
    let dir = dir_with(
        "rates",
        &[
            ("r.toml", &run_on("ecb-2018-03-to-29.csv", "2018-03-26", 5, 8)),
            ("ecb-2018-03-to-29.csv", &test_data("ecb-2018-03-to-29.csv")),
        ],
    );
    let o = corridor_in(Some(&dir), &["check", "r.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "error: r.toml:9:9: fx.table: ecb-2018-03-to-29.csv: line 22: no rate dated 2018-03-30 to 2018-04-06"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_date_given_twice_is_refused_with_both_lines() {
    let err = parse_rate_table("date,rate\n2018-02-12,7.7604\n2018-02-13,7.8244\n2018-02-12,7.7605\n").unwrap_err();
    assert_eq!(err, "line 4: 2018-02-12 is already on line 2: give one rate a date");
}
