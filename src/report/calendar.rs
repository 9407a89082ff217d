//! `corridor calendar`: a builtin calendar's year as month grids with the
//! closed days and adjusted working days marked, or one JSON object per day.

use std::fmt::Write;

use jiff::civil::{Date, Weekday, date};

use crate::domain::calendar::{Calendar, CalendarError, DayKind};
use crate::scenario::model::add_days;

/// Every day of `year` with its kind.
pub fn days(cal: &Calendar, year: i16) -> Result<Vec<(Date, DayKind)>, CalendarError> {
    let mut out = Vec::new();
    let mut d = date(year, 1, 1);
    while d.year() == year {
        out.push((d, cal.day_kind(d)?));
        d = add_days(d, 1);
    }
    Ok(out)
}

pub fn json(days: &[(Date, DayKind)]) -> String {
    let mut s = String::new();
    for (d, k) in days {
        let _ = writeln!(
            s,
            "{{\"date\": \"{d}\", \"open\": {}, \"kind\": \"{}\"}}",
            k.is_open(),
            k.name()
        );
    }
    s
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Three months a row; each day is its number and a mark: `h` holiday,
/// `w` adjusted working day, `.` weekend (closed), nothing for a working day.
pub fn text(cal: &Calendar, year: i16, days: &[(Date, DayKind)]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {year}    h holiday   w adjusted working day (a weekend day that is open)   . weekend\n",
        cal.name
    );
    for quarter in 0..4 {
        let grids: Vec<Vec<String>> = (0..3).map(|i| month(days, quarter * 3 + i + 1)).collect();
        let height = grids.iter().map(Vec::len).max().unwrap_or(0);
        for row in 0..height {
            let line: Vec<String> = grids
                .iter()
                .map(|g| format!("{:<22}", g.get(row).map_or("", String::as_str)))
                .collect();
            let _ = writeln!(s, "{}", line.join("   ").trim_end());
        }
        s.push('\n');
    }
    let closed: Vec<&(Date, DayKind)> = days.iter().filter(|(_, k)| *k == DayKind::Holiday).collect();
    let adjusted: Vec<&(Date, DayKind)> = days.iter().filter(|(_, k)| *k == DayKind::AdjustedWorkingDay).collect();
    let _ = writeln!(s, "Holidays ({} days): {}", closed.len(), ranges(&closed));
    if !adjusted.is_empty() {
        let _ = writeln!(
            s,
            "Adjusted working days: {}",
            adjusted
                .iter()
                .map(|(d, _)| format!("{} {}", short_weekday(d.weekday()), d))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let open = days.iter().filter(|(_, k)| k.is_open()).count();
    let _ = writeln!(s, "Business days: {open} of {}", days.len());
    s
}

fn month(days: &[(Date, DayKind)], m: usize) -> Vec<String> {
    let mut lines = vec![format!("{:^21}", MONTHS[m - 1]), "Mo Tu We Th Fr Sa Su".to_string()];
    let in_month: Vec<&(Date, DayKind)> = days.iter().filter(|(d, _)| d.month() as usize == m).collect();
    let mut line = "   ".repeat(in_month[0].0.weekday().to_monday_zero_offset() as usize);
    for (d, k) in in_month {
        let mark = match k {
            DayKind::Holiday => 'h',
            DayKind::AdjustedWorkingDay => 'w',
            DayKind::Weekend => '.',
            DayKind::Working => ' ',
        };
        let _ = write!(line, "{:>2}{mark}", d.day());
        if d.weekday() == Weekday::Sunday {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
    }
    if !line.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

fn short_weekday(w: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w.to_monday_zero_offset() as usize]
}

/// `15 to 21 Feb`-style runs of consecutive dates.
fn ranges(days: &[&(Date, DayKind)]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let start = days[i].0;
        let mut end = start;
        while i + 1 < days.len() && days[i + 1].0 == add_days(end, 1) {
            i += 1;
            end = days[i].0;
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start} to {end}")
        });
        i += 1;
    }
    if out.is_empty() { "none".into() } else { out.join(", ") }
}
