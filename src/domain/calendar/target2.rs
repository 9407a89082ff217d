//! TARGET2's closing days. Besides weekends, T2 is closed on 1 January,
//! Good Friday, Easter Monday, 1 May, 25 and 26 December: fixed by rule, so
//! they are computed for any year the rule is in force. The rule is the ECB
//! Governing Council's long-term calendar of TARGET closing days, decided on
//! 14 December 2000 "from 2002 until further notice" (ECB press release
//! "Long-term calendar for TARGET closing days", 14 December 2000), kept by
//! TARGET2 (from 19 November 2007; the ECB's TARGET2 calendar page lists the
//! same six days) and by T2 (from 20 March 2023; the ECB's consultation of
//! June 2025 on T2 operating hours still speaks of "the six TARGET
//! holidays"). TARGET's first years had
//! calendars of their own (1999: 25 December, 1 January and 31 December
//! 1999; 2000 and 2001: annual calendars), so a date before 2002 is not
//! answered.

use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

/// The first year of the long-term calendar of TARGET closing days (ECB,
/// 14 December 2000: "from 2002 until further notice").
pub const TARGET2_FIRST_YEAR: i16 = 2002;

/// True on a T2 closing day (ECB TARGET2 rules): 1 January, Good Friday,
/// Easter Monday, 1 May, 25 and 26 December. Weekends are not tested here,
/// nor the year: the caller refuses one before [`TARGET2_FIRST_YEAR`].
/// The rule is by date: T2 is closed on 26 December even when it falls on a
/// Saturday.
pub fn is_closing_day(d: Date) -> bool {
    let (m, day) = (d.month(), d.day());
    if (m, day) == (1, 1) || (m, day) == (5, 1) || (m == 12 && (day == 25 || day == 26)) {
        return true;
    }
    // Good Friday is 20 March at the earliest, Easter Monday 26 April at the
    // latest: other months need no computus.
    if !(3..=4).contains(&m) {
        return false;
    }
    let easter = easter_sunday(d.year());
    d == easter.checked_sub(2.days()).expect("in range") || d == easter.checked_add(1.day()).expect("in range")
}

/// The most days in a row TARGET2 is closed, weekends included: 4. Derived
/// from the rule above by walking one whole Gregorian cycle (400 years, after
/// which dates fall on the same weekdays again), so every weekday the fixed
/// closing days can take is met. Two closures reach 4 days: Good Friday to
/// Easter Monday every year, and Saturday 23 to Tuesday 26 December when
/// Christmas is a Monday. The ECB publishes no euro reference rate on these
/// days ("The reference rates are usually updated around 16:00 CET on every
/// working day, except on TARGET closing days", ECB, Euro foreign exchange
/// reference rates), so this is the longest gap its own tables have.
pub fn longest_closure_days() -> u32 {
    static LONGEST: OnceLock<u32> = OnceLock::new();
    *LONGEST.get_or_init(|| {
        let (mut d, end) = (date(2000, 1, 1), date(2400, 1, 1));
        let (mut run, mut longest) = (0u32, 0u32);
        while d < end {
            let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
            run = if weekend || is_closing_day(d) { run + 1 } else { 0 };
            longest = longest.max(run);
            d = d.checked_add(1.day()).expect("in range");
        }
        longest
    })
}

/// Easter Sunday of the Gregorian calendar (the anonymous computus of
/// Meeus, Jones and Butcher). Meant for Gregorian years (1583 on): for a
/// year before 1 the arithmetic can produce an impossible date, and jiff's
/// `date` panics on it.
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_matches_known_years() {
        assert_eq!(easter_sunday(2018), date(2018, 4, 1));
        assert_eq!(easter_sunday(2019), date(2019, 4, 21));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
    }

    #[test]
    fn the_longest_closure_is_easter_or_a_monday_christmas() {
        assert_eq!(longest_closure_days(), 4);
        // Easter 2018: Good Friday 30 March to Easter Monday 2 April.
        assert!(is_closing_day(date(2018, 3, 30)) && is_closing_day(date(2018, 4, 2)));
        assert!(!is_closing_day(date(2018, 3, 29)) && !is_closing_day(date(2018, 4, 3)));
        // Christmas 2017 was a Monday: closed Saturday 23 to Tuesday 26.
        assert_eq!(date(2017, 12, 25).weekday(), Weekday::Monday);
        assert!(is_closing_day(date(2017, 12, 26)));
    }
}
