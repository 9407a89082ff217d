//! A validated scenario: what the simulation runs. Every value has its
//! domain type; defaults describe the WeChat-Pay-in-SEPA corridor of the
//! domain brief (shared/domain.md).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::calendar::Calendar;
use crate::domain::fx::FxPath;
use crate::domain::money::Money;
use crate::domain::sampling::{LogUniform, Poisson};
use crate::domain::zone::{LocalTime, Zone};
use crate::engine::{Duration, Instant};

/// A whole validated scenario file. Built only by
/// [`validate`](super::validate::validate), so every value is in range.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// `[scenario] name`.
    pub name: String,
    /// `[scenario] summary`; empty if not given.
    pub summary: String,
    /// The seed every random stream derives from: the file's, or `--seed`.
    pub seed: u64,
    /// First purchase day (merchant local dates).
    pub start: Date,
    /// Purchase days, 1 to 366.
    pub days: u32,
    /// Days the run may go on after the last purchase day, 0 to 366.
    pub drain_days: u32,
    /// The EUR/CNY market rate over the run.
    pub fx: Fx,
    /// The consumers and how they buy.
    pub cardholders: Cardholders,
    /// Merchant groups in file order; merchant indices run through them in
    /// that order. Never empty.
    pub merchants: Vec<MerchantGroup>,
    /// Payout tiers by name; always has `standard`, and every group's tier.
    pub tiers: BTreeMap<String, Tier>,
    /// The wallet provider.
    pub issuer: Issuer,
    /// The wallet scheme.
    pub switch: Switch,
    /// The partner bank in China.
    pub settlement_bank: SettlementBank,
    /// The European acquirer.
    pub acquirer: Acquirer,
    /// Narration, sorted by instant.
    pub notes: Vec<Note>,
    /// `[[expect]]`, in file order: what `corridor test` checks after the
    /// run. Nothing in the run reads them.
    pub expect: Vec<super::expect::Expectation>,
    /// The `[[faults]]`, in file order.
    pub faults: super::faults::Faults,
    /// `[refunds]`; None: no payment is refunded.
    pub refunds: Option<super::faults::Refunds>,
    /// Legal but suspicious settings, in the order validation met them,
    /// each placed in the file: the run goes ahead, and the reports and
    /// `corridor check` list them. Computed once, by validation.
    pub warnings: Vec<super::Located>,
}

impl Scenario {
    /// The purchases the run is expected to plan: cardholders x mean
    /// purchases per day x purchase days (what the size limits count).
    pub fn expected_purchases(&self) -> rust_decimal::Decimal {
        self.cardholders.expected_purchases(self.days)
    }

    /// The last purchase day.
    pub fn last_day(&self) -> Date {
        add_days(self.start, i64::from(self.days) - 1)
    }

    /// The last day the run may reach.
    pub fn horizon(&self) -> Date {
        add_days(self.last_day(), i64::from(self.drain_days))
    }
}

/// `d` plus `n` calendar days (`n` may be negative). Panics outside jiff's
/// date range, which validated scenarios (years 1900 to 2200) stay far from.
pub fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).expect("date in range")
}

/// `[fx]`, validated.
#[derive(Clone, Debug)]
pub struct Fx {
    /// Always `"EUR/CNY"`: rates are CNY per 1 EUR.
    pub pair: String,
    /// Where the daily rates came from, for the report.
    pub source: String,
    /// The market rate, CNY per 1 EUR to four decimals, at every instant of
    /// the run, shocks included.
    pub path: FxPath,
}

/// `[cardholders]`, validated.
#[derive(Clone, Debug)]
pub struct Cardholders {
    /// Number of cardholders, 0 to 5000000.
    pub count: u32,
    /// Each wallet's opening balance, CNY, drawn once per cardholder.
    pub wallet: LogUniform,
    /// Purchases per cardholder per purchase day; mean 0 to 50.
    pub purchases_per_day: Poisson,
    /// A purchase's price, EUR.
    pub ticket: LogUniform,
    /// Start of the purchase window, merchant local time (included).
    pub active_from: LocalTime,
    /// End of the purchase window, merchant local time (excluded); after
    /// `active_from`.
    pub active_to: LocalTime,
    /// What each linked bank card can fund, CNY, drawn once per cardholder;
    /// None for wallets without a card.
    pub linked_card: Option<LogUniform>,
    /// A declined purchase is tried once more this much later.
    pub retry_after: Duration,
}

impl Cardholders {
    /// The purchases they are expected to plan over `days` purchase days:
    /// count x mean purchases per day x days.
    pub fn expected_purchases(&self, days: u32) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from(self.count) * self.purchases_per_day.mean * rust_decimal::Decimal::from(days)
    }
}

/// The outcome of the acquirer's KYC and AML checks on a merchant group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kyc {
    /// Onboarded once the checks end.
    Pass,
    /// Refused: the merchants never accept payments. They apply on the
    /// group's `joins` date, or on the first purchase day without one.
    Fail,
}

/// `[[merchants]]`, validated: a group of alike merchants `NAME/1` to
/// `NAME/count`.
#[derive(Clone, Debug)]
pub struct MerchantGroup {
    /// Unique, non-empty, without `/` or quotes.
    pub name: String,
    /// Merchants in the group, 1 to 1000000.
    pub count: u32,
    /// The `country` as written, `"FR"`.
    pub country: String,
    /// The merchants' time zone, within UTC-4 to UTC+4.
    pub zone: Zone,
    /// Name of a tier in [`Scenario::tiers`].
    pub tier: String,
    /// The group's share of purchases relative to the other groups', 0 to
    /// 1000000; not all groups 0.
    pub weight: u32,
    /// The outcome of the group's KYC checks: with `Fail` its merchants
    /// apply during the run (on `joins`, or the first purchase day) and are
    /// never active.
    pub kyc: Kyc,
    /// The day the group applies to the acquirer; None: active from the start.
    pub joins: Option<Date>,
    /// The merchants' own accounts, one per merchant in order; empty: drawn
    /// from the seed ([`crate::messages::Directory::account`]).
    pub ibans: Vec<crate::domain::iban::Iban>,
    /// The BIC of the bank keeping the group's accounts; None: drawn.
    pub bic: Option<crate::domain::iban::Bic>,
}

/// A tier's payout days (acquirer local dates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutSchedule {
    /// Every day the acquirer pays out.
    Daily,
    /// Weekly on this weekday.
    Weekly(jiff::civil::Weekday),
    /// Monthly on this day of the month (1..=28).
    Monthly(i8),
}

impl std::fmt::Display for PayoutSchedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayoutSchedule::Daily => f.write_str("daily"),
            PayoutSchedule::Weekly(w) => write!(f, "weekly:{}", &format!("{w:?}")[..3]),
            PayoutSchedule::Monthly(d) => write!(f, "monthly:{d}"),
        }
    }
}

/// `[tiers.NAME]`, validated.
#[derive(Clone, Debug)]
pub struct Tier {
    /// When payouts are due.
    pub payout: PayoutSchedule,
    /// A due payout waits while the balance is below this; EUR, not negative.
    pub minimum: Money,
    /// Merchant discount rate, a share 0 to 1 (0.015 is 1.5%) of each
    /// merchant's gross less refunds, kept at reconciliation.
    pub mdr: Decimal,
}

/// `[issuer]`, validated.
#[derive(Clone, Debug)]
pub struct Issuer {
    /// Display name.
    pub name: String,
    /// The largest payment authorised, CNY (domain brief: CNY 50,000).
    pub limit_per_payment: Money,
    /// The most one cardholder may spend in a Beijing calendar day, CNY
    /// (domain brief: CNY 100,000).
    pub limit_per_day: Money,
    /// Share of authorisation requests declined for risk, 0 to 1.
    pub risk_decline: Decimal,
}

/// When the switch's CNY is converted into the EUR pool (domain brief,
/// Conversion: support both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertMode {
    /// T+1, every calendar day.
    Daily,
    /// One consolidated purchase when the pool is remitted.
    AtRemittance,
}

/// `[switch]`, validated. Times are Beijing (Asia/Shanghai) times.
#[derive(Clone, Debug)]
pub struct Switch {
    /// Display name.
    pub name: String,
    /// Beijing time at which the clearing day closes; 00:00 means midnight
    /// at its end.
    pub cutoff: LocalTime,
    /// The consumer's rate is the market rate times `1 + fx_markup`; a share
    /// above -1 and at most 10.
    pub fx_markup: Decimal,
    /// The switch's fee, a share 0 to 1 of each merchant's gross less
    /// refunds per clearing day.
    pub scheme_fee: Decimal,
    /// Lowest and highest time per online message hop, drawn uniformly in
    /// ms; at most 10 minutes.
    pub latency: (Duration, Duration),
    /// When CNY becomes EUR.
    pub convert: ConvertMode,
    /// Beijing time of the daily T+1 conversion (the statement is out at 09:00).
    pub convert_at: LocalTime,
    /// How long the switch waits for the issuer before it declines and
    /// reverses the authorisation.
    pub timeout: Duration,
}

/// `[settlement_bank]`, validated. Times are Beijing times.
#[derive(Clone, Debug)]
pub struct SettlementBank {
    /// Display name.
    pub name: String,
    /// The working days it remits on (default CN).
    pub calendar: Calendar,
    /// Beijing time of the daily remittance window; before `cutoff`.
    pub remit_at: LocalTime,
    /// Beijing time after which an approved remittance waits for the next
    /// working day (default 17:15, the HVPS cut-off of the domain brief).
    pub cutoff: LocalTime,
    /// The EUR pool is remitted only from this amount; EUR, not negative
    /// (the brief's USD 800 equivalent).
    pub minimum: Money,
    /// The regulator's approval time per remittance, lowest and highest,
    /// drawn uniformly; None: no approval step.
    pub approval: Option<(Duration, Duration)>,
    /// Share of remittances the regulator refuses, 0 to 1.
    pub approval_reject: Decimal,
    /// The bank converts at the market rate times `1 + fx_spread`; a share
    /// above -1 and at most 10.
    pub fx_spread: Decimal,
    /// Acquirer business days from sending to the value date, lowest and
    /// highest, drawn uniformly; 1 to 30 (domain brief: 1 to 3).
    pub transit_days: (u32, u32),
}

/// The SEPA scheme a payout goes by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Scheme {
    /// SEPA Credit Transfer: sent on the acquirer's business days, credited
    /// the next one.
    #[serde(rename = "SCT")]
    Sct,
    /// SEPA Instant Credit Transfer: any day, within seconds, up to a cap.
    #[serde(rename = "SCT_INST")]
    SctInst,
}

impl Scheme {
    /// The code in scenario files, events and reports: `SCT` or `SCT_INST`.
    pub fn code(self) -> &'static str {
        match self {
            Scheme::Sct => "SCT",
            Scheme::SctInst => "SCT_INST",
        }
    }
}

/// `[acquirer]`, validated. Times are local to `zone`.
#[derive(Clone, Debug)]
pub struct Acquirer {
    /// Display name.
    pub name: String,
    /// Its time zone (default Europe/Luxembourg, CET/CEST).
    pub zone: Zone,
    /// Its business days (default TARGET2).
    pub calendar: Calendar,
    /// Local time of the daily payout run.
    pub payout_at: LocalTime,
    /// The scheme payouts go by; SCT Inst above the cap falls back to SCT.
    pub scheme: Scheme,
    /// Acquirer business days KYC takes, lowest and highest, drawn
    /// uniformly; 0 to 60.
    pub kyc_days: (u32, u32),
    /// Local time at which value-dated money is credited.
    pub value_time: LocalTime,
    /// The SCT Inst amount cap; None: the scheme's cap on the payout date.
    pub inst_cap: Option<Money>,
    /// Lowest and highest time for an SCT Inst payout to be credited, drawn
    /// uniformly (the scheme's rule: within 10 s).
    pub inst_latency: (Duration, Duration),
}

/// `[[notes]]`, validated: narration for `explore` and `explain`.
#[derive(Clone, Debug)]
pub struct Note {
    /// The instant it belongs to.
    pub at: Instant,
    /// The narration.
    pub text: String,
}
