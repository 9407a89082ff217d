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

#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub summary: String,
    pub seed: u64,
    /// First purchase day (merchant local dates).
    pub start: Date,
    pub days: u32,
    pub drain_days: u32,
    pub fx: Fx,
    pub cardholders: Cardholders,
    pub merchants: Vec<MerchantGroup>,
    pub tiers: BTreeMap<String, Tier>,
    pub issuer: Issuer,
    pub switch: Switch,
    pub settlement_bank: SettlementBank,
    pub acquirer: Acquirer,
    pub notes: Vec<Note>,
    pub faults: super::faults::Faults,
    pub refunds: Option<super::faults::Refunds>,
}

impl Scenario {
    /// The last purchase day.
    pub fn last_day(&self) -> Date {
        add_days(self.start, i64::from(self.days) - 1)
    }

    /// The last day the run may reach.
    pub fn horizon(&self) -> Date {
        add_days(self.last_day(), i64::from(self.drain_days))
    }
}

pub fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).expect("date in range")
}

#[derive(Clone, Debug)]
pub struct Fx {
    pub pair: String,
    /// Where the daily rates came from, for the report.
    pub source: String,
    pub path: FxPath,
}

#[derive(Clone, Debug)]
pub struct Cardholders {
    pub count: u32,
    pub wallet: LogUniform,
    pub purchases_per_day: Poisson,
    pub ticket: LogUniform,
    pub active_from: LocalTime,
    pub active_to: LocalTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kyc {
    Pass,
    Fail,
}

#[derive(Clone, Debug)]
pub struct MerchantGroup {
    pub name: String,
    pub count: u32,
    pub country: String,
    pub zone: Zone,
    pub tier: String,
    pub weight: u32,
    pub kyc: Kyc,
    /// The day the group applies to the acquirer; None: active from the start.
    pub joins: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutSchedule {
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

#[derive(Clone, Debug)]
pub struct Tier {
    pub payout: PayoutSchedule,
    pub minimum: Money,
    pub mdr: Decimal,
}

#[derive(Clone, Debug)]
pub struct Issuer {
    pub name: String,
    pub limit_per_payment: Money,
    pub limit_per_day: Money,
    pub risk_decline: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertMode {
    /// T+1, every calendar day.
    Daily,
    /// One consolidated purchase when the pool is remitted.
    AtRemittance,
}

#[derive(Clone, Debug)]
pub struct Switch {
    pub name: String,
    /// Beijing time at which the clearing day closes; 00:00 means midnight
    /// at its end.
    pub cutoff: LocalTime,
    pub fx_markup: Decimal,
    pub scheme_fee: Decimal,
    pub latency: (Duration, Duration),
    pub convert: ConvertMode,
    /// Beijing time of the daily T+1 conversion (the statement is out at 09:00).
    pub convert_at: LocalTime,
    /// How long the switch waits for the issuer before it declines and
    /// reverses the authorisation.
    pub timeout: Duration,
}

#[derive(Clone, Debug)]
pub struct SettlementBank {
    pub name: String,
    pub calendar: Calendar,
    pub remit_at: LocalTime,
    pub cutoff: LocalTime,
    pub minimum: Money,
    pub approval: Option<(Duration, Duration)>,
    pub approval_reject: Decimal,
    pub fx_spread: Decimal,
    pub transit_days: (u32, u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Scheme {
    #[serde(rename = "SCT")]
    Sct,
    #[serde(rename = "SCT_INST")]
    SctInst,
}

impl Scheme {
    pub fn code(self) -> &'static str {
        match self {
            Scheme::Sct => "SCT",
            Scheme::SctInst => "SCT_INST",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Acquirer {
    pub name: String,
    pub zone: Zone,
    pub calendar: Calendar,
    pub payout_at: LocalTime,
    pub scheme: Scheme,
    pub kyc_days: (u32, u32),
    /// Local time at which value-dated money is credited.
    pub value_time: LocalTime,
    /// The SCT Inst amount cap; None: the scheme's cap on the payout date.
    pub inst_cap: Option<Money>,
    pub inst_latency: (Duration, Duration),
}

#[derive(Clone, Debug)]
pub struct Note {
    pub at: Instant,
    pub text: String,
}
