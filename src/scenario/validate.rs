//! Raw TOML to the model, in one pass that collects every problem with its
//! span. Past this step nothing sees a string where a `Money`, a `Date` or a
//! `Calendar` belongs. Defaults are the corridor of shared/domain.md.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::model::*;
use super::raw::*;
use super::values::{self, Parsed};
use crate::domain::Date;
use crate::domain::calendar::{BUILTINS, Calendar};
use crate::domain::fx::{FxPath, Shock, carry_forward};
use crate::domain::money::Money;
use crate::domain::sampling::{LogUniform, Poisson};
use crate::domain::zone::{COUNTRIES, Zone, zone_of_country};
use crate::engine::Stream;

/// One thing wrong in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub key: String,
    pub message: String,
}

/// Reads a file named in the scenario (an FX table), relative to it.
pub type ReadRelative<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Limits that keep a run bounded; a scenario asking for more is refused.
pub const MAX_CARDHOLDERS: i64 = 5_000_000;
pub const MAX_MERCHANTS: i64 = 1_000_000;
pub const MAX_DAYS: i64 = 366;

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            span,
            key: key.to_string(),
            message: message.into(),
        });
    }

    /// Parses an optional text value, or takes the default (which is itself
    /// written in the file syntax, so defaults and files read the same way).
    fn text<T>(
        &mut self,
        v: &Option<Spanned<Text>>,
        key: &str,
        default: &str,
        parse: fn(&str) -> Parsed<T>,
    ) -> Option<T> {
        match v {
            Some(s) => match parse(&s.get_ref().0) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.fail(s.span(), key, e);
                    None
                }
            },
            None => Some(parse(default).expect("default values parse")),
        }
    }

    /// Refuses a range whose top exceeds `max` (a limit on the run's work).
    fn at_most<T: PartialOrd + Copy>(
        &mut self,
        v: Option<(T, T)>,
        max: T,
        raw: &Option<Spanned<Text>>,
        key: &str,
        limit: &str,
    ) -> Option<(T, T)> {
        let (lo, hi) = v?;
        if hi > max {
            self.fail(raw.as_ref().map_or(0..0, |s| s.span()), key, format!("at most {limit}"));
            return None;
        }
        Some((lo, hi))
    }

    fn int(&mut self, v: &Option<Spanned<i64>>, key: &str, default: i64, min: i64, max: i64) -> u32 {
        match v {
            Some(s) => {
                let n = *s.get_ref();
                if n < min || n > max {
                    self.fail(s.span(), key, format!("{n} is out of range: use {min} to {max}"));
                    min as u32
                } else {
                    n as u32
                }
            }
            None => default as u32,
        }
    }

    fn string(v: &Option<Spanned<String>>, default: &str) -> String {
        v.as_ref().map_or_else(|| default.to_string(), |s| s.get_ref().clone())
    }

    fn date(&mut self, v: &Spanned<DateText>, key: &str) -> Option<Date> {
        match values::date(&v.get_ref().0) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(v.span(), key, e);
                None
            }
        }
    }
}

/// Builds the model, or returns every problem found.
pub fn validate(raw: &RawFile, read: ReadRelative<'_>) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker { problems: Vec::new() };
    let Some(sc) = &raw.scenario else {
        c.fail(
            0..0,
            "scenario",
            "missing [scenario] table: a scenario needs at least name, seed, start and days",
        );
        return Err(c.problems);
    };
    let s = sc.get_ref();
    for (field, present) in [
        ("name", s.name.is_some()),
        ("seed", s.seed.is_some()),
        ("start", s.start.is_some()),
        ("days", s.days.is_some()),
    ] {
        if !present {
            c.fail(
                sc.span(),
                &format!("scenario.{field}"),
                format!("missing key `{field}` in [scenario]"),
            );
        }
    }
    let start = s.start.as_ref().and_then(|d| c.date(d, "scenario.start"));
    let days = c.int(&s.days, "scenario.days", 1, 1, MAX_DAYS);
    let drain_days = c.int(&s.drain_days, "scenario.drain_days", 21, 0, MAX_DAYS);

    let calendars = calendars(&mut c, raw);
    let find_calendar = |c: &mut Checker, v: &Option<Spanned<String>>, key: &str, default: &str| -> Option<Calendar> {
        let name = Checker::string(v, default);
        match calendars.get(&name) {
            Some(cal) => Some(cal.clone()),
            None => {
                let known: Vec<&str> = calendars.keys().map(String::as_str).collect();
                c.fail(
                    v.as_ref().map_or(0..0, |s| s.span()),
                    key,
                    format!("no calendar named `{name}`: use one of {}", known.join(", ")),
                );
                None
            }
        }
    };

    let issuer = issuer(&mut c, raw.issuer.as_ref());
    let switch = switch(&mut c, raw.switch.as_ref());
    let bank = raw.settlement_bank.as_ref();
    let bank_calendar = find_calendar(
        &mut c,
        &bank.and_then(|b| b.calendar.clone()),
        "settlement_bank.calendar",
        "CN",
    );
    let acq = raw.acquirer.as_ref();
    let acq_calendar = find_calendar(
        &mut c,
        &acq.and_then(|a| a.calendar.clone()),
        "acquirer.calendar",
        "TARGET2",
    );
    let settlement_bank = settlement_bank(&mut c, bank, bank_calendar);
    let acquirer = acquirer(&mut c, acq, acq_calendar);
    let cardholders = cardholders(&mut c, raw.cardholders.as_ref());
    let tiers = tiers(&mut c, &raw.tiers);
    let merchants = merchants(&mut c, &raw.merchants, &tiers);
    let notes = notes(&mut c, &raw.notes);
    unsupported(&mut c, raw);

    let (Some(start), Some(name), Some(seed)) = (start, s.name.as_ref(), s.seed.as_ref()) else {
        return Err(c.problems);
    };
    let seed = *seed.get_ref();
    let end = add_days(add_days(start, i64::from(days) + i64::from(drain_days)), 1);
    let first = merchants.iter().filter_map(|g| g.joins).fold(start, Date::min);
    let fx = fx(&mut c, raw.fx.as_ref(), seed, add_days(first, -1), end, read);
    // Value dates and business-day searches can reach past the horizon: a
    // month of margin keeps every calendar question answerable in the run.
    let through = add_days(end, 31);
    if let Some(bank) = &settlement_bank {
        let span = bank_raw_span(raw.settlement_bank.as_ref(), sc.span());
        covered(
            &mut c,
            &bank.calendar,
            add_days(first, -1),
            through,
            span,
            "settlement_bank.calendar",
        );
    }
    if let Some(acq) = &acquirer {
        let span = raw
            .acquirer
            .as_ref()
            .and_then(|a| a.calendar.as_ref())
            .map_or(sc.span(), |s| s.span());
        covered(
            &mut c,
            &acq.calendar,
            add_days(first, -1),
            through,
            span,
            "acquirer.calendar",
        );
    }

    match (fx, cardholders, issuer, switch, settlement_bank, acquirer) {
        (Some(fx), Some(cardholders), Some(issuer), Some(switch), Some(settlement_bank), Some(acquirer))
            if c.problems.is_empty() =>
        {
            Ok(Scenario {
                name: name.get_ref().clone(),
                summary: Checker::string(&s.summary, ""),
                seed,
                start,
                days,
                drain_days,
                fx,
                cardholders,
                merchants,
                tiers,
                issuer,
                switch,
                settlement_bank,
                acquirer,
                notes,
            })
        }
        _ => Err(c.problems),
    }
}

fn bank_raw_span(bank: Option<&RawSettlementBank>, fallback: Range<usize>) -> Range<usize> {
    bank.and_then(|b| b.calendar.as_ref()).map_or(fallback, |s| s.span())
}

/// Fails once if the calendar cannot answer for a day of the run.
fn covered(c: &mut Checker, cal: &Calendar, from: Date, to: Date, span: Range<usize>, key: &str) {
    let mut d = from;
    while d <= to {
        if let Err(e) = cal.day_kind(d) {
            c.fail(span, key, e.to_string());
            return;
        }
        d = add_days(d, 1);
    }
}

fn calendars(c: &mut Checker, raw: &RawFile) -> BTreeMap<String, Calendar> {
    let mut out: BTreeMap<String, Calendar> = BUILTINS
        .iter()
        .map(|n| (n.to_string(), Calendar::builtin(n).expect("builtin")))
        .collect();
    // Custom calendars may extend each other in any order: resolve in rounds.
    let mut pending: Vec<(&String, &Spanned<RawCalendar>)> = raw.calendars.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|(name, cal)| {
            let parent = Checker::string(&cal.get_ref().extends, "WEEKENDS");
            let Some(base) = out.get(&parent).cloned() else {
                return true;
            };
            let key = format!("calendars.{name}");
            let holidays: Vec<Date> = cal
                .get_ref()
                .holidays
                .iter()
                .filter_map(|d| c.date(d, &format!("{key}.holidays")))
                .collect();
            let workdays: Vec<Date> = cal
                .get_ref()
                .workdays
                .iter()
                .filter_map(|d| c.date(d, &format!("{key}.workdays")))
                .collect();
            out.insert(name.to_string(), Calendar::extend(&base, name, holidays, workdays));
            false
        });
        if pending.len() == before {
            for (name, cal) in pending {
                let parent = Checker::string(&cal.get_ref().extends, "WEEKENDS");
                c.fail(
                    cal.span(),
                    &format!("calendars.{name}.extends"),
                    format!(
                        "`{parent}` is not a calendar (or the calendars extend each other in a loop): extend one of {}",
                        BUILTINS.join(", ")
                    ),
                );
            }
            break;
        }
    }
    out
}

fn issuer(c: &mut Checker, r: Option<&RawIssuer>) -> Option<Issuer> {
    let none = RawIssuer {
        name: None,
        limit_per_payment: None,
        limit_per_day: None,
        risk_decline: None,
    };
    let r = r.unwrap_or(&none);
    let limit_per_payment = c.text(
        &r.limit_per_payment,
        "issuer.limit_per_payment",
        "50000 CNY",
        values::money,
    );
    let limit_per_day = c.text(&r.limit_per_day, "issuer.limit_per_day", "100000 CNY", values::money);
    let risk_decline = c.text(&r.risk_decline, "issuer.risk_decline", "0.2%", values::probability);
    Some(Issuer {
        name: Checker::string(&r.name, "Tenpay"),
        // Wallet limits quoted by acquirers (domain brief, Limits).
        limit_per_payment: limit_per_payment?,
        limit_per_day: limit_per_day?,
        risk_decline: risk_decline?,
    })
}

fn switch(c: &mut Checker, r: Option<&RawSwitch>) -> Option<Switch> {
    let none = RawSwitch {
        name: None,
        cutoff: None,
        fx_markup: None,
        scheme_fee: None,
        latency: None,
        convert: None,
        convert_at: None,
    };
    let r = r.unwrap_or(&none);
    let convert = match r.convert.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("daily", _)) => Some(ConvertMode::Daily),
        Some(("at_remittance", _)) => Some(ConvertMode::AtRemittance),
        Some((other, span)) => {
            c.fail(
                span,
                "switch.convert",
                format!("`{other}` is not a conversion mode: use \"daily\" or \"at_remittance\""),
            );
            None
        }
    };
    let latency = c.text(&r.latency, "switch.latency", "100ms..900ms", values::duration_range);
    let cutoff = c.text(&r.cutoff, "switch.cutoff", "00:00", values::local_time);
    let fx_markup = c.text(&r.fx_markup, "switch.fx_markup", "0%", values::share);
    let scheme_fee = c.text(&r.scheme_fee, "switch.scheme_fee", "0.6%", values::probability);
    let latency = c.at_most(
        latency,
        crate::engine::Duration::from_mins(10),
        &r.latency,
        "switch.latency",
        "10m per hop",
    );
    let convert_at = c.text(&r.convert_at, "switch.convert_at", "09:00", values::local_time);
    Some(Switch {
        name: Checker::string(&r.name, "WeChat Pay"),
        cutoff: cutoff?,
        fx_markup: fx_markup?,
        scheme_fee: scheme_fee?,
        latency: latency?,
        convert: convert?,
        convert_at: convert_at?,
    })
}

fn settlement_bank(
    c: &mut Checker,
    r: Option<&RawSettlementBank>,
    calendar: Option<Calendar>,
) -> Option<SettlementBank> {
    let none = RawSettlementBank {
        name: None,
        calendar: None,
        remit_at: None,
        cutoff: None,
        minimum: None,
        approval: None,
        approval_reject: None,
        fx_spread: None,
        transit: None,
    };
    let r = r.unwrap_or(&none);
    let approval = match &r.approval {
        Some(s) if s.get_ref().0 == "none" => Some(None),
        other => c
            .text(other, "settlement_bank.approval", "1h..4h", values::duration_range)
            .map(Some),
    };
    let minimum = c.text(&r.minimum, "settlement_bank.minimum", "650 EUR", values::money);
    if let (Some(m), Some(s)) = (minimum, &r.minimum) {
        if m.currency != crate::domain::money::Currency::EUR {
            c.fail(
                s.span(),
                "settlement_bank.minimum",
                format!("`{m}`: the EUR pool's minimum is in EUR (USD 800 is about 650 EUR at 2018 rates)"),
            );
        }
    }
    let transit = c.text(&r.transit, "settlement_bank.transit", "1..3", values::count_range);
    if let (Some((lo, _)), Some(s)) = (transit, &r.transit) {
        if lo == 0 {
            c.fail(
                s.span(),
                "settlement_bank.transit",
                "transit is at least 1 business day: the value date is after the send date",
            );
        }
    }
    let remit_at = c.text(&r.remit_at, "settlement_bank.remit_at", "10:00", values::local_time);
    let cutoff = c.text(&r.cutoff, "settlement_bank.cutoff", "17:15", values::local_time);
    let approval_reject = c.text(
        &r.approval_reject,
        "settlement_bank.approval_reject",
        "0%",
        values::probability,
    );
    let fx_spread = c.text(&r.fx_spread, "settlement_bank.fx_spread", "0.1%", values::share);
    let transit_days = c.at_most(transit, 30, &r.transit, "settlement_bank.transit", "30 business days");
    Some(SettlementBank {
        name: Checker::string(&r.name, "Partner Bank"),
        calendar: calendar?,
        remit_at: remit_at?,
        // HVPS's cut-off (domain brief: 5x21 hours, cut-off 17:15).
        cutoff: cutoff?,
        minimum: minimum?,
        approval: approval?,
        approval_reject: approval_reject?,
        fx_spread: fx_spread?,
        transit_days: transit_days?,
    })
}

fn acquirer(c: &mut Checker, r: Option<&RawAcquirer>, calendar: Option<Calendar>) -> Option<Acquirer> {
    let none = RawAcquirer {
        name: None,
        timezone: None,
        calendar: None,
        payout_at: None,
        scheme: None,
        kyc_days: None,
        value_time: None,
        inst_cap: None,
        inst_latency: None,
    };
    let r = r.unwrap_or(&none);
    let zone_name = Checker::string(&r.timezone, "Europe/Luxembourg");
    let zone = Zone::get(&zone_name);
    if zone.is_none() {
        c.fail(
            r.timezone.as_ref().map_or(0..0, |s| s.span()),
            "acquirer.timezone",
            format!("`{zone_name}` is not an IANA time zone: write it like \"Europe/Luxembourg\""),
        );
    }
    let scheme = match r.scheme.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("SCT", _)) => Some(Scheme::Sct),
        Some(("SCT_INST", _)) => Some(Scheme::SctInst),
        Some((other, span)) => {
            c.fail(
                span,
                "acquirer.scheme",
                format!("`{other}` is not a payout scheme: use \"SCT\" or \"SCT_INST\""),
            );
            None
        }
    };
    let inst_cap = match &r.inst_cap {
        None => Some(None),
        some => c.text(some, "acquirer.inst_cap", "0 EUR", values::money).map(Some),
    };
    let kyc_days = c.text(&r.kyc_days, "acquirer.kyc_days", "1..3", values::count_range);
    let payout_at = c.text(&r.payout_at, "acquirer.payout_at", "14:00", values::local_time);
    let kyc_days = c.at_most(kyc_days, 60, &r.kyc_days, "acquirer.kyc_days", "60 days");
    let value_time = c.text(&r.value_time, "acquirer.value_time", "07:00", values::local_time);
    let inst_latency = c.text(
        &r.inst_latency,
        "acquirer.inst_latency",
        "1s..10s",
        values::duration_range,
    );
    Some(Acquirer {
        name: Checker::string(&r.name, "Euro Acquiring"),
        zone: zone?,
        calendar: calendar?,
        payout_at: payout_at?,
        scheme: scheme?,
        kyc_days: kyc_days?,
        // TARGET2's day-trade phase opens at 07:00 CET.
        value_time: value_time?,
        inst_cap: inst_cap?,
        // SCT Inst: funds available to the payee within 10 seconds.
        inst_latency: inst_latency?,
    })
}

fn cardholders(c: &mut Checker, r: Option<&RawCardholders>) -> Option<Cardholders> {
    let none = RawCardholders {
        count: None,
        wallet: None,
        purchases_per_day: None,
        ticket: None,
        active_hours: None,
    };
    let r = r.unwrap_or(&none);
    let count = c.int(&r.count, "cardholders.count", 2000, 0, MAX_CARDHOLDERS);
    let wallet = c.text(&r.wallet, "cardholders.wallet", "500..20000 CNY", values::money_range);
    let ticket = c.text(&r.ticket, "cardholders.ticket", "15..1500 EUR", values::money_range);
    if let (Some((lo, _)), Some(s)) = (ticket, &r.ticket) {
        if lo.currency != crate::domain::money::Currency::EUR {
            c.fail(
                s.span(),
                "cardholders.ticket",
                "merchants price in EUR: write the ticket range in EUR, like \"15..1500 EUR\"",
            );
        }
    }
    if let (Some((lo, _)), Some(s)) = (wallet, &r.wallet) {
        if lo.currency != crate::domain::money::Currency::CNY {
            c.fail(
                s.span(),
                "cardholders.wallet",
                "wallets hold CNY: write the range in CNY, like \"500..20000 CNY\"",
            );
        }
    }
    let per_day = match &r.purchases_per_day {
        None => Some(Decimal::new(8, 1)),
        Some(s) => match Decimal::from_str_exact(&s.get_ref().0) {
            Ok(d) if d >= Decimal::ZERO && d <= Decimal::from(50) => Some(d),
            _ => {
                c.fail(
                    s.span(),
                    "cardholders.purchases_per_day",
                    format!(
                        "`{}` is not a rate of purchases: use a number from 0 to 50",
                        s.get_ref().0
                    ),
                );
                None
            }
        },
    };
    let (active_from, active_to) = c.text(
        &r.active_hours,
        "cardholders.active_hours",
        "09:00..21:00",
        values::local_window,
    )?;
    let (wallet, ticket) = (wallet?, ticket?);
    Some(Cardholders {
        count,
        wallet: LogUniform::new(wallet.0, wallet.1),
        purchases_per_day: Poisson::new(per_day?),
        ticket: LogUniform::new(ticket.0, ticket.1),
        active_from,
        active_to,
    })
}

fn tiers(c: &mut Checker, raw: &BTreeMap<String, Spanned<RawTier>>) -> BTreeMap<String, Tier> {
    let mut out = BTreeMap::new();
    // The default tier: daily payouts, no minimum, the top of the 1.0-1.5%
    // MDR the domain brief quotes.
    out.insert(
        "standard".to_string(),
        Tier {
            payout: PayoutSchedule::Daily,
            minimum: Money::zero(crate::domain::money::Currency::EUR),
            mdr: Decimal::new(15, 3),
        },
    );
    for (name, t) in raw {
        let key = format!("tiers.{name}");
        let r = t.get_ref();
        let payout = match &r.payout {
            None => Some(PayoutSchedule::Daily),
            Some(s) => match payout_schedule(s.get_ref()) {
                Ok(p) => Some(p),
                Err(e) => {
                    c.fail(s.span(), &format!("{key}.payout"), e);
                    None
                }
            },
        };
        let minimum = c.text(&r.minimum, &format!("{key}.minimum"), "0 EUR", values::money);
        let mdr = c.text(&r.mdr, &format!("{key}.mdr"), "1.5%", values::probability);
        if let (Some(payout), Some(minimum), Some(mdr)) = (payout, minimum, mdr) {
            out.insert(name.clone(), Tier { payout, minimum, mdr });
        }
    }
    out
}

fn payout_schedule(s: &str) -> Result<PayoutSchedule, String> {
    use jiff::civil::Weekday::*;
    let bad = || {
        format!(
            "`{s}` is not a payout schedule: use \"daily\", \"weekly:Mon\" (any weekday Mon..Sun) or \"monthly:1\" (a day 1 to 28)"
        )
    };
    match s.split_once(':') {
        None if s == "daily" => Ok(PayoutSchedule::Daily),
        Some(("weekly", day)) => Ok(PayoutSchedule::Weekly(match day {
            "Mon" => Monday,
            "Tue" => Tuesday,
            "Wed" => Wednesday,
            "Thu" => Thursday,
            "Fri" => Friday,
            "Sat" => Saturday,
            "Sun" => Sunday,
            _ => return Err(bad()),
        })),
        Some(("monthly", day)) => match day.parse::<i8>() {
            Ok(d) if (1..=28).contains(&d) => Ok(PayoutSchedule::Monthly(d)),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

fn merchants(c: &mut Checker, raw: &[Spanned<RawMerchants>], tiers: &BTreeMap<String, Tier>) -> Vec<MerchantGroup> {
    if raw.is_empty() {
        return vec![MerchantGroup {
            name: "paris-boutiques".into(),
            count: 10,
            country: "FR".into(),
            zone: Zone::get("Europe/Paris").expect("tzdb"),
            tier: "standard".into(),
            weight: 1,
            kyc: Kyc::Pass,
            joins: None,
        }];
    }
    let mut out: Vec<MerchantGroup> = Vec::new();
    for m in raw {
        let r = m.get_ref();
        let Some(name) = &r.name else {
            c.fail(
                m.span(),
                "merchants.name",
                "missing key `name` in [[merchants]]: each group needs a name",
            );
            continue;
        };
        let key = |k: &str| format!("merchants.{k}");
        if name.get_ref().is_empty()
            || name.get_ref().contains(['/', '"', '\\'])
            || out.iter().any(|g| &g.name == name.get_ref())
        {
            c.fail(
                name.span(),
                &key("name"),
                format!(
                    "`{}` cannot name a merchant group: names are unique, non-empty and have no / or quotes",
                    name.get_ref()
                ),
            );
        }
        let country = Checker::string(&r.country, "FR");
        let zone_name = match (&r.timezone, zone_of_country(&country)) {
            (Some(tz), _) => Some(tz.get_ref().clone()),
            (None, Some(z)) => Some(z.to_string()),
            (None, None) => {
                c.fail(r.country.as_ref().map_or(m.span(), |s| s.span()), &key("country"), format!("`{country}` is not a euro-area country corridor maps to a time zone: use one of {COUNTRIES}, or set timezone"));
                None
            }
        };
        let zone = zone_name.and_then(|z| {
            let zone = Zone::get(&z);
            if zone.is_none() {
                c.fail(
                    r.timezone.as_ref().map_or(m.span(), |s| s.span()),
                    &key("timezone"),
                    format!("`{z}` is not an IANA time zone: write it like \"Europe/Paris\""),
                );
            }
            zone
        });
        let tier = Checker::string(&r.tier, "standard");
        if !tiers.contains_key(&tier) {
            let known: Vec<&str> = tiers.keys().map(String::as_str).collect();
            c.fail(
                r.tier.as_ref().map_or(m.span(), |s| s.span()),
                &key("tier"),
                format!("no tier named `{tier}`: use one of {}", known.join(", ")),
            );
        }
        let kyc = match r.kyc.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
            None | Some(("pass", _)) => Kyc::Pass,
            Some(("fail", _)) => Kyc::Fail,
            Some((other, span)) => {
                c.fail(
                    span,
                    &key("kyc"),
                    format!("`{other}` is not a KYC outcome: use \"pass\" or \"fail\""),
                );
                Kyc::Pass
            }
        };
        let joins = r.joins.as_ref().and_then(|d| c.date(d, &key("joins")));
        let count = c.int(&r.count, &key("count"), 1, 1, MAX_MERCHANTS);
        let weight = c.int(&r.weight, &key("weight"), 1, 0, 1_000_000);
        if let Some(zone) = zone {
            out.push(MerchantGroup {
                name: name.get_ref().clone(),
                count,
                country,
                zone,
                tier,
                weight,
                kyc,
                joins,
            });
        }
    }
    if !out.is_empty() && out.iter().all(|g| g.weight == 0) {
        c.fail(
            raw[0].span(),
            "merchants.weight",
            "every merchant group has weight 0: at least one must take purchases",
        );
    }
    out
}

fn notes(c: &mut Checker, raw: &[Spanned<RawNote>]) -> Vec<Note> {
    let mut out = Vec::new();
    for n in raw {
        let r = n.get_ref();
        let (Some(at), Some(text)) = (&r.at, &r.text) else {
            c.fail(n.span(), "notes", "a note needs `at` (an instant) and `text`");
            continue;
        };
        match values::instant(&at.get_ref().0) {
            Ok(t) => out.push(Note {
                at: t,
                text: text.get_ref().clone(),
            }),
            Err(e) => c.fail(at.span(), "notes.at", e),
        }
    }
    out.sort_by_key(|n| n.at);
    out
}

fn fx(c: &mut Checker, r: Option<&RawFx>, seed: u64, from: Date, to: Date, read: ReadRelative<'_>) -> Option<Fx> {
    let none = RawFx {
        pair: None,
        open: None,
        volatility: None,
        table: None,
        shocks: Vec::new(),
    };
    let r = r.unwrap_or(&none);
    let pair = Checker::string(&r.pair, "EUR/CNY");
    if pair != "EUR/CNY" {
        c.fail(
            r.pair.as_ref().map_or(0..0, |s| s.span()),
            "fx.pair",
            format!("`{pair}` is not a pair this corridor prices: use \"EUR/CNY\" (the price of 1 EUR in CNY)"),
        );
    }
    let mut shocks = Vec::new();
    for s in &r.shocks {
        let (Some(at), Some(mv)) = (&s.get_ref().at, &s.get_ref().move_) else {
            c.fail(
                s.span(),
                "fx.shocks",
                "a shock needs `at` (an instant) and `move` (a percentage)",
            );
            continue;
        };
        match (values::instant(&at.get_ref().0), values::share(&mv.get_ref().0)) {
            (Ok(at), Ok(move_share)) if move_share > -Decimal::ONE => shocks.push(Shock { at, move_share }),
            (Err(e), _) => c.fail(at.span(), "fx.shocks.at", e),
            (_, Err(e)) => c.fail(mv.span(), "fx.shocks.move", e),
            _ => c.fail(
                mv.span(),
                "fx.shocks.move",
                "a move of -100% or less would make the euro worthless",
            ),
        }
    }
    let bj = Zone::beijing();
    if let Some(table) = &r.table {
        if r.open.is_some() || r.volatility.is_some() {
            c.fail(
                table.span(),
                "fx.table",
                "give either `table` (fixed rates) or `open` and `volatility` (a seeded path), not both",
            );
        }
        let text = match read(table.get_ref()) {
            Ok(t) => t,
            Err(e) => {
                c.fail(table.span(), "fx.table", e);
                return None;
            }
        };
        let rates = match parse_rate_table(&text) {
            Ok(r) => r,
            Err(e) => {
                c.fail(table.span(), "fx.table", format!("{}: {e}", table.get_ref()));
                return None;
            }
        };
        let daily = match carry_forward(&rates, from, to) {
            Ok(d) => d,
            Err(d) => {
                c.fail(
                    table.span(),
                    "fx.table",
                    format!(
                        "{} has no rate on or before {d}, the day before the first purchase day",
                        table.get_ref()
                    ),
                );
                return None;
            }
        };
        return Some(Fx {
            pair,
            source: format!("table {}", table.get_ref()),
            path: FxPath::from_daily(&daily, &bj, &shocks),
        });
    }
    // Default open: the ECB reference rate of 21 February 2018 (domain brief);
    // volatility: realised EUR/CNY volatility of 2018, 6.5% a year.
    let open = c.text(&r.open, "fx.open", "7.8112", values::rate)?;
    let vol = c.text(&r.volatility, "fx.volatility", "6.5%", values::probability)?;
    let mut stream = Stream::derive(seed, "market", "fx");
    let daily = FxPath::seeded_daily(open, vol, from, to, &mut stream);
    Some(Fx {
        pair,
        source: format!(
            "seeded path from {open}, volatility {}%",
            (vol * Decimal::ONE_HUNDRED).normalize()
        ),
        path: FxPath::from_daily(&daily, &bj, &shocks),
    })
}

/// `date,rate` lines (a header line and further columns are allowed, as in
/// the ECB's files).
pub fn parse_rate_table(text: &str) -> Result<BTreeMap<Date, Decimal>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split(',');
        let (d, r) = (cols.next().unwrap_or("").trim(), cols.next().unwrap_or("").trim());
        let Ok(date) = d.parse::<Date>() else {
            if i == 0 {
                continue; // a header
            }
            return Err(format!("line {}: `{d}` is not a date like 2018-02-12", i + 1));
        };
        let rate = values::rate(r).map_err(|e| format!("line {}: {e}", i + 1))?;
        out.insert(date, rate);
    }
    if out.is_empty() {
        return Err("no rates: write lines of date,rate like 2018-02-12,7.7604".into());
    }
    Ok(out)
}

/// Keys that parse but whose mechanics come with the failures issue: refused
/// rather than silently ignored.
fn unsupported(c: &mut Checker, raw: &RawFile) {
    if let Some(r) = &raw.refunds {
        c.fail(
            r.span(),
            "refunds",
            "refunds are not simulated in this version of corridor yet: remove [refunds]",
        );
    }
    for f in &raw.faults {
        let kind = f
            .get_ref()
            .kind
            .as_ref()
            .map_or("?".to_string(), |k| k.get_ref().clone());
        c.fail(
            f.span(),
            "faults",
            format!("fault `{kind}` is not simulated in this version of corridor yet: remove this [[faults]] entry"),
        );
    }
}
