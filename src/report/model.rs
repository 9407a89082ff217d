//! The report's content, computed once from an outcome: the per-day table,
//! time to merchant credit, declines, where the money is, the FX summary,
//! remittances and the invariants. Text and JSON render this same model.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::agents::credit_times::CreditTimes;
use crate::domain::Date;
use crate::domain::ids::{BatchId, RemittanceId};
use crate::domain::money::{Currency, Money};
use crate::engine::{Duration, Instant};
use crate::scenario::Scenario;
use crate::scenario::model::add_days;
use crate::world::Outcome;
use crate::world::invariants::{Places, places};

#[derive(Serialize, schemars::JsonSchema)]
pub struct Report {
    pub scenario: String,
    pub summary: String,
    pub seed: u64,
    pub started: Stamp,
    pub ended: Stamp,
    pub events: u64,
    pub bank_calendar: String,
    pub acquirer_calendar: String,
    /// The scenario's legal but suspicious settings, as validation found
    /// them; always present, often empty.
    pub warnings: Vec<WarningRow>,
    pub days: Vec<DayRow>,
    pub payments: PaymentSummary,
    pub to_credit: Option<ToCredit>,
    pub money: MoneySummary,
    pub fx: FxSummary,
    pub remittances: Vec<RemittanceRow>,
    pub failures: super::failures::Failures,
    pub notes: Vec<NoteRow>,
    pub invariants: Invariants,
}

/// A legal but suspicious setting of the scenario: the dotted key and
/// what is suspicious about it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct WarningRow {
    pub key: String,
    pub message: String,
}

/// An instant of the run: written `2018-02-12 00:00` (Beijing) in the
/// text report and as RFC 3339 with its offset,
/// `"2018-02-12T00:00:00+08:00"`, in the JSON report, so a program reads
/// the instant without guessing a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp(pub Instant);

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::domain::zone::Zone::beijing().local(self.0))
    }
}

/// In a JSON Schema: an RFC 3339 instant with its offset.
impl schemars::JsonSchema for Stamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Instant".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An instant of the run, RFC 3339 with the Beijing offset: \"2018-02-12T00:00:00+08:00\".",
            "type": "string",
            "format": "date-time"
        })
    }
}

impl Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&crate::domain::zone::Zone::beijing().strftime(self.0, "%Y-%m-%dT%H:%M:%S%:z"))
    }
}

/// The scenario's narration, in Beijing time.
#[derive(Serialize, schemars::JsonSchema)]
pub struct NoteRow {
    pub at: Stamp,
    pub text: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct DayRow {
    pub date: String,
    pub cn: &'static str,
    pub target2: &'static str,
    pub payments: u64,
    pub declined: u64,
    pub cny_collected: Money,
    pub eur_converted: Money,
    pub remitted: Money,
    pub arrived: Money,
    pub paid: Money,
    /// Credited payouts returned (pacs.004) on this acquirer date: `paid`
    /// less `returned` summed over the days is what merchants kept.
    pub returned: Money,
}

impl DayRow {
    /// A row of zeros under `date` (a label such as `total`).
    pub fn zero(date: &str) -> DayRow {
        DayRow {
            date: date.to_string(),
            cn: "",
            target2: "",
            payments: 0,
            declined: 0,
            cny_collected: Money::zero(Currency::CNY),
            eur_converted: Money::zero(Currency::EUR),
            remitted: Money::zero(Currency::EUR),
            arrived: Money::zero(Currency::EUR),
            paid: Money::zero(Currency::EUR),
            returned: Money::zero(Currency::EUR),
        }
    }

    /// Adds `d`'s counts and amounts to this row.
    pub fn add(&mut self, d: &DayRow) {
        self.payments += d.payments;
        self.declined += d.declined;
        self.cny_collected += d.cny_collected;
        self.eur_converted += d.eur_converted;
        self.remitted += d.remitted;
        self.arrived += d.arrived;
        self.paid += d.paid;
        self.returned += d.returned;
    }
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct PaymentSummary {
    pub initiated: u64,
    pub completed: u64,
    pub declined: BTreeMap<&'static str, u64>,
    /// Payments unanswered when the run ended (a run with no drain days can
    /// stop mid-authorisation): orders still on their way to the switch and
    /// payments waiting for the issuer. initiated = completed + declined +
    /// in flight.
    pub in_flight: u64,
    pub completed_eur: Money,
    pub completed_cny: Money,
}

/// Purchase to merchant credit, over the payments already paid out.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ToCredit {
    pub payments: u64,
    pub median: String,
    pub p95: String,
    pub max: String,
    pub median_ms: i64,
    pub p95_ms: i64,
    pub max_ms: i64,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct MoneySummary {
    /// EUR of completed payments less refunds, by where it is; sums to
    /// `total`, which equals `due`.
    pub places: Places,
    pub total: Money,
    pub completed: Money,
    pub refunded: Money,
    pub due: Money,
    /// CNY taken from wallets, by where it went.
    /// CNY put into the wallets, and what is still in them.
    pub cny_funded: Money,
    pub cny_in_wallets: Money,
    pub cny_debited: Money,
    pub cny_awaiting_conversion: Money,
    pub cny_sold_for_eur: Money,
    pub cny_switch_result: Money,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct FxSummary {
    pub pair: String,
    pub source: String,
    pub consumer_rate_min: String,
    pub consumer_rate_max: String,
    pub conversions: Vec<ConversionRow>,
    /// The same, summed per remittance that carried the batches.
    pub by_remittance: Vec<ConversionRow>,
    pub collected_cny: Money,
    pub paid_for_eur_cny: Money,
    pub switch_result_cny: Money,
    pub scheme_fee_cny: Money,
    pub fx_result_cny: Money,
}

/// One clearing batch's conversion and what the switch made on it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ConversionRow {
    pub batch: String,
    pub bought: Money,
    pub rate: String,
    pub collected: Money,
    pub paid: Money,
    pub result: Money,
    pub fee_cny: Money,
    pub fx_result: Money,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct RemittanceRow {
    pub remittance: String,
    pub batches: Vec<String>,
    pub amount: Money,
    /// An earlier shortfall this remittance makes good, and what it lost.
    pub carried: Money,
    pub short: Money,
    pub requested: Stamp,
    pub sent: Option<Stamp>,
    pub value_date: Option<String>,
    pub state: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct Invariants {
    pub ok: bool,
    pub violation: Option<String>,
}

impl Report {
    pub fn new(sc: &Scenario, o: &Outcome) -> Report {
        let o_places = places(o);
        let (completed, refunded) = crate::world::invariants::merchants_due(o);
        Report {
            scenario: sc.name.clone(),
            summary: sc.summary.clone(),
            seed: sc.seed,
            started: Stamp(o.started),
            ended: Stamp(o.ended),
            events: o.events,
            bank_calendar: sc.settlement_bank.calendar.name.clone(),
            acquirer_calendar: sc.acquirer.calendar.name.clone(),
            warnings: sc
                .warnings
                .iter()
                .map(|w| WarningRow {
                    key: w.key.clone(),
                    message: w.message.clone(),
                })
                .collect(),
            days: days(sc, o),
            payments: payments(o),
            to_credit: to_credit(&o.tally.to_credit_ms),
            money: MoneySummary {
                total: o_places.total(),
                completed,
                refunded,
                due: completed - refunded,
                places: o_places,
                cny_funded: -o.ledger.balance(o.accounts.wallet_top_ups),
                cny_in_wallets: o.ledger.balance(o.accounts.wallets),
                cny_debited: -o.ledger.balance(o.accounts.wallet_top_ups) - o.ledger.balance(o.accounts.wallets),
                cny_awaiting_conversion: o.ledger.balance(o.accounts.cny_pool),
                cny_sold_for_eur: o.ledger.balance(o.accounts.fx_market_cny),
                cny_switch_result: o.ledger.balance(o.accounts.switch_result),
            },
            fx: fx(sc, o),
            remittances: o
                .bank()
                .remittances()
                .iter()
                .enumerate()
                .map(|(i, r)| RemittanceRow {
                    remittance: RemittanceId::from_index(i as u32).to_string(),
                    batches: r.batches.iter().map(|b| b.to_string()).collect(),
                    amount: r.amount,
                    carried: r.carried,
                    short: r.short,
                    requested: Stamp(r.requested_at),
                    sent: r.sent_at.map(Stamp),
                    value_date: r.value_date.map(|d| d.to_string()),
                    state: if o.acquirer().has_received(RemittanceId::from_index(i as u32)) {
                        "received".to_string()
                    } else {
                        format!("{:?}", r.state).to_lowercase()
                    },
                })
                .collect(),
            failures: super::failures::failures(o, &sc.acquirer.zone),
            notes: sc
                .notes
                .iter()
                .map(|n| NoteRow {
                    at: Stamp(n.at),
                    text: n.text.clone(),
                })
                .collect(),
            invariants: Invariants {
                ok: o.violation.is_none(),
                violation: o
                    .violation
                    .as_ref()
                    .map(|v| format!("event {} at {}: {}", v.seq, v.at, v.message)),
            },
        }
    }
}

fn days(sc: &Scenario, o: &Outcome) -> Vec<DayRow> {
    let bj = crate::domain::zone::Zone::beijing();
    // A morning cut-off puts the small hours of the first day in the
    // clearing day before it; every day with a figure gets its row.
    let tallied = o.tally.days.keys();
    let first = tallied
        .clone()
        .next()
        .map_or(bj.date(o.started), |d| (*d).min(bj.date(o.started)));
    let last = tallied.last().map_or(bj.date(o.ended), |d| (*d).max(bj.date(o.ended)));
    let mut rows = Vec::new();
    let mut d: Date = first;
    let kind = |cal: &crate::domain::calendar::Calendar, d: Date| cal.day_kind(d).map_or("n/a", |k| k.name());
    while d <= last {
        let t = o.tally.days.get(&d).cloned().unwrap_or_default();
        rows.push(DayRow {
            date: d.to_string(),
            cn: kind(&sc.settlement_bank.calendar, d),
            target2: kind(&sc.acquirer.calendar, d),
            payments: t.payments,
            declined: t.declined,
            cny_collected: Money::cny(t.cny_collected),
            eur_converted: Money::eur(t.eur_converted),
            remitted: Money::eur(t.remitted),
            arrived: Money::eur(t.arrived),
            paid: Money::eur(t.paid),
            returned: Money::eur(t.returned),
        });
        d = add_days(d, 1);
    }
    rows
}

fn payments(o: &Outcome) -> PaymentSummary {
    let t = o.switch().totals();
    let in_flight = o.tally.initiated - t.reached + t.authorizing;
    PaymentSummary {
        initiated: o.tally.initiated,
        completed: o.tally.completed,
        in_flight,
        declined: o.tally.declines.iter().map(|(r, n)| (r.code(), *n)).collect(),
        completed_eur: t.completed_eur,
        completed_cny: t.completed_cny,
    }
}

/// The nearest rank (1-based) of percentile `p` of `n` values: the
/// smallest value with at least p% of the payments at or below it.
fn percentile_rank(n: u64, p: u64) -> u64 {
    (p * n).div_ceil(100).max(1)
}

fn to_credit(ms: &CreditTimes) -> Option<ToCredit> {
    let x = ms.max()?;
    let n = ms.len();
    let [m, p] = ms.at_ranks([percentile_rank(n, 50), percentile_rank(n, 95)])?;
    Some(ToCredit {
        payments: n,
        median: Duration(m).to_string(),
        p95: Duration(p).to_string(),
        max: Duration(x).to_string(),
        median_ms: m,
        p95_ms: p,
        max_ms: x,
    })
}

fn fx(sc: &Scenario, o: &Outcome) -> FxSummary {
    let (lo, hi) = o.switch().totals().rates.unzip();
    let zero = Money::zero(Currency::CNY);
    let mut rows = Vec::new();
    let (mut collected, mut paid, mut fee_cny) = (zero, zero, zero);
    let converted: Vec<_> = o.bank().batches().values().filter(|b| b.sold.is_some()).collect();
    for pb in &converted {
        let Some((sold, rate)) = pb.sold else { continue };
        let b = &pb.statement;
        let fee = Money::cny(b.fees.amount() * rate);
        let result = b.cny - sold;
        collected += b.cny;
        paid += sold;
        fee_cny += fee;
        rows.push(ConversionRow {
            batch: BatchId(b.day).to_string(),
            bought: b.net,
            rate: rate.to_string(),
            collected: b.cny,
            paid: sold,
            result,
            fee_cny: fee,
            fx_result: result - fee,
        });
    }
    let mut by_remittance: BTreeMap<RemittanceId, ConversionRow> = BTreeMap::new();
    for (b, row) in converted.iter().zip(&rows) {
        let Some(r) = b.remittance.filter(|_| b.remitted_times > 0) else {
            continue;
        };
        let e = by_remittance.entry(r).or_insert_with(|| ConversionRow {
            batch: r.to_string(),
            bought: Money::zero(Currency::EUR),
            rate: String::new(),
            collected: zero,
            paid: zero,
            result: zero,
            fee_cny: zero,
            fx_result: zero,
        });
        e.bought += row.bought;
        e.collected += row.collected;
        e.paid += row.paid;
        e.result += row.result;
        e.fee_cny += row.fee_cny;
        e.fx_result += row.fx_result;
        if e.rate.is_empty() || e.rate == row.rate {
            e.rate = row.rate.clone();
        } else {
            e.rate = "mixed".into();
        }
    }
    let show = |r: Option<Decimal>| r.map_or("n/a".to_string(), |r| r.to_string());
    FxSummary {
        pair: sc.fx.pair.clone(),
        source: sc.fx.source.clone(),
        consumer_rate_min: show(lo),
        consumer_rate_max: show(hi),
        conversions: rows,
        by_remittance: by_remittance.into_values().collect(),
        collected_cny: collected,
        paid_for_eur_cny: paid,
        switch_result_cny: collected - paid,
        scheme_fee_cny: fee_cny,
        fx_result_cny: collected - paid - fee_cny,
    }
}
