//! Scenario files as written: plain serde structs that mirror the TOML, every
//! value kept with its span. Nothing here is checked beyond TOML types and
//! key names; `validate` turns this into the model.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{Deserializer, Error as _};
use toml::Spanned;

/// A string value: amounts, shares, durations, names. Integers are read as
/// their digits; a TOML float is refused because it has lost digits before
/// corridor sees it.
#[derive(Debug, Clone)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(Text(s)),
            toml::Value::Integer(i) => Ok(Text(i.to_string())),
            toml::Value::Float(f) => Err(D::Error::custom(format!(
                "{f} is a TOML float, which loses digits before corridor reads it: write it as a string, \
                 \"{f}\" for a rate, \"{f} EUR\" for an amount or \"{f}%\" for a percentage"
            ))),
            other => Err(D::Error::custom(format!(
                "expected a string, found {}",
                other.type_str()
            ))),
        }
    }
}

/// A date: a TOML date (`2018-02-12`) or a string (`"2018-02-12"`).
#[derive(Debug, Clone)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DateText, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(DateText(s)),
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => Ok(DateText(dt.to_string())),
            other => Err(D::Error::custom(format!(
                "expected a date like 2018-02-12, found {}",
                describe(&other)
            ))),
        }
    }
}

/// A plain number where floats are harmless (purchases per day): read back
/// from its shortest decimal form.
#[derive(Debug, Clone)]
pub struct Number(pub String);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(Number(s)),
            toml::Value::Integer(i) => Ok(Number(i.to_string())),
            toml::Value::Float(f) => Ok(Number(format!("{f}"))),
            other => Err(D::Error::custom(format!(
                "expected a number, found {}",
                describe(&other)
            ))),
        }
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::Datetime(dt) => format!("the date-time {dt}"),
        other => other.type_str().to_string(),
    }
}

type S<T> = Option<Spanned<T>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub scenario: Option<Spanned<RawScenario>>,
    #[serde(default)]
    pub calendars: BTreeMap<String, Spanned<RawCalendar>>,
    pub fx: Option<RawFx>,
    pub cardholders: Option<RawCardholders>,
    #[serde(default)]
    pub merchants: Vec<Spanned<RawMerchants>>,
    #[serde(default)]
    pub tiers: BTreeMap<String, Spanned<RawTier>>,
    pub issuer: Option<RawIssuer>,
    pub switch: Option<RawSwitch>,
    pub settlement_bank: Option<RawSettlementBank>,
    pub acquirer: Option<RawAcquirer>,
    pub refunds: Option<Spanned<RawRefunds>>,
    #[serde(default)]
    pub faults: Vec<Spanned<RawFault>>,
    #[serde(default)]
    pub notes: Vec<Spanned<RawNote>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: S<String>,
    pub summary: S<String>,
    pub seed: S<u64>,
    pub start: S<DateText>,
    pub days: S<i64>,
    pub drain_days: S<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    pub extends: S<String>,
    #[serde(default)]
    pub holidays: Vec<Spanned<DateText>>,
    #[serde(default)]
    pub workdays: Vec<Spanned<DateText>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFx {
    pub pair: S<String>,
    pub open: S<Text>,
    pub volatility: S<Text>,
    pub table: S<String>,
    #[serde(default)]
    pub shocks: Vec<Spanned<RawShock>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShock {
    pub at: S<Text>,
    #[serde(rename = "move")]
    pub move_: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCardholders {
    pub count: S<i64>,
    pub wallet: S<Text>,
    pub purchases_per_day: S<Number>,
    pub ticket: S<Text>,
    pub active_hours: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMerchants {
    pub name: S<String>,
    pub count: S<i64>,
    pub country: S<String>,
    pub timezone: S<String>,
    pub tier: S<String>,
    pub weight: S<i64>,
    pub kyc: S<String>,
    pub joins: S<DateText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    pub payout: S<String>,
    pub minimum: S<Text>,
    pub mdr: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssuer {
    pub name: S<String>,
    pub limit_per_payment: S<Text>,
    pub limit_per_day: S<Text>,
    pub risk_decline: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSwitch {
    pub name: S<String>,
    pub cutoff: S<Text>,
    pub fx_markup: S<Text>,
    pub scheme_fee: S<Text>,
    pub latency: S<Text>,
    pub convert: S<String>,
    pub convert_at: S<Text>,
    pub timeout: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettlementBank {
    pub name: S<String>,
    pub calendar: S<String>,
    pub remit_at: S<Text>,
    pub cutoff: S<Text>,
    pub minimum: S<Text>,
    pub approval: S<Text>,
    pub approval_reject: S<Text>,
    pub fx_spread: S<Text>,
    pub transit: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAcquirer {
    pub name: S<String>,
    pub timezone: S<String>,
    pub calendar: S<String>,
    pub payout_at: S<Text>,
    pub scheme: S<String>,
    pub kyc_days: S<Text>,
    pub value_time: S<Text>,
    pub inst_cap: S<Text>,
    pub inst_latency: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRefunds {
    pub rate: S<Text>,
    pub after: S<Text>,
    pub partial: S<Text>,
    pub retry: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFault {
    pub kind: S<String>,
    pub merchant: S<String>,
    pub reason: S<String>,
    pub from: S<DateText>,
    pub until: S<DateText>,
    pub on: S<DateText>,
    pub delay: S<Text>,
    pub amount: S<Text>,
    pub rate: S<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    pub at: S<Text>,
    pub text: S<String>,
}
