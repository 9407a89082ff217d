//! Time zones: Beijing (Asia/Shanghai, UTC+8 all year) for the issuer, the
//! switch and the settlement bank; the acquirer's and merchants' European
//! zones with daylight saving. Zone rules come from jiff's bundled IANA
//! database, so a run never depends on the host's zoneinfo.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

use crate::engine::Instant;

/// A named IANA time zone, with its rules from jiff's bundled database.
/// The methods that take an instant or a date panic outside jiff's range
/// (years -9999 to 9999), which no simulation reaches.
#[derive(Clone, Debug)]
pub struct Zone {
    /// The IANA name it was looked up by, `"Europe/Paris"`.
    pub name: String,
    tz: TimeZone,
    /// From this instant (ms) on the zone keeps one UTC offset (ms) for
    /// good: dates and instants are then plain arithmetic, which the hot
    /// path (Beijing, UTC+8 since 1991) asks for on every payment.
    fixed: Option<(i64, i64)>,
}

/// Milliseconds after local midnight (`.0`), `"14:00"` in a scenario file;
/// a time of day, not a duration (a DST day still has its 14:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime(pub i64);

impl LocalTime {
    /// `h` hours and `m` minutes after midnight. Not range-checked:
    /// [`Zone::at`] clamps a time outside the day to it.
    pub fn hm(h: i64, m: i64) -> LocalTime {
        LocalTime((h * 60 + m) * 60_000)
    }
}

impl std::fmt::Display for LocalTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 3_600_000, self.0 / 60_000 % 60)
    }
}

impl Zone {
    /// Looks a zone up by IANA name (`Europe/Paris`); None for a name the
    /// bundled database does not know.
    pub fn get(name: &str) -> Option<Zone> {
        TimeZone::get(name).ok().map(|tz| Zone {
            name: name.to_string(),
            fixed: fixed_since(&tz),
            tz,
        })
    }

    /// Asia/Shanghai: UTC+8 all year, the issuer's, the switch's and the
    /// settlement bank's zone.
    pub fn beijing() -> Zone {
        Zone::get("Asia/Shanghai").expect("bundled tzdb has Asia/Shanghai")
    }

    fn datetime(&self, t: Instant) -> DateTime {
        let ts = Timestamp::from_millisecond(t.0).expect("instant in range");
        self.tz.to_datetime(ts)
    }

    /// The local calendar date at `t`.
    pub fn date(&self, t: Instant) -> Date {
        if let Some((since, offset)) = self.fixed {
            if t.0 >= since {
                let (y, m, d) = crate::engine::time::civil_from_days((t.0 + offset).div_euclid(86_400_000));
                return jiff::civil::date(y as i16, m as i8, d as i8);
            }
        }
        self.datetime(t).date()
    }

    /// The local wall-clock time at `t`, `HH:MM`.
    pub fn clock(&self, t: Instant) -> String {
        let dt = self.datetime(t);
        format!("{:02}:{:02}", dt.hour(), dt.minute())
    }

    /// Local date and time, `2018-02-14 18:30`, for explanations.
    pub fn local(&self, t: Instant) -> String {
        let dt = self.datetime(t);
        format!("{} {:02}:{:02}", dt.date(), dt.hour(), dt.minute())
    }

    /// Local time formatted with jiff's strftime (`%Z` is the zone's
    /// abbreviation, `CET` or `CST`). A malformed format is not an error:
    /// jiff silently writes what it can.
    pub fn strftime(&self, t: Instant, format: &str) -> String {
        let ts = Timestamp::from_millisecond(t.0).expect("instant in range");
        ts.to_zoned_datetime(self.tz.clone()).strftime(format).to_string()
    }

    /// The instant of local `time` on `date`. In a daylight-saving gap the
    /// clock is read as if it had not jumped (jiff's "compatible" rule), so
    /// 02:30 on the spring-forward night is 03:30 summer time; in a repeated
    /// hour the earlier instant is taken. A `time` outside the day is clamped
    /// to 00:00 to 23:59:59.999.
    pub fn at(&self, date: Date, time: LocalTime) -> Instant {
        let ms = time.0.clamp(0, 86_400_000 - 1);
        if let Some((since, offset)) = self.fixed {
            let days = crate::engine::time::days_from_civil(
                i64::from(date.year()),
                i64::from(date.month()),
                i64::from(date.day()),
            );
            let t = days * 86_400_000 + ms - offset;
            if t >= since {
                return Instant(t);
            }
        }
        let t = Time::new(
            (ms / 3_600_000) as i8,
            (ms / 60_000 % 60) as i8,
            (ms / 1_000 % 60) as i8,
            ((ms % 1_000) * 1_000_000) as i32,
        )
        .expect("valid local time");
        let ts = self
            .tz
            .to_ambiguous_timestamp(date.to_datetime(t))
            .compatible()
            .expect("date in range");
        Instant(ts.as_millisecond())
    }

    /// Local `date` as this zone keeps it: [`ZoneDay::at`] gives the same
    /// instants as [`Zone::at`], by arithmetic when the zone keeps one UTC
    /// offset from the day's midnight to the next (every day but the two
    /// daylight-saving changes of a year), which planning a day's purchases
    /// asks for once per purchase.
    pub fn day(&self, date: Date) -> ZoneDay<'_> {
        let midnight = self.midnight(date);
        let next = self.midnight(date.tomorrow().expect("date in range"));
        let ts = Timestamp::from_millisecond(midnight.0).expect("instant in range");
        let changes_within = self
            .tz
            .following(ts)
            .next()
            .is_some_and(|c| c.timestamp().as_millisecond() <= next.0);
        let offset = (!changes_within && next.0 - midnight.0 == 86_400_000)
            .then(|| i64::from(self.tz.to_offset(ts).seconds()) * 1_000);
        ZoneDay {
            zone: self,
            date,
            midnight_utc: midnight.0 + offset.unwrap_or(0),
            offset,
        }
    }

    /// True when the zone's UTC offset stays within `hours` either way, in
    /// winter and in summer: measured at local noon on 15 January and
    /// 15 July 2018, in whole hours (the minutes of an offset are ignored).
    pub fn offsets_within_hours(&self, hours: i32) -> bool {
        [jiff::civil::date(2018, 1, 15), jiff::civil::date(2018, 7, 15)]
            .iter()
            .all(|d| {
                let t = self.at(*d, LocalTime(12 * 3_600_000));
                let local = self.datetime(t);
                let utc =
                    jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::from_millisecond(t.0).expect("in range"));
                let minutes = (local.date() - utc.date()).get_days() * 1440
                    + (i32::from(local.hour()) - i32::from(utc.hour())) * 60;
                minutes.abs() <= hours * 60
            })
    }

    /// Local midnight starting `date`.
    pub fn midnight(&self, date: Date) -> Instant {
        self.at(date, LocalTime(0))
    }
}

/// One local date of a [`Zone`], from [`Zone::day`].
#[derive(Clone, Copy, Debug)]
pub struct ZoneDay<'z> {
    zone: &'z Zone,
    date: Date,
    /// The date's midnight read as UTC (ms), when `offset` is known.
    midnight_utc: i64,
    /// The UTC offset (ms) the zone keeps all day; None on a day the
    /// offset changes, which goes through the zone's rules.
    offset: Option<i64>,
}

impl ZoneDay<'_> {
    /// The instant of local `time` on this date: exactly [`Zone::at`].
    pub fn at(&self, time: LocalTime) -> Instant {
        match self.offset {
            Some(offset) => Instant(self.midnight_utc + time.0.clamp(0, 86_400_000 - 1) - offset),
            None => self.zone.at(self.date, time),
        }
    }
}

/// A zone that remembers the local date it was last asked about, with the
/// day's bounds: the agents ask the date of nearly every delivery, and
/// most fall on the day asked before.
#[derive(Clone, Debug)]
pub struct Dates {
    zone: Zone,
    /// The last day asked whose UTC offset did not change: from its
    /// midnight (inclusive) to the next (exclusive).
    day: Option<(Instant, Instant, Date)>,
}

impl Dates {
    /// The dates of `zone`, nothing remembered yet.
    pub fn new(zone: Zone) -> Dates {
        Dates { zone, day: None }
    }

    /// The zone asked about.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The local calendar date at `t`: exactly [`Zone::date`].
    pub fn date(&mut self, t: Instant) -> Date {
        if let Some((from, until, date)) = self.day {
            if from <= t && t < until {
                return date;
            }
        }
        let date = self.zone.date(t);
        // Only a day with one offset throughout is certain to read the same
        // date from midnight to midnight.
        let day = self.zone.day(date);
        self.day = day.offset.map(|_| {
            let next = self.zone.midnight(date.tomorrow().expect("date in range"));
            (day.at(LocalTime(0)), next, date)
        });
        date
    }
}

/// The instant of a zone's last offset change and the offset it has kept
/// since, if it changes no more (no daylight saving rule for the future).
fn fixed_since(tz: &TimeZone) -> Option<(i64, i64)> {
    let last = tz.preceding(Timestamp::MAX).next()?.timestamp();
    // A zone with daylight saving has changes generated to the end of
    // time: its "last" one is far beyond any run (2200 at most).
    let beyond_runs = Timestamp::from_second(7_258_118_400).expect("2200-01-01");
    if last >= beyond_runs || tz.following(last).next().is_some() {
        return None;
    }
    // Read a day after the change, clear of its edge.
    let offset = tz.to_offset(last + jiff::SignedDuration::from_hours(24));
    Some((last.as_millisecond() + 86_400_000, i64::from(offset.seconds()) * 1_000))
}

/// The IANA zone of a euro-area country (ISO 3166 alpha-2), from the IANA
/// tz database's zone1970.tab; None for a country corridor does not map.
pub fn zone_of_country(country: &str) -> Option<&'static str> {
    Some(match country {
        "AT" => "Europe/Vienna",
        "BE" => "Europe/Brussels",
        "CY" => "Asia/Nicosia",
        "DE" => "Europe/Berlin",
        "EE" => "Europe/Tallinn",
        "ES" => "Europe/Madrid",
        "FI" => "Europe/Helsinki",
        "FR" => "Europe/Paris",
        "GR" => "Europe/Athens",
        "HR" => "Europe/Zagreb",
        "IE" => "Europe/Dublin",
        "IT" => "Europe/Rome",
        "LT" => "Europe/Vilnius",
        "LU" => "Europe/Luxembourg",
        "LV" => "Europe/Riga",
        "MT" => "Europe/Malta",
        "NL" => "Europe/Amsterdam",
        "PT" => "Europe/Lisbon",
        "SI" => "Europe/Ljubljana",
        "SK" => "Europe/Bratislava",
        _ => return None,
    })
}

/// The countries [`zone_of_country`] maps, for error messages.
pub const COUNTRIES: &str = "AT, BE, CY, DE, EE, ES, FI, FR, GR, HR, IE, IT, LT, LU, LV, MT, NL, PT, SI, SK";

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn paris_evening_is_the_next_beijing_day() {
        let paris = Zone::get("Europe/Paris").unwrap();
        let t = paris.at(date(2018, 2, 14), LocalTime::hm(18, 30));
        assert_eq!(t.to_string(), "2018-02-14T17:30:00.000Z");
        assert_eq!(Zone::beijing().date(t), date(2018, 2, 15));
    }

    #[test]
    fn a_day_gives_the_instants_of_the_zones_rules_on_change_days_too() {
        for name in ["Europe/Paris", "Europe/Lisbon", "Europe/Helsinki", "Asia/Shanghai"] {
            let zone = Zone::get(name).unwrap();
            // 2018's changes (25 March, 28 October) and the days around them.
            for date in [
                date(2018, 3, 24),
                date(2018, 3, 25),
                date(2018, 3, 26),
                date(2018, 10, 28),
                date(2018, 12, 31),
            ] {
                let day = zone.day(date);
                for ms in (-1..=86_400_000)
                    .step_by(599_999)
                    .chain([86_400_000 - 1, 2 * 3_600_000 + 1_800_000])
                {
                    assert_eq!(
                        day.at(LocalTime(ms)),
                        zone.at(date, LocalTime(ms)),
                        "{name} {date} {ms}"
                    );
                }
            }
            let change_day = zone.day(date(2018, 3, 25));
            assert_eq!(change_day.offset.is_none(), name != "Asia/Shanghai", "{name}");
        }
    }

    #[test]
    fn remembered_dates_are_the_zones_dates() {
        for name in ["Europe/Paris", "Asia/Shanghai"] {
            let zone = Zone::get(name).unwrap();
            let mut dates = Dates::new(zone.clone());
            // Across 2018's spring change, forwards and back again.
            let start = zone.at(date(2018, 3, 23), LocalTime(0)).0;
            let ts = (0..200)
                .map(|i| start + i * 1_799_999)
                .chain((0..50).map(|i| start + 86_400_000 * 3 - i * 3_600_001));
            for t in ts {
                assert_eq!(dates.date(Instant(t)), zone.date(Instant(t)), "{name} {t}");
            }
        }
    }

    #[test]
    fn summer_time_moves_the_offset() {
        let paris = Zone::get("Europe/Paris").unwrap();
        // CEST (UTC+2) from the last Sunday of March 2018, 25 March.
        let t = paris.at(date(2018, 3, 26), LocalTime::hm(14, 0));
        assert_eq!(t.to_string(), "2018-03-26T12:00:00.000Z");
    }

    #[test]
    fn a_zone_without_future_changes_is_arithmetic_and_agrees_with_its_rules() {
        let bj = Zone::beijing();
        let (since, offset) = bj.fixed.expect("Asia/Shanghai keeps UTC+8 since 1991");
        assert_eq!(offset, 8 * 3_600_000);
        assert!(Zone::get("Europe/Paris").unwrap().fixed.is_none());
        let mut t = since;
        while t < 7_258_118_400_000 {
            let slow = bj.datetime(Instant(t)).date();
            assert_eq!(bj.date(Instant(t)), slow);
            let local = LocalTime(t.rem_euclid(86_400_000));
            let rules = bj
                .tz
                .to_ambiguous_timestamp(slow.to_datetime(jiff::civil::Time::midnight()))
                .compatible()
                .unwrap()
                .as_millisecond();
            assert_eq!(bj.at(slow, LocalTime(0)).0, rules);
            assert!(bj.at(slow, local).0 >= rules);
            t += 777_777_777;
        }
    }
}
