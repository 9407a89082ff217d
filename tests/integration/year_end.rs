//! Calendars across a year end: a custom calendar extends `CN` for the years
//! its State Council notices cover and answers for a later (or earlier) year
//! with its own holidays and workdays; TARGET2's 1 January closing and CN's
//! New Year holiday move money across the year boundary.

use corridor::domain::calendar::{Calendar, DayKind};
use jiff::civil::date;

use super::support::*;

fn cn() -> Calendar {
    Calendar::builtin("CN").expect("CN is builtin")
}

/// The user's own 2027 dates: 1 January, New Year's Day, a holiday by the
/// State Council's 全国年节及纪念日放假办法 (its notice for 2027 is not in corridor).
fn cn_2027() -> Calendar {
    Calendar::extend(&cn(), "CN-2027", [date(2027, 1, 1)], [])
}

#[test]
fn a_calendar_extending_cn_keeps_the_2026_notice_and_adds_its_own_2027() {
    let cal = cn_2027();
    // 2026 is CN's: National Day and the adjusted Saturday 10 October.
    assert_eq!(cal.day_kind(date(2026, 10, 1)), Ok(DayKind::Holiday));
    assert_eq!(cal.day_kind(date(2026, 10, 10)), Ok(DayKind::AdjustedWorkingDay));
    assert_eq!(cal.day_kind(date(2026, 12, 31)), Ok(DayKind::Working));
    // 2027 is its own: the listed holiday, then weekends and weekdays.
    assert_eq!(cal.day_kind(date(2027, 1, 1)), Ok(DayKind::Holiday));
    assert_eq!(cal.day_kind(date(2027, 1, 2)), Ok(DayKind::Weekend));
    assert_eq!(cal.day_kind(date(2027, 1, 4)), Ok(DayKind::Working));
    assert_eq!(cal.next_open_after(date(2026, 12, 31)), Ok(date(2027, 1, 4)));
    // CN itself still refuses 2027.
    assert!(cn().day_kind(date(2027, 1, 4)).is_err());
}

#[test]
fn a_year_neither_covers_is_refused_naming_the_calendar_the_year_and_what_to_add() {
    let err = cn_2027().day_kind(date(2028, 1, 3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "calendar CN-2027 has no bank holidays for 2028 (needed for 2028-01-03): it builds on CN, whose State \
         Council notices cover 2018 to 2026, and lists no holidays or workdays of its own in 2028. Add 2028's \
         holidays and adjusted working days from that year's notice to [calendars.CN-2027] (holidays = [...], \
         workdays = [...]). A notice can also move days at the end of the year before (the 2019 notice closed \
         Monday 31 December 2018 and opened Saturday 29 December): list those dates too"
    );
    // A calendar built on that one inherits its 2027 and is refused 2028 by its own name.
    let child = Calendar::extend(&cn_2027(), "CN-branch", [], []);
    assert_eq!(child.day_kind(date(2027, 1, 1)), Ok(DayKind::Holiday));
    assert!(
        child
            .day_kind(date(2028, 1, 3))
            .unwrap_err()
            .to_string()
            .starts_with("calendar CN-branch has no bank holidays for 2028 (needed for 2028-01-03): it builds on CN")
    );
}

#[test]
fn target2_and_cn_carry_business_across_new_year() {
    let t2 = Calendar::builtin("TARGET2").unwrap();
    // TARGET2 is closed on 1 January: Monday 31 December 2018 + 1 is 2 January.
    assert_eq!(t2.add_business_days(date(2018, 12, 31), 1), Ok(date(2019, 1, 2)));
    assert_eq!(t2.add_business_days(date(2026, 12, 31), 1), Ok(date(2027, 1, 4)));
    // CN, from the 2019 notice: Saturday 29 December 2018 worked, 30 December
    // to 1 January closed.
    assert_eq!(cn().next_open_after(date(2018, 12, 28)), Ok(date(2018, 12, 29)));
    assert_eq!(cn().next_open_after(date(2018, 12, 29)), Ok(date(2019, 1, 2)));
}

/// December 2026 into January 2027; `calendar` holds the custom calendar's keys.
fn year_end_run(calendar: &str) -> String {
    format!(
        "[scenario]\nname = \"year end\"\nseed = 5\nstart = 2026-12-21\ndays = 14\ndrain_days = 21\n\n\
         [calendars.CN-2027]\nextends = \"CN\"\n{calendar}\n\n\
         [settlement_bank]\ncalendar = \"CN-2027\"\nminimum = \"0 EUR\"\ntransit = \"1\"\n\n\
         [cardholders]\ncount = 50\n\n\
         [[merchants]]\nname = \"paris\"\ncount = 2\ncountry = \"FR\"\n"
    )
}

#[test]
fn a_run_from_december_2026_into_2027_extends_cn_with_its_own_2027() {
    let sc = scenario(&year_end_run("holidays = [2027-01-01]"));
    let (outcome, log) = run_logged(&sc);
    assert!(outcome.violation.is_none());
    let sent = events_of(&log, "remittance_sent");
    let batches = |r: &serde_json::Value| -> Vec<String> {
        r["batches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().to_string())
            .collect()
    };
    let with = |batch: &str| sent.iter().find(|r| batches(r).iter().any(|b| b == batch)).unwrap();
    // Thursday 31 December 2026 is a Chinese working day: 30 December's batch
    // leaves then, value-dated Monday 4 January (TARGET2 closes on 1 January).
    let r = with("B20261230");
    assert!(r["at"].as_str().unwrap().starts_with("2026-12-31T"), "{r}");
    assert_eq!(r["value_date"], "2027-01-04");
    // 31 December to 3 January wait for Monday 4 January and leave together.
    let r = with("B20261231");
    assert_eq!(batches(r), ["B20261231", "B20270101", "B20270102", "B20270103"]);
    assert!(r["at"].as_str().unwrap().starts_with("2027-01-04T"), "{r}");
    assert_eq!(r["value_date"], "2027-01-05");
    let report = text_report(&sc, &outcome);
    assert!(report.contains("\n2027-01-01  holiday   holiday "), "{report}");
}

#[test]
fn the_same_run_without_2027_dates_is_refused_with_file_line_and_what_to_add() {
    let err = load(&year_end_run("")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "test.toml:13:12: settlement_bank.calendar: calendar CN-2027 has no bank holidays for 2027 (needed for \
         2027-01-01): it builds on CN, whose State Council notices cover 2018 to 2026, and lists no holidays or \
         workdays of its own in 2027. Add 2027's holidays and adjusted working days from that year's notice to \
         [calendars.CN-2027] (holidays = [...], workdays = [...]). A notice can also move days at the end of the \
         year before (the 2019 notice closed Monday 31 December 2018 and opened Saturday 29 December): list \
         those dates too. The run asks settlement_bank.calendar about every day from 2026-12-21 to 2027-02-09: \
         its days, drain days included, and a margin past them for finding the next business day"
    );
}
