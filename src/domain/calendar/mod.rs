//! Business-day calendars. A calendar answers one question, "is this date a
//! business day, and why (not)?", for the settlement bank (China's bank
//! working days), the acquirer (TARGET2) or anything a scenario defines on
//! top of them.

mod cn;
mod target2;

use std::collections::BTreeSet;
use std::fmt;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

pub use cn::{CN_FIRST_YEAR, CN_LAST_YEAR};
pub use target2::{TARGET2_FIRST_YEAR, easter_sunday, longest_closure_days};

/// Why a date is or is not a business day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary open day: Monday to Friday, or any day on `ALWAYS`.
    Working,
    /// A closed Saturday or Sunday, including a TARGET2 closing day that
    /// falls on one.
    Weekend,
    /// A closed day for a holiday: a day of a State Council notice's holiday
    /// (weekend days inside its range included), a TARGET2 closing day from
    /// Monday to Friday, or a date a custom calendar declares closed.
    Holiday,
    /// A Saturday or Sunday that is a working day (China's 调休, or a weekend
    /// date a custom calendar declares open).
    AdjustedWorkingDay,
}

impl DayKind {
    /// True for a business day: `Working` or `AdjustedWorkingDay`.
    pub fn is_open(self) -> bool {
        matches!(self, DayKind::Working | DayKind::AdjustedWorkingDay)
    }

    /// The snake_case name the event log and the reports print, the same as
    /// its serde form (`"adjusted_working_day"`).
    pub fn name(self) -> &'static str {
        match self {
            DayKind::Working => "working",
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "holiday",
            DayKind::AdjustedWorkingDay => "adjusted_working_day",
        }
    }
}

/// The rule a calendar starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Mainland China bank working days, from the State Council notices:
    /// [`CN_FIRST_YEAR`] to [`CN_LAST_YEAR`]. Another year is
    /// [`CalendarError::Unsourced`] unless a custom calendar built on it
    /// declares dates of its own in that year.
    Cn,
    /// Weekends and the TARGET2 closing days (ECB TARGET2 rules: 1 January,
    /// Good Friday, Easter Monday, 1 May, 25 and 26 December), computed for
    /// any year from [`TARGET2_FIRST_YEAR`], when that long-term calendar
    /// took effect; earlier years are [`CalendarError::Unsourced`].
    Target2,
    /// Monday to Friday, no holidays: a base for a custom calendar of a year
    /// corridor has no sourced data for.
    Weekends,
    /// Every day is a business day (SCT Inst, FX conversion).
    Always,
}

/// The longest run of closed days a calendar may have: scenario validation
/// refuses a calendar closed this many days in a row, and
/// [`Calendar::next_open_after`] gives up after this many days.
pub const MAX_CLOSED_DAYS: u32 = 60;

/// The builtin calendar names a scenario may use or extend, as
/// [`Calendar::builtin`] accepts them (upper case).
pub const BUILTINS: [&str; 4] = ["CN", "TARGET2", "ALWAYS", "WEEKENDS"];

/// A question the calendar cannot answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// No sourced data for the year of `date`: a `CN` calendar outside
    /// [`CN_FIRST_YEAR`] to [`CN_LAST_YEAR`] in a year for which the
    /// calendar declares no holidays or workdays of its own, or a `TARGET2`
    /// one before [`TARGET2_FIRST_YEAR`].
    Unsourced {
        /// The name of the calendar asked.
        calendar: String,
        /// The rule it starts from, whose sources do not cover `date`.
        base: Base,
        /// True for a custom calendar built on `CN`, false for `CN` itself:
        /// the message says where to add the year.
        custom: bool,
        /// The date it could not answer for.
        date: Date,
    },
    /// No business day for a long stretch after `from`.
    NoBusinessDay {
        /// The name of the calendar asked.
        calendar: String,
        /// The date after which no business day was found.
        from: Date,
        /// How many days were looked at: [`MAX_CLOSED_DAYS`].
        days: u32,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::Unsourced {
                calendar,
                base: Base::Target2,
                date,
                ..
            } => {
                let year = date.year();
                write!(
                    f,
                    "calendar {calendar} has no sourced closing days for {year} (needed for {date}): the \
                     builtin TARGET2 calendar follows the ECB's long-term calendar of TARGET closing days, \
                     in force from {TARGET2_FIRST_YEAR} (ECB press release, 14 December 2000); 1999 to \
                     2001 had calendars of their own. To simulate {year}, define [calendars.T2-{year}] \
                     with extends = \"WEEKENDS\" and that year's closing days as holidays, and use it \
                     as acquirer.calendar"
                )
            }
            CalendarError::Unsourced {
                calendar, custom, date, ..
            } => {
                let year = date.year();
                if *custom {
                    write!(
                        f,
                        "calendar {calendar} has no bank holidays for {year} (needed for {date}): it builds on CN, \
                         whose State Council notices cover {CN_FIRST_YEAR} to {CN_LAST_YEAR}, and lists no holidays \
                         or workdays of its own in {year}. Add {year}'s holidays and adjusted working days from that \
                         year's notice to [calendars.{calendar}] (holidays = [...], workdays = [...])"
                    )?;
                } else {
                    write!(
                        f,
                        "calendar CN has no sourced bank holidays for {year} (needed for {date}): the builtin CN \
                         calendar covers {CN_FIRST_YEAR} to {CN_LAST_YEAR} from the State Council notices. To \
                         simulate {year}, define a calendar that extends CN and lists {year}'s holidays and adjusted \
                         working days from that year's notice, for example [calendars.CN-{year}] with extends = \"CN\", \
                         holidays = [...] and workdays = [...], and use it as settlement_bank.calendar"
                    )?;
                }
                if year > CN_LAST_YEAR {
                    // 国办发明电〔2018〕15号, the 2019 notice, closed Monday 31 December 2018
                    // and opened Saturday 29 December (see cn.rs).
                    write!(
                        f,
                        ". A notice can also move days at the end of the year before (the 2019 notice closed Monday \
                         31 December 2018 and opened Saturday 29 December): list those dates too"
                    )?;
                }
                Ok(())
            }
            CalendarError::NoBusinessDay { calendar, from, days } => {
                write!(
                    f,
                    "calendar {calendar} has no business day in the {days} days after {from}: open some days"
                )
            }
        }
    }
}

impl std::error::Error for CalendarError {}

/// A named calendar: a base rule plus dates declared closed or open. The
/// declared dates win over the base rule.
#[derive(Clone, Debug)]
pub struct Calendar {
    /// The name a scenario uses for it: a builtin's ([`BUILTINS`]) or the key
    /// of its `[calendars.NAME]` table. Errors and explanations print it.
    pub name: String,
    base: Base,
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
    custom: bool,
}

impl Calendar {
    /// A builtin calendar by name (`CN`, `TARGET2`, `ALWAYS`, `WEEKENDS`,
    /// exactly so); None for any other name.
    pub fn builtin(name: &str) -> Option<Calendar> {
        let base = match name {
            "CN" => Base::Cn,
            "TARGET2" => Base::Target2,
            "ALWAYS" => Base::Always,
            "WEEKENDS" => Base::Weekends,
            _ => return None,
        };
        Some(Calendar {
            name: name.to_string(),
            base,
            holidays: BTreeSet::new(),
            workdays: BTreeSet::new(),
            custom: false,
        })
    }

    /// A custom calendar on top of `parent`, named `name`; its dates win over
    /// the parent's. A date listed both as a holiday and as a workday ends up
    /// a workday. On a `CN` base, a year no State Council notice covers is
    /// answered when the calendar (or a parent) lists a date in it: weekends
    /// closed, weekdays open, its own holidays and workdays as listed.
    pub fn extend(
        parent: &Calendar,
        name: &str,
        holidays: impl IntoIterator<Item = Date>,
        workdays: impl IntoIterator<Item = Date>,
    ) -> Calendar {
        let mut cal = parent.clone();
        cal.name = name.to_string();
        cal.custom = true;
        for d in holidays {
            cal.workdays.remove(&d);
            cal.holidays.insert(d);
        }
        for d in workdays {
            cal.holidays.remove(&d);
            cal.workdays.insert(d);
        }
        cal
    }

    /// What kind of day `date` is on this calendar. Errors with
    /// [`CalendarError::Unsourced`] when the base is `CN`, no notice covers
    /// the year and the calendar lists no holiday or workday in that year.
    pub fn day_kind(&self, date: Date) -> Result<DayKind, CalendarError> {
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        if self.holidays.contains(&date) {
            return Ok(DayKind::Holiday);
        }
        if self.workdays.contains(&date) {
            return Ok(if weekend {
                DayKind::AdjustedWorkingDay
            } else {
                DayKind::Working
            });
        }
        match self.base {
            Base::Always => Ok(DayKind::Working),
            Base::Weekends => Ok(plain(weekend)),
            Base::Target2 if date.year() < TARGET2_FIRST_YEAR => Err(CalendarError::Unsourced {
                calendar: self.name.clone(),
                base: self.base,
                custom: self.custom,
                date,
            }),
            Base::Target2 => Ok(if target2::is_closing_day(date) {
                if weekend { DayKind::Weekend } else { DayKind::Holiday }
            } else {
                plain(weekend)
            }),
            Base::Cn => match cn::day_kind(date) {
                Some(kind) => Ok(kind),
                // A year beyond the notices is the calendar's own once it
                // lists dates in it (the user typed that year's notice).
                None if self.declares_year(date.year()) => Ok(plain(weekend)),
                None => Err(CalendarError::Unsourced {
                    calendar: self.name.clone(),
                    base: self.base,
                    custom: self.custom,
                    date,
                }),
            },
        }
    }

    /// True when the calendar itself lists a holiday or a workday in `year`.
    fn declares_year(&self, year: i16) -> bool {
        let (first, last) = (date(year, 1, 1), date(year, 12, 31));
        self.holidays.range(first..=last).next().is_some() || self.workdays.range(first..=last).next().is_some()
    }

    /// True on a business day; errors as [`Calendar::day_kind`].
    pub fn is_open(&self, date: Date) -> Result<bool, CalendarError> {
        Ok(self.day_kind(date)?.is_open())
    }

    /// The first business day strictly after `date`. Errors as
    /// [`Calendar::day_kind`] for a day on the way, or with
    /// [`CalendarError::NoBusinessDay`] when none of the next
    /// [`MAX_CLOSED_DAYS`] days is open.
    pub fn next_open_after(&self, date: Date) -> Result<Date, CalendarError> {
        let mut d = date;
        // Real calendars close at most a couple of weeks in a row; the bound
        // stops a calendar that closes everything (validation refuses it).
        for _ in 0..MAX_CLOSED_DAYS {
            d = d.checked_add(1.day()).expect("date in range");
            if self.is_open(d)? {
                return Ok(d);
            }
        }
        Err(CalendarError::NoBusinessDay {
            calendar: self.name.clone(),
            from: date,
            days: MAX_CLOSED_DAYS,
        })
    }

    /// The `n`th business day strictly after `date` (an `n` of 0 counts as
    /// 1). Errors as [`Calendar::next_open_after`].
    pub fn add_business_days(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        let mut d = date;
        for _ in 0..n.max(1) {
            d = self.next_open_after(d)?;
        }
        Ok(d)
    }

    /// The closed days between two dates (inclusive), in date order, for
    /// explanations. Days the calendar cannot answer for are left out; empty
    /// when `from` is after `to`.
    pub fn closed_between(&self, from: Date, to: Date) -> Vec<(Date, DayKind)> {
        let mut out = Vec::new();
        let mut d = from;
        while d <= to {
            if let Ok(kind) = self.day_kind(d) {
                if !kind.is_open() {
                    out.push((d, kind));
                }
            }
            d = d.checked_add(1.day()).expect("date in range");
        }
        out
    }
}

fn plain(weekend: bool) -> DayKind {
    if weekend { DayKind::Weekend } else { DayKind::Working }
}
