//! Scheme and market rules that changed over time, each held as a dated
//! table: periods, each with the value in force and the document that says
//! so. A date no period covers is refused, never guessed, the way the CN
//! calendar refuses a year without a State Council notice: scenario
//! validation asks each table a run needs about every day the run reaches,
//! and an agent that still meets an uncovered date reports a broken
//! invariant. The TARGET2 closing days and China's bank holidays are dated
//! the same way, in `calendar`; the reason-code lists in `reason`.

use std::fmt;

use jiff::civil::date;

use super::Date;

/// One period of a rule: in force from `from` until the day before `until`
/// (None: until its source changes it), with the document that says so.
#[derive(Debug)]
pub struct Period<T: 'static> {
    /// The first day the value is in force.
    pub from: Date,
    /// The first day it no longer is; None while the source stands.
    pub until: Option<Date>,
    /// What the rule says in this period.
    pub value: T,
    /// The regulation, rulebook or notice, with its id, version and date.
    pub source: &'static str,
}

/// A rule that changed over time: contiguous periods in date order.
#[derive(Debug)]
pub struct Rule<T: 'static> {
    /// What the rule is, for messages: "the SCT Inst maximum amount".
    pub name: &'static str,
    /// Its periods, contiguous, oldest first.
    pub periods: &'static [Period<T>],
    /// What a user can do about a date outside the periods, for messages.
    pub otherwise: &'static str,
}

/// A date a rule's table does not cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsourced {
    /// The rule's name.
    pub rule: &'static str,
    /// The date asked about.
    pub date: Date,
    /// The first day the table covers.
    pub first: Date,
    /// The first day after it, None if the last period stands.
    pub until: Option<Date>,
    /// What a user can do.
    pub otherwise: &'static str,
}

impl fmt::Display for Unsourced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let covers = match self.until {
            Some(u) => format!("from {} to {}", self.first, u.yesterday().expect("in range")),
            None => format!("from {}", self.first),
        };
        write!(
            f,
            "no sourced rule for {} on {}: corridor's table covers {covers}. {}",
            self.rule, self.date, self.otherwise
        )
    }
}

impl std::error::Error for Unsourced {}

impl<T> Rule<T> {
    /// The period in force on `d`, or the error naming what the table covers.
    pub fn period(&self, d: Date) -> Result<&'static Period<T>, Unsourced> {
        let periods: &'static [Period<T>] = self.periods;
        periods
            .iter()
            .find(|p| p.from <= d && p.until.is_none_or(|u| d < u))
            .ok_or_else(|| self.unsourced(d))
    }

    /// The value in force on `d`.
    pub fn on(&self, d: Date) -> Result<&'static T, Unsourced> {
        self.period(d).map(|p| &p.value)
    }

    /// Ok when every day from `from` to `to` (inclusive) is covered; else the
    /// error for the first day that is not. The periods are contiguous, so
    /// the two ends decide.
    pub fn covers(&self, from: Date, to: Date) -> Result<(), Unsourced> {
        self.period(from)?;
        self.period(to.max(from))?;
        Ok(())
    }

    fn unsourced(&self, d: Date) -> Unsourced {
        Unsourced {
            rule: self.name,
            date: d,
            first: self.periods.first().map_or(d, |p| p.from),
            until: self.periods.last().and_then(|p| p.until),
            otherwise: self.otherwise,
        }
    }
}

/// The SCT Inst scheme's maximum amount per instruction, in whole EUR; None:
/// the scheme sets none (payment service users may set their own limits).
/// Before the scheme's launch, and after the last rulebook corridor has, no
/// value is sourced. `[acquirer] inst_cap` overrides it.
pub static SCT_INST_MAXIMUM: Rule<Option<i64>> = Rule {
    name: "the SCT Inst maximum amount",
    periods: &[
        Period {
            from: date(2017, 11, 21),
            until: Some(date(2020, 7, 1)),
            value: Some(15_000),
            // The scheme's launch; the maximum was kept in a separate EPC
            // document so that it could change between rulebook versions.
            source: "EPC004-16 2017 SCT Inst rulebook v1.1, in force 21 November 2017, and EPC023-16 \
                     (maximum amount per SCT Inst instruction): EUR 15,000",
        },
        Period {
            from: date(2020, 7, 1),
            until: Some(date(2025, 10, 5)),
            value: Some(100_000),
            source: "EPC023-16 under the 2019 SCT Inst rulebook (v1.0, in force 17 November 2019): \
                     EUR 100,000 from 1 July 2020, kept by the 2021 rulebook (v1.0, 21 November 2021) \
                     and the 2023 rulebook (v1.2, 19 November 2023 to 5 October 2025)",
        },
        Period {
            from: date(2025, 10, 5),
            until: Some(date(2027, 11, 21)),
            value: None,
            // The rulebook took effect at 03:30 CET; payout runs are later in
            // the day, so a date is precise enough.
            source: "EPC004-16 2025 SCT Inst rulebook v1.0, in force 5 October 2025 03:30 CET and \
                     applicable up to 21 November 2027 03:30 CET: no scheme maximum, in line with \
                     Regulation (EU) 2024/886 (Instant Payments Regulation; euro-area PSPs send \
                     instant credit transfers from 9 October 2025)",
        },
    ],
    otherwise: "SCT Inst started on 21 November 2017; for a later date, give the cap yourself with \
                [acquirer] inst_cap (\"100000 EUR\")",
};

/// Business days after the day an SCT is sent by which it must be credited
/// to the payee's bank (the acquirer credits merchants at that value date).
pub static SCT_EXECUTION_DAYS: Rule<u32> = Rule {
    name: "the SCT maximum execution time",
    periods: &[Period {
        from: date(2012, 1, 1),
        until: None,
        value: 1,
        source: "Directive 2007/64/EC (PSD) Art. 69(1): credited by the end of the next business day; \
                 until 1 January 2012 payer and bank could agree up to three. Directive (EU) 2015/2366 \
                 (PSD2) Art. 83(1) keeps D+1",
    }],
    otherwise: "corridor credits SCT payouts the next business day, the rule from 1 January 2012; \
                before it a bank could take up to three business days",
};

/// Inter-bank business days before its due date by which an SDD Core
/// collection must reach the debtor's bank: the acquirer sends a direct
/// debit that many TARGET2 days before it settles.
pub static SDD_CORE_PRESENTATION_DAYS: Rule<u32> = Rule {
    name: "the SDD Core presentation time",
    periods: &[Period {
        from: date(2016, 11, 20),
        until: None,
        value: 1,
        source: "EPC016-06 SDD Core rulebook v9.0, in force 20 November 2016 (published 26 January \
                 2015): every collection at least one inter-bank business day before its due date; \
                 before, a first or one-off collection needed five and a recurrent one two",
    }],
    otherwise: "corridor collects merchants by SDD Core one TARGET2 day ahead, the timeline from \
                20 November 2016",
};

/// The Beijing cut-off of China's large-value payment system (HVPS), the
/// default `[settlement_bank] cutoff`, as (hour, minute).
pub static HVPS_CUTOFF: Rule<(i64, i64)> = Rule {
    name: "the HVPS cut-off",
    periods: &[Period {
        from: date(2018, 1, 22),
        until: None,
        value: (17, 15),
        source: "People's Bank of China: HVPS runs 5x21 hours from 22 January 2018, business \
                 accepted from the evening before, cut-off 17:15 (shared/domain.md)",
    }],
    otherwise: "Give the settlement bank's cut-off yourself with [settlement_bank] cutoff (\"17:15\")",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn contiguous<T>(r: &Rule<T>) {
        for w in r.periods.windows(2) {
            assert_eq!(w[0].until, Some(w[1].from), "{} is contiguous", r.name);
        }
        for p in r.periods {
            assert!(p.until.is_none_or(|u| p.from < u), "{} periods are not empty", r.name);
        }
    }

    #[test]
    fn tables_are_contiguous() {
        contiguous(&SCT_INST_MAXIMUM);
        contiguous(&SCT_EXECUTION_DAYS);
        contiguous(&SDD_CORE_PRESENTATION_DAYS);
        contiguous(&HVPS_CUTOFF);
    }

    #[test]
    fn the_inst_maximum_follows_the_rulebooks() {
        let on = |y, m, d| SCT_INST_MAXIMUM.on(date(y, m, d)).copied();
        assert_eq!(on(2017, 11, 21), Ok(Some(15_000)));
        assert_eq!(on(2020, 6, 30), Ok(Some(15_000)));
        assert_eq!(on(2020, 7, 1), Ok(Some(100_000)));
        assert_eq!(on(2025, 10, 4), Ok(Some(100_000)));
        assert_eq!(on(2025, 10, 5), Ok(None));
        assert_eq!(on(2027, 11, 20), Ok(None));
        assert!(on(2017, 11, 20).is_err());
        assert!(on(2027, 11, 21).is_err());
    }

    #[test]
    fn an_uncovered_date_names_the_table_and_the_way_out() {
        let e = SCT_INST_MAXIMUM.on(date(2028, 1, 9)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no sourced rule for the SCT Inst maximum amount on 2028-01-09: corridor's table covers \
             from 2017-11-21 to 2027-11-20. SCT Inst started on 21 November 2017; for a later date, \
             give the cap yourself with [acquirer] inst_cap (\"100000 EUR\")"
        );
        assert!(SCT_EXECUTION_DAYS.covers(date(2011, 12, 30), date(2012, 1, 2)).is_err());
        assert!(SCT_EXECUTION_DAYS.covers(date(2012, 1, 1), date(2099, 1, 2)).is_ok());
    }
}
