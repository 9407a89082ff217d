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
    fn summer_time_moves_the_offset() {
        let paris = Zone::get("Europe/Paris").unwrap();
        // CEST (UTC+2) from the last Sunday of March 2018, 25 March.
        let t = paris.at(date(2018, 3, 26), LocalTime::hm(14, 0));
        assert_eq!(t.to_string(), "2018-03-26T12:00:00.000Z");
    }
}
