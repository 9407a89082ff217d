//! Business-day calendars against the official dates in shared/domain.md
//! ("Calendars and clocks that matter"): China's bank working days from the
//! State Council notices, and TARGET2's closing days fixed by rule.

use corridor::domain::calendar::{CN_FIRST_YEAR, CN_LAST_YEAR, Calendar, DayKind, easter_sunday};
use corridor::report::calendar::{days, json};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

fn cn() -> Calendar {
    Calendar::builtin("CN").expect("CN is builtin")
}

fn target2() -> Calendar {
    Calendar::builtin("TARGET2").expect("TARGET2 is builtin")
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Every date from `first` to `last`, both included.
fn span(first: Date, last: Date) -> Vec<Date> {
    let mut out = vec![first];
    while *out.last().unwrap() < last {
        out.push(out.last().unwrap().tomorrow().unwrap());
    }
    out
}

/// The dates of a list like "2018-01-01 2018-02-15..2018-02-21" (ranges inclusive).
fn dates(list: &str) -> Vec<Date> {
    let parse = |s: &str| s.parse::<Date>().unwrap_or_else(|e| panic!("{s}: {e}"));
    let item = |i: &str| {
        i.split_once("..")
            .map_or_else(|| vec![parse(i)], |(a, b)| span(parse(a), parse(b)))
    };
    list.split_whitespace().flat_map(item).collect()
}

// The State Council notices as shared/domain.md gives them: holidays, then the weekend days worked.
const HOLIDAYS_2018: &str = "2018-01-01 2018-02-15..2018-02-21 2018-04-05..2018-04-07 2018-04-29..2018-05-01 \
    2018-06-16..2018-06-18 2018-09-22..2018-09-24 2018-10-01..2018-10-07 2018-12-30..2019-01-01";
const WORKDAYS_2018: &str = "2018-02-11 2018-02-24 2018-04-08 2018-04-28 2018-09-29 2018-09-30 2018-12-29";
const HOLIDAYS_2025: &str = "2025-01-01 2025-01-28..2025-02-04 2025-04-04..2025-04-06 2025-05-01..2025-05-05 \
    2025-05-31..2025-06-02 2025-10-01..2025-10-08";
const WORKDAYS_2025: &str = "2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11";
const HOLIDAYS_2026: &str = "2026-01-01..2026-01-03 2026-02-15..2026-02-23 2026-04-04..2026-04-06 \
    2026-05-01..2026-05-05 2026-06-19..2026-06-21 2026-09-25..2026-09-27 2026-10-01..2026-10-07";
const WORKDAYS_2026: &str = "2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 2026-10-10";

/// Every holiday closes Chinese banks; every adjusted working day is a
/// Saturday or Sunday on which they open.
fn assert_cn_follows(holidays: &str, workdays: &str) {
    let cal = cn();
    for d in dates(holidays) {
        assert_eq!(cal.day_kind(d), Ok(DayKind::Holiday), "{d} is a CN holiday");
        assert_eq!(cal.is_open(d), Ok(false), "banks are closed on {d}");
    }
    for d in dates(workdays) {
        assert!(is_weekend(d), "{d} is a weekend day the notice moves");
        assert_eq!(cal.day_kind(d), Ok(DayKind::AdjustedWorkingDay), "{d} is worked");
        assert_eq!(cal.is_open(d), Ok(true), "banks are open on {d}");
    }
}

#[test]
fn spring_festival_2018_closes_chinese_banks_15_to_21_february() {
    let cal = cn();
    for d in span(date(2018, 2, 15), date(2018, 2, 21)) {
        assert_eq!(cal.day_kind(d), Ok(DayKind::Holiday), "{d}");
    }
    assert_eq!(cal.day_kind(date(2018, 2, 14)), Ok(DayKind::Working));
    assert_eq!(cal.day_kind(date(2018, 2, 22)), Ok(DayKind::Working));
    assert_eq!(cal.day_kind(date(2018, 2, 11)), Ok(DayKind::AdjustedWorkingDay)); // Sunday
    assert_eq!(cal.day_kind(date(2018, 2, 24)), Ok(DayKind::AdjustedWorkingDay)); // Saturday
}

#[test]
fn cn_2018_follows_the_state_council_notice() {
    assert_cn_follows(HOLIDAYS_2018, WORKDAYS_2018);
}

#[test]
fn cn_2025_follows_the_state_council_notice() {
    assert_cn_follows(HOLIDAYS_2025, WORKDAYS_2025);
}

#[test]
fn cn_2026_follows_the_state_council_notice() {
    assert_cn_follows(HOLIDAYS_2026, WORKDAYS_2026);
}

#[test]
fn new_year_2019_closes_30_december_to_1_january_and_saturday_29_december_is_worked() {
    let cal = cn();
    assert_eq!(date(2018, 12, 29).weekday(), Weekday::Saturday);
    assert_eq!(cal.day_kind(date(2018, 12, 29)), Ok(DayKind::AdjustedWorkingDay));
    for d in [date(2018, 12, 30), date(2018, 12, 31), date(2019, 1, 1)] {
        assert_eq!(cal.day_kind(d), Ok(DayKind::Holiday), "{d}");
    }
    assert_eq!(cal.next_open_after(date(2018, 12, 29)), Ok(date(2019, 1, 2)));
}

#[test]
fn ordinary_days_follow_the_week() {
    let cal = cn();
    assert_eq!(cal.day_kind(date(2018, 3, 5)), Ok(DayKind::Working)); // Monday
    assert_eq!(cal.day_kind(date(2018, 3, 10)), Ok(DayKind::Weekend)); // Saturday
    assert_eq!(cal.day_kind(date(2025, 3, 3)), Ok(DayKind::Working)); // Monday
    assert_eq!(cal.day_kind(date(2026, 3, 8)), Ok(DayKind::Weekend)); // Sunday
    assert_eq!(cal.is_open(date(2026, 3, 8)), Ok(false));
}

#[test]
fn cn_2018_has_the_business_days_the_notice_implies() {
    let weekdays = span(date(2018, 1, 1), date(2018, 12, 31))
        .into_iter()
        .filter(|d| !is_weekend(*d))
        .count();
    let weekday_holidays = dates(HOLIDAYS_2018)
        .into_iter()
        .filter(|d| d.year() == 2018 && !is_weekend(*d))
        .count();
    let adjusted = dates(WORKDAYS_2018).into_iter().filter(|d| d.year() == 2018).count();
    let expected = weekdays - weekday_holidays + adjusted;
    assert_eq!((weekdays, weekday_holidays, adjusted, expected), (261, 18, 7, 250));

    let counted = days(&cn(), 2018).unwrap().iter().filter(|(_, k)| k.is_open()).count();
    assert_eq!(counted, expected);
}

#[test]
fn target2_closes_on_new_year_good_friday_easter_monday_labour_day_and_christmas() {
    let cal = target2();
    let good_fridays = dates("2018-03-30 2025-04-18 2026-04-03");
    let easter_mondays = dates("2018-04-02 2025-04-21 2026-04-06");
    for (friday, monday) in good_fridays.into_iter().zip(easter_mondays) {
        assert_eq!(easter_sunday(friday.year()), friday + 2.days());
        assert_eq!(easter_sunday(monday.year()), monday - 1.day());
    }
    for y in [2018, 2025, 2026, 2030, 2038] {
        let easter = easter_sunday(y);
        let closing = [
            date(y, 1, 1),
            easter - 2.days(),
            easter + 1.day(),
            date(y, 5, 1),
            date(y, 12, 25),
            date(y, 12, 26),
        ];
        for d in closing {
            let kind = if is_weekend(d) {
                DayKind::Weekend
            } else {
                DayKind::Holiday
            };
            assert_eq!(cal.day_kind(d), Ok(kind), "T2 closes on {d}");
            assert_eq!(cal.is_open(d), Ok(false), "T2 closes on {d}");
        }
        // Maundy Thursday and the Tuesday after Easter are ordinary business days.
        assert_eq!(cal.day_kind(easter - 3.days()), Ok(DayKind::Working));
        assert_eq!(cal.day_kind(easter + 2.days()), Ok(DayKind::Working));
    }
}

#[test]
fn target2_26_december_2020_falls_on_saturday_and_is_a_closed_weekend() {
    let d = date(2020, 12, 26);
    assert_eq!(d.weekday(), Weekday::Saturday);
    assert_eq!(target2().day_kind(d), Ok(DayKind::Weekend));
    assert_eq!(target2().is_open(d), Ok(false));
}

#[test]
fn easter_sunday_follows_the_gregorian_computus() {
    for d in dates("2018-04-01 2019-04-21 2024-03-31 2025-04-20 2026-04-05 2030-04-21 2038-04-25") {
        assert_eq!(easter_sunday(d.year()), d);
        assert_eq!(d.weekday(), Weekday::Sunday);
    }
}

#[test]
fn spring_festival_2018_moves_chinese_business_to_22_february_and_the_adjusted_saturday() {
    let cal = cn();
    assert_eq!(cal.next_open_after(date(2018, 2, 14)), Ok(date(2018, 2, 22)));
    assert_eq!(cal.next_open_after(date(2018, 2, 23)), Ok(date(2018, 2, 24)));
    assert_eq!(cal.next_open_after(date(2018, 2, 24)), Ok(date(2018, 2, 26)));
    assert_eq!(cal.add_business_days(date(2018, 2, 14), 2), Ok(date(2018, 2, 23)));
}

#[test]
fn easter_2018_moves_a_target2_business_day_from_maundy_thursday_to_tuesday() {
    assert_eq!(target2().add_business_days(date(2018, 3, 29), 1), Ok(date(2018, 4, 3)));
}

#[test]
fn a_scenario_holiday_closes_an_extended_cn_calendar() {
    let parent = cn();
    let custom = Calendar::extend(&parent, "CN-strike", [date(2018, 3, 5)], []);
    assert_eq!(custom.day_kind(date(2018, 3, 5)), Ok(DayKind::Holiday));
    assert_eq!(custom.is_open(date(2018, 3, 5)), Ok(false));
    assert_eq!(custom.next_open_after(date(2018, 3, 2)), Ok(date(2018, 3, 6)));
    assert_eq!(
        parent.day_kind(date(2018, 3, 5)),
        Ok(DayKind::Working),
        "CN is untouched"
    );
}

#[test]
fn a_scenario_workday_on_a_sunday_is_an_adjusted_working_day() {
    let sunday = date(2018, 3, 4);
    assert_eq!(sunday.weekday(), Weekday::Sunday);
    let custom = Calendar::extend(&cn(), "CN-custom", [], [sunday]);
    assert_eq!(custom.day_kind(sunday), Ok(DayKind::AdjustedWorkingDay));
    assert_eq!(custom.is_open(sunday), Ok(true));
}

#[test]
fn cn_refuses_years_without_a_sourced_notice() {
    assert_eq!((CN_FIRST_YEAR, CN_LAST_YEAR), (2018, 2026));
    let err = cn().day_kind(date(2017, 6, 1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "calendar CN has no sourced bank holidays for 2017 (needed for 2017-06-01): the builtin CN \
         calendar covers 2018 to 2026 from the State Council notices. To simulate 2017, define a calendar \
         that extends CN and lists 2017's holidays and adjusted working days from that year's notice, for \
         example [calendars.CN-2017] with extends = \"CN\", holidays = [...] and workdays = [...], and use \
         it as settlement_bank.calendar"
    );
    let err = cn().day_kind(date(2027, 1, 4)).unwrap_err().to_string();
    assert!(err.starts_with("calendar CN has no sourced bank holidays for 2027 (needed for 2027-01-04)"));
    assert!(days(&cn(), 2017).is_err());
}

#[test]
fn a_year_without_a_notice_can_be_defined_on_weekends() {
    let weekends = Calendar::builtin("WEEKENDS").unwrap();
    let cn_2017 = Calendar::extend(&weekends, "CN-2017", [date(2017, 10, 2)], [date(2017, 9, 30)]);
    assert_eq!(cn_2017.day_kind(date(2017, 6, 1)), Ok(DayKind::Working));
    assert_eq!(cn_2017.day_kind(date(2017, 10, 2)), Ok(DayKind::Holiday));
    assert_eq!(cn_2017.day_kind(date(2017, 9, 30)), Ok(DayKind::AdjustedWorkingDay));
}

#[test]
fn calendar_json_marks_the_adjusted_saturday_open_and_spring_festival_closed() {
    let out = json(&days(&cn(), 2018).unwrap());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 365);
    // One line a day from 1 January: 15 February is the 46th, 24 February the 55th.
    let adjusted_saturday = r#"{"date": "2018-02-24", "open": true, "kind": "adjusted_working_day"}"#;
    assert_eq!(lines[54], adjusted_saturday);
    assert_eq!(lines[45], r#"{"date": "2018-02-15", "open": false, "kind": "holiday"}"#);
}
