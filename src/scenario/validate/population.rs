//! The people and shops: `[cardholders]`, `[[merchants]]`, `[tiers.NAME]`,
//! and the `[[notes]]` that narrate a scenario.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use toml::Spanned;

use super::super::model::*;
use super::super::raw::*;
use super::super::values;
use super::Checker;
use super::names::{Line, MAX_NAME, MAX_NOTE, check_line};
use super::span::RunSpan;
use super::{MAX_CARDHOLDERS, MAX_DAYS, MAX_MERCHANTS, MAX_PURCHASES};
use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::sampling::{LogUniform, Poisson};
use crate::domain::zone::{COUNTRIES, Zone, zone_of_country};
use crate::engine::Duration;

pub(super) fn cardholders(c: &mut Checker, r: Option<&RawCardholders>) -> Option<Cardholders> {
    let none = RawCardholders {
        count: None,
        wallet: None,
        purchases_per_day: None,
        ticket: None,
        active_hours: None,
        linked_card: None,
        retry_after: None,
    };
    let r = r.unwrap_or(&none);
    let count = c.int(&r.count, "cardholders.count", 2000, 0, MAX_CARDHOLDERS);
    let wallet = c.text(&r.wallet, "cardholders.wallet", "500..20000 CNY", values::money_range);
    let ticket = c.text(&r.ticket, "cardholders.ticket", "15..1500 EUR", values::money_range);
    if let (Some((lo, _)), Some(s)) = (ticket, &r.ticket) {
        if lo.currency() != crate::domain::money::Currency::EUR {
            c.fail(
                s.span(),
                "cardholders.ticket",
                "merchants price in EUR: write the ticket range in EUR, like \"15..1500 EUR\"",
            );
        }
    }
    if let (Some((lo, _)), Some(s)) = (wallet, &r.wallet) {
        if lo.currency() != crate::domain::money::Currency::CNY {
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
    // Wallets in China are funded from a linked bank card; the card's
    // funds are an assumption of the scenario, not a sourced figure.
    let linked_card = match &r.linked_card {
        Some(s) if s.get_ref().0.trim() == "none" => Some(None),
        _ => c
            .text(
                &r.linked_card,
                "cardholders.linked_card",
                "5000..200000 CNY",
                values::money_range,
            )
            .and_then(|(lo, hi)| {
                if lo.currency() == crate::domain::money::Currency::CNY {
                    return Some(Some(LogUniform::new(lo, hi)));
                }
                let s = r.linked_card.as_ref().expect("a non-default range was written");
                c.fail(
                    s.span(),
                    "cardholders.linked_card",
                    "a Chinese bank card funds CNY: write a CNY range, like \"5000..200000 CNY\", or \"none\"",
                );
                None
            }),
    };
    let retry_after = c.text(&r.retry_after, "cardholders.retry_after", "1m", values::duration);
    if let (Some(d), Some(s)) = (retry_after, &r.retry_after) {
        if d < Duration::from_secs(1) || d > Duration::from_hours(1) {
            c.fail(
                s.span(),
                "cardholders.retry_after",
                "a shopper retries within the hour: use 1s to 1h, like \"1m\"",
            );
        }
    }
    let (wallet, ticket) = (wallet?, ticket?);
    Some(Cardholders {
        count,
        wallet: LogUniform::new(wallet.0, wallet.1),
        purchases_per_day: Poisson::new(per_day?),
        ticket: LogUniform::new(ticket.0, ticket.1),
        active_from,
        active_to,
        linked_card: linked_card?,
        retry_after: retry_after?,
    })
}

pub(super) fn tiers(c: &mut Checker, raw: &BTreeMap<String, Spanned<RawTier>>) -> BTreeMap<String, Tier> {
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
        check_line(c, name, t.span(), &key, Line::name("a tier's name", MAX_NAME));
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
        let minimum = c.text(&r.minimum, &format!("{key}.minimum"), "0 EUR", values::eur);
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

/// The `[[merchants]]` groups; `days` (the first and last purchase days
/// and the run's last day, when `start` is valid) bound their `joins`.
/// `declared` are the tier names the file writes, valid or not: a tier
/// already refused for its own values is not reported missing again.
pub(super) fn merchants(
    c: &mut Checker,
    raw: &[Spanned<RawMerchants>],
    tiers: &BTreeMap<String, Tier>,
    declared: &[&str],
    days: Option<(Date, Date, Date)>,
) -> Vec<MerchantGroup> {
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
            ibans: Vec::new(),
            bic: None,
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
        let before = c.problems.len();
        let rule = Line::name("a merchant group's name", MAX_NAME);
        check_line(c, name.get_ref(), name.span(), &key("name"), rule);
        if c.problems.len() == before
            && (name.get_ref().contains(['/', '"', '\\']) || out.iter().any(|g| &g.name == name.get_ref()))
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
            // Purchases are planned at noon UTC the day before, which covers
            // local days in UTC-4 to UTC+4: the euro area and its outermost
            // regions (Guadeloupe to Reunion).
            let zone = zone?;
            if !zone.offsets_within_hours(4) {
                c.fail(
                    r.timezone.as_ref().map_or(m.span(), |s| s.span()),
                    &key("timezone"),
                    format!("`{z}` is too far from Europe: merchants' zones must be within UTC-4 to UTC+4"),
                );
                return None;
            }
            Some(zone)
        });
        let tier = Checker::string(&r.tier, "standard");
        if !tiers.contains_key(&tier) && !declared.contains(&tier.as_str()) {
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
        let joins = r.joins.as_ref().and_then(|d| {
            let date = c.date(d, &key("joins"))?;
            joins_within(c, date, d.span(), days).then_some(date)
        });
        let count = c.int(&r.count, &key("count"), 1, 1, MAX_MERCHANTS);
        let weight = c.int(&r.weight, &key("weight"), 1, 0, 1_000_000);
        let (ibans, bic) = super::accounts::merchant_accounts(c, r, count);
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
                ibans,
                bic,
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

/// A group applies to the acquirer at most [`MAX_DAYS`] days before the
/// first purchase day (earlier, it was simply onboarded before the run, and
/// the run would simulate the empty days between) and within the run.
/// After the last purchase day it applies but can never take a purchase:
/// that is warned.
fn joins_within(c: &mut Checker, joins: Date, span: std::ops::Range<usize>, days: Option<(Date, Date, Date)>) -> bool {
    let Some((start, last, horizon)) = days else {
        return true;
    };
    let earliest = add_days(start, -MAX_DAYS);
    if joins < earliest {
        c.fail(
            span,
            "merchants.joins",
            format!(
                "{joins} is more than {MAX_DAYS} days before the first purchase day ({start}): use a date from \
                 {earliest} to {last}, or leave `joins` out for a group onboarded before the run"
            ),
        );
        return false;
    }
    if joins > horizon {
        c.fail(
            span,
            "merchants.joins",
            format!(
                "{joins} is after the run's last day ({horizon}): the group would never apply; use a date from \
                 {earliest} to {last} (the last purchase day)"
            ),
        );
        return false;
    }
    if joins > last {
        c.warn(
            span,
            "merchants.joins",
            format!("{joins} is after the last purchase day ({last}): the group applies but never takes a purchase"),
        );
    }
    true
}

/// The `[[notes]]`, sorted by instant; each must fall within the run, when
/// its span is known, or it would never be shown.
pub(super) fn notes(c: &mut Checker, raw: &[Spanned<RawNote>], run: Option<&RunSpan>) -> Vec<Note> {
    let mut out = Vec::new();
    for n in raw {
        let r = n.get_ref();
        let (Some(at), Some(text)) = (&r.at, &r.text) else {
            c.fail(n.span(), "notes", "a note needs `at` (an instant) and `text`");
            continue;
        };
        check_line(
            c,
            text.get_ref(),
            text.span(),
            "notes.text",
            Line::name("a note's text", MAX_NOTE),
        );
        match values::instant(&at.get_ref().0) {
            Ok(t) if run.is_none_or(|run| run.contains(t)) => out.push(Note {
                at: t,
                text: text.get_ref().clone(),
            }),
            Ok(_) => c.fail(
                at.span(),
                "notes.at",
                format!(
                    "`{}` is outside the run, which spans {}: a note there would never be shown",
                    at.get_ref().0,
                    run.map_or_else(String::new, RunSpan::describe)
                ),
            ),
            Err(e) => c.fail(at.span(), "notes.at", e),
        }
    }
    out.sort_by_key(|n| n.at);
    out
}

/// Refuses a population that would plan more purchases than a run keeps.
pub(super) fn planned_purchases(
    c: &mut Checker,
    raw: &RawFile,
    cardholders: Option<&Cardholders>,
    days: u32,
    fallback: std::ops::Range<usize>,
) {
    let (Some(ch), Some(raw_ch)) = (cardholders, raw.cardholders.as_ref()) else {
        return;
    };
    let expected = ch.expected_purchases(days);
    if expected > Decimal::from(MAX_PURCHASES) {
        let span = raw_ch.count.as_ref().map_or(fallback, |s| s.span());
        c.fail(
            span,
            "cardholders.count",
            format!(
                "count x purchases_per_day x days is {} purchases; corridor plans at most {}",
                crate::domain::money::group_digits(
                    &expected
                        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                        .to_string()
                ),
                crate::domain::money::group_digits(&MAX_PURCHASES.to_string())
            ),
        );
    }
}
