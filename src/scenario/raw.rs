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

/// In a schema: a string, or a whole number read as its digits (never a
/// float).
impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A string: an amount (\"12.34 EUR\"), a share (\"1.5%\"), a rate, a duration (\"90s\", \"4h\", \"2d\"), a time (\"14:00\") or a range (\"15..1500 EUR\"). A TOML float is refused: it has lost digits.",
            "anyOf": [{ "type": "string" }, { "type": "integer" }]
        })
    }
}

/// In a schema: a date, native or quoted.
impl schemars::JsonSchema for DateText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date, 1900-01-01 to 2200-12-31: a TOML date (2018-02-12) or a string (\"2018-02-12\").",
            "type": "string",
            "format": "date"
        })
    }
}

/// In a schema: a number, or a string of one.
impl schemars::JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number (a TOML float is fine here), or a string of one.",
            "anyOf": [{ "type": "number" }, { "type": "string" }]
        })
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::Datetime(dt) => format!("the date-time {dt}"),
        other => other.type_str().to_string(),
    }
}

type S<T> = Option<Spanned<T>>;

/// A whole scenario file, one field per top-level table. Every table but
/// `[scenario]` may be left out; a key no struct here names is an error.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// `[scenario]`: required; without it validation stops at once.
    #[schemars(with = "RawScenario")]
    pub scenario: Option<Spanned<RawScenario>>,
    /// `[calendars.NAME]`: custom calendars, by name. The builtins (`CN`,
    /// `TARGET2`, `ALWAYS`, `WEEKENDS`) need no table.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawCalendar>")]
    pub calendars: BTreeMap<String, Spanned<RawCalendar>>,
    /// `[fx]`; left out: a seeded path from `"7.8112"` at `"6.5%"` a year.
    pub fx: Option<RawFx>,
    /// `[cardholders]`; left out: every key's default (2000 cardholders).
    pub cardholders: Option<RawCardholders>,
    /// `[[merchants]]`, one table per group. Left out: one group
    /// `paris-boutiques` of 10 merchants in `FR`, tier `standard`, weight 1,
    /// active from the start.
    #[serde(default)]
    #[schemars(with = "Vec<RawMerchants>")]
    pub merchants: Vec<Spanned<RawMerchants>>,
    /// `[tiers.NAME]`, by name. `standard` exists without a table (daily,
    /// `"0 EUR"`, `"1.5%"`); a `[tiers.standard]` replaces it.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawTier>")]
    pub tiers: BTreeMap<String, Spanned<RawTier>>,
    /// `[issuer]`; left out: every key's default.
    pub issuer: Option<RawIssuer>,
    /// `[switch]`; left out: every key's default.
    pub switch: Option<RawSwitch>,
    /// `[settlement_bank]`; left out: every key's default.
    pub settlement_bank: Option<RawSettlementBank>,
    /// `[acquirer]`; left out: every key's default.
    pub acquirer: Option<RawAcquirer>,
    /// `[refunds]`: its presence switches refunds on (an empty table takes
    /// every key's default); left out, no payment is refunded.
    #[schemars(with = "Option<RawRefunds>")]
    pub refunds: Option<Spanned<RawRefunds>>,
    /// `[[faults]]`, one table per fault; left out, nothing breaks.
    #[serde(default)]
    #[schemars(with = "Vec<RawFault>")]
    pub faults: Vec<Spanned<RawFault>>,
    /// `[[notes]]`, narration for `explore` and `explain`.
    #[serde(default)]
    #[schemars(with = "Vec<RawNote>")]
    pub notes: Vec<Spanned<RawNote>>,
    /// `[[expect]]`, what the scenario must keep showing, checked by
    /// `corridor test`; it changes nothing in the run.
    #[serde(default)]
    #[schemars(with = "Vec<RawExpect>")]
    pub expect: Vec<Spanned<RawExpect>>,
}

/// `[scenario]`: the run's name, seed and purchase days. `name`, `seed`,
/// `start` and `days` are required.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// `[scenario] name`: required; the title reports print, one line of 1
    /// to 200 characters.
    #[schemars(with = "String")]
    pub name: S<String>,
    /// `[scenario] summary`: one line (at most 500 characters) that the
    /// report and `corridor scenarios` print; default empty.
    #[schemars(with = "Option<String>")]
    pub summary: S<String>,
    /// `[scenario] seed`: required; a whole number 0 to 2^64-1, from which
    /// every random stream derives. `--seed` overrides it.
    #[schemars(with = "u64")]
    pub seed: S<u64>,
    /// `[scenario] start`: required; the first purchase day, a date
    /// `2018-02-12` (TOML date or string, years 1900 to 2200), read in the
    /// merchants' local time.
    #[schemars(with = "DateText")]
    pub start: S<DateText>,
    /// `[scenario] days`: required; the number of purchase days, 1 to 366.
    #[schemars(with = "i64")]
    pub days: S<i64>,
    /// `[scenario] drain_days`: days the run goes on after the last purchase
    /// day to let money settle, 0 to 366; default 21.
    #[schemars(with = "Option<i64>")]
    pub drain_days: S<i64>,
}

/// `[calendars.NAME]`: a custom calendar, named by its table key, made from
/// another calendar plus dated exceptions.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    /// `[calendars.NAME] extends`: the calendar it starts from, a builtin
    /// (`CN`, `TARGET2`, `ALWAYS`, `WEEKENDS`) or another custom one (in any
    /// order, but not in a loop); default `"WEEKENDS"` (open Monday to
    /// Friday).
    #[schemars(with = "Option<String>")]
    pub extends: S<String>,
    /// `[calendars.NAME] holidays`: dates closed whatever the parent says,
    /// `[2018-03-05]`; default none. On a calendar built on `CN`, listing a
    /// date (here or in `workdays`) in a year the State Council notices in
    /// corridor do not cover makes that year the calendar's own: weekends
    /// closed, these dates as listed.
    #[serde(default)]
    #[schemars(with = "Vec<DateText>")]
    pub holidays: Vec<Spanned<DateText>>,
    /// `[calendars.NAME] workdays`: dates open whatever the parent says (an
    /// adjusted working day on a weekend); default none. A date in both
    /// lists is open.
    #[serde(default)]
    #[schemars(with = "Vec<DateText>")]
    pub workdays: Vec<Spanned<DateText>>,
}

/// `[fx]`: the EUR/CNY market rate over the run, either a seeded path
/// (`open`, `volatility`) or a fixed `table`, with `shocks` on top of either.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFx {
    /// `[fx] pair`: must be `"EUR/CNY"`, the price of 1 EUR in CNY (the
    /// default).
    #[schemars(with = "Option<String>")]
    pub pair: S<String>,
    /// `[fx] open`: the seeded path's rate on the day before the first
    /// purchase (or `joins`) day, an exact decimal string `"7.8112"` above 0
    /// and at most 1000000; default `"7.8112"` (ECB reference rate,
    /// 21 February 2018). Not with `table`.
    #[schemars(with = "Option<Text>")]
    pub open: S<Text>,
    /// `[fx] volatility`: annualised volatility of the seeded path, `"6.5%"`,
    /// 0% to 100%; one step a weekday at `volatility / sqrt(252)`. Default
    /// `"6.5%"` (realised EUR/CNY volatility in 2018). Not with `table`.
    #[schemars(with = "Option<Text>")]
    pub volatility: S<Text>,
    /// `[fx] table`: a CSV file of `date,rate` lines (CNY per 1 EUR; a header
    /// and further columns allowed, as in the ECB's files), relative to the
    /// scenario file, dates in any order, one rate a date. No randomness:
    /// the rate dated D applies from 00:00 Beijing on D+1, so the run reads
    /// the rates dated from the day before its first day to the day before
    /// its last (drain days included). A missing date carries the last rate
    /// across a gap of at most 4 days (the longest TARGET2 closure, when the
    /// ECB publishes none); a longer gap, at either end or inside, is
    /// refused with the line and the dates. Default none (the seeded path).
    #[schemars(with = "Option<String>")]
    pub table: S<String>,
    /// `[fx] shocks = [{ at = "…", move = "-1.5%" }]`: jumps of the rate;
    /// default none.
    #[serde(default)]
    #[schemars(with = "Vec<RawShock>")]
    pub shocks: Vec<Spanned<RawShock>>,
}

/// One entry of `[fx] shocks`; both keys are required.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShock {
    /// `at`: the instant the move takes effect, with its offset,
    /// `"2018-02-20T09:00+08:00"`; within the run.
    #[schemars(with = "Text")]
    pub at: S<Text>,
    /// `move`: a percentage, `"-1.5%"`: from `at` on, every rate is
    /// multiplied by `1 + move`. Above -100% and at most 1000%.
    #[serde(rename = "move")]
    #[schemars(with = "Option<Text>")]
    pub move_: S<Text>,
}

/// `[cardholders]`: the Chinese consumers who buy.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCardholders {
    /// `[cardholders] count`: 0 to 5000000; default 2000. `count x
    /// purchases_per_day x days` may plan at most 30000000 purchases
    /// (10000000 for explore, explain, learn and diff, which keep every record).
    #[schemars(with = "Option<i64>")]
    pub count: S<i64>,
    /// `[cardholders] wallet`: each wallet's opening balance, a CNY range
    /// drawn log-uniformly per cardholder, `"500..20000 CNY"` (the default).
    #[schemars(with = "Option<Text>")]
    pub wallet: S<Text>,
    /// `[cardholders] purchases_per_day`: mean purchases per cardholder per
    /// purchase day (Poisson), 0 to 50; a TOML float is allowed here.
    /// Default 0.8.
    #[schemars(with = "Option<Number>")]
    pub purchases_per_day: S<Number>,
    /// `[cardholders] ticket`: a purchase's price, a EUR range drawn
    /// log-uniformly, `"15..1500 EUR"` (the default).
    #[schemars(with = "Option<Text>")]
    pub ticket: S<Text>,
    /// `[cardholders] active_hours`: the window, in the merchant's local
    /// time, in which purchase times are drawn uniformly, `"09:00..21:00"`
    /// (the default); it must end after it starts, within one day.
    #[schemars(with = "Option<Text>")]
    pub active_hours: S<Text>,
    /// `[cardholders] linked_card`: what each cardholder's linked bank card
    /// can fund, a CNY range drawn log-uniformly per cardholder, or
    /// `"none"`. When the wallet is short the issuer pulls the rest from
    /// the card. Default `"5000..200000 CNY"` (an assumption, not a sourced
    /// figure).
    #[schemars(with = "Option<Text>")]
    pub linked_card: S<Text>,
    /// `[cardholders] retry_after`: how long a declined shopper waits before
    /// trying the same purchase once more, `"1m"` (the default, an
    /// assumption), 1 second to 1 hour.
    #[schemars(with = "Option<Text>")]
    pub retry_after: S<Text>,
}

/// `[[merchants]]`: a group of alike merchants, with ids `NAME/1` to
/// `NAME/count`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMerchants {
    /// `[[merchants]] name`: required; unique, one line of 1 to 100
    /// characters, without `/` or quotes.
    #[schemars(with = "String")]
    pub name: S<String>,
    /// `[[merchants]] count`: merchants in the group, 1 to 1000000; default 1.
    #[schemars(with = "Option<i64>")]
    pub count: S<i64>,
    /// `[[merchants]] country`: a euro-area ISO 3166 code, `"FR"`, which gives
    /// the time zone unless `timezone` is set; default `"FR"`. Another code
    /// needs `timezone`.
    #[schemars(with = "Option<String>")]
    pub country: S<String>,
    /// `[[merchants]] timezone`: an IANA zone, `"Europe/Paris"`, within
    /// UTC-4 to UTC+4; default the country's.
    #[schemars(with = "Option<String>")]
    pub timezone: S<String>,
    /// `[[merchants]] tier`: the `[tiers.NAME]` that pays the group; default
    /// `"standard"`.
    #[schemars(with = "Option<String>")]
    pub tier: S<String>,
    /// `[[merchants]] weight`: the group's share of purchases, relative to
    /// the other groups' weights and spread evenly over its merchants;
    /// 0 to 1000000, default 1. At least one group must have weight above 0.
    #[schemars(with = "Option<i64>")]
    pub weight: S<i64>,
    /// `[[merchants]] kyc`: `"pass"` (default) or `"fail"`, the outcome of
    /// the acquirer's KYC checks. A group with `"fail"` applies during the
    /// run, on its `joins` date or, without one, on the first purchase day,
    /// fails the checks `kyc_days` later and never accepts a payment (its
    /// purchases are declined `merchant_not_active`).
    #[schemars(with = "Option<String>")]
    pub kyc: S<String>,
    /// `[[merchants]] joins`: the date (merchant local) the group applies to
    /// the acquirer, at 09:00; it accepts payments once KYC passes
    /// (`[acquirer] kyc_days`). From 366 days before `start` to the run's
    /// last day (after the last purchase day is warned: the group takes no
    /// purchase). Default: onboarded before the run (unless `kyc` is
    /// `"fail"`).
    #[schemars(with = "Option<DateText>")]
    pub joins: S<DateText>,
    /// `[[merchants]] ibans`: the group's own (test) accounts, one IBAN per
    /// merchant in order (`NAME/1` first), `count` of them; spaces allowed.
    /// Each is checked against the IBAN registry (length, format, mod-97
    /// check digits). Default: drawn from the seed in the group's country.
    #[schemars(with = "Option<Vec<String>>")]
    pub ibans: S<Vec<Spanned<String>>>,
    /// `[[merchants]] bic`: the BIC (ISO 9362, 8 or 11 characters) of the
    /// bank keeping the group's accounts; default drawn from the seed.
    #[schemars(with = "Option<String>")]
    pub bic: S<String>,
}

/// `[tiers.NAME]`: when and how the acquirer pays a tier's merchants.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    /// `[tiers.NAME] payout`: `"daily"` (default), `"weekly:Mon"` (`Mon` to
    /// `Sun`) or `"monthly:1"` (day 1 to 28). A payout date on a closed day
    /// rolls to the next day SCT can go.
    #[schemars(with = "Option<String>")]
    pub payout: S<String>,
    /// `[tiers.NAME] minimum`: a due payout waits while the merchant's
    /// balance is below this, a non-negative EUR amount; default `"0 EUR"`.
    #[schemars(with = "Option<Text>")]
    pub minimum: S<Text>,
    /// `[tiers.NAME] mdr`: merchant discount rate, the acquirer's share of
    /// each merchant's gross less refunds, 0% to 100%; default `"1.5%"` (the
    /// top of the 1.0 to 1.5% quoted in the domain brief).
    #[schemars(with = "Option<Text>")]
    pub mdr: S<Text>,
}

/// `[issuer]`: the wallet provider that authorises payments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIssuer {
    /// `[issuer] name`: default `"Tenpay"`.
    #[schemars(with = "Option<String>")]
    pub name: S<String>,
    /// `[issuer] limit_per_payment`: the largest payment authorised, a
    /// positive CNY amount; default `"50000 CNY"` (wallet limit quoted by
    /// acquirers).
    #[schemars(with = "Option<Text>")]
    pub limit_per_payment: S<Text>,
    /// `[issuer] limit_per_day`: the most one cardholder may spend in a
    /// Beijing calendar day, a positive CNY amount; default `"100000 CNY"`.
    #[schemars(with = "Option<Text>")]
    pub limit_per_day: S<Text>,
    /// `[issuer] risk_decline`: share of authorisation requests declined for
    /// risk, 0% to 100%; default `"0.2%"`.
    #[schemars(with = "Option<Text>")]
    pub risk_decline: S<Text>,
}

/// `[switch]`: the wallet scheme that routes, prices and clears. Its times
/// are Beijing times.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSwitch {
    /// `[switch] name`: default `"WeChat Pay"`.
    #[schemars(with = "Option<String>")]
    pub name: S<String>,
    /// `[switch] cutoff`: the Beijing time the clearing day closes; default
    /// `"00:00"` (midnight). A cut-off before 12:00 closes day D at that time
    /// on D+1; one from 12:00 on, at that time on D.
    #[schemars(with = "Option<Text>")]
    pub cutoff: S<Text>,
    /// `[switch] fx_markup`: the consumer's rate is the market rate times
    /// `1 + fx_markup`; the scheme's margin, a percentage from 0% to 1000%
    /// (above 10% is warned); default `"0%"`.
    #[schemars(with = "Option<Text>")]
    pub fx_markup: S<Text>,
    /// `[switch] scheme_fee`: the switch's fee, a share of each merchant's
    /// gross less refunds per clearing day, taken from the acquirer's
    /// statement; 0% to 100%, default `"0.6%"`.
    #[schemars(with = "Option<Text>")]
    pub scheme_fee: S<Text>,
    /// `[switch] latency`: time per online message hop (order, authorisation
    /// request, answer), each drawn uniformly, `"100ms..900ms"` (the
    /// default) or one duration; at most 10m.
    #[schemars(with = "Option<Text>")]
    pub latency: S<Text>,
    /// `[switch] convert`: `"daily"` (default: each clearing day's CNY
    /// converted on T+1, every calendar day) or `"at_remittance"` (one
    /// consolidated purchase when the pool is remitted).
    #[schemars(with = "Option<String>")]
    pub convert: S<String>,
    /// `[switch] convert_at`: Beijing time of the daily T+1 conversion;
    /// default `"09:00"` (when the statement is published).
    #[schemars(with = "Option<Text>")]
    pub convert_at: S<Text>,
    /// `[switch] timeout`: how long the switch waits for the issuer before it
    /// declines (issuer unavailable) and reverses, a duration; default
    /// `"30s"`.
    #[schemars(with = "Option<Text>")]
    pub timeout: S<Text>,
}

/// `[settlement_bank]`: the partner bank in China that converts and remits.
/// Its times are Beijing times.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSettlementBank {
    /// `[settlement_bank] name`: default `"Partner Bank"`.
    #[schemars(with = "Option<String>")]
    pub name: S<String>,
    /// `[settlement_bank] calendar`: the working days it remits on, a builtin
    /// or a `[calendars.NAME]`; default `"CN"`.
    #[schemars(with = "Option<String>")]
    pub calendar: S<String>,
    /// `[settlement_bank] remit_at`: Beijing time of the daily remittance
    /// window; before `cutoff`; default `"10:00"`.
    #[schemars(with = "Option<Text>")]
    pub remit_at: S<Text>,
    /// `[settlement_bank] cutoff`: Beijing time after which an approved
    /// remittance waits for the next working day's window; default
    /// `"17:15"` (the HVPS cut-off from 22 January 2018,
    /// `domain::rules::HVPS_CUTOFF`); an earlier run must set it.
    #[schemars(with = "Option<Text>")]
    pub cutoff: S<Text>,
    /// `[settlement_bank] minimum`: the EUR pool is remitted only from this
    /// amount (a shortfall owed goes out regardless), a non-negative EUR
    /// amount; default `"650 EUR"` (about the brief's USD 800).
    #[schemars(with = "Option<Text>")]
    pub minimum: S<Text>,
    /// `[settlement_bank] approval`: the regulator's time to approve each
    /// remittance, a duration range drawn uniformly, `"1h..4h"` (the
    /// default), or `"none"` to skip approval (then approval faults are
    /// errors).
    #[schemars(with = "Option<Text>")]
    pub approval: S<Text>,
    /// `[settlement_bank] approval_reject`: share of remittances the
    /// regulator refuses, 0% to 100% (only 0% with `approval = "none"`);
    /// default `"0%"`.
    #[schemars(with = "Option<Text>")]
    pub approval_reject: S<Text>,
    /// `[settlement_bank] fx_spread`: the bank converts at the market rate
    /// times `1 + fx_spread`; the bank's margin, 0% to 1000% (above 5% is
    /// warned); default `"0.1%"`.
    #[schemars(with = "Option<Text>")]
    pub fx_spread: S<Text>,
    /// `[settlement_bank] transit`: acquirer business days from sending to
    /// the value date, `"1"` (or `1`) or a range `"1..3"` drawn uniformly;
    /// 1 to 30, default `"1..3"`.
    #[schemars(with = "Option<Text>")]
    pub transit: S<Text>,
}

/// `[acquirer]`: the European institution that onboards and pays merchants.
/// Its times are local to `timezone`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAcquirer {
    /// `[acquirer] name`: default `"Euro Acquiring"`.
    #[schemars(with = "Option<String>")]
    pub name: S<String>,
    /// `[acquirer] timezone`: an IANA zone; default `"Europe/Luxembourg"`.
    #[schemars(with = "Option<String>")]
    pub timezone: S<String>,
    /// `[acquirer] calendar`: its business days (SCT payouts, value dates,
    /// KYC days), a builtin or a `[calendars.NAME]`; default `"TARGET2"`.
    #[schemars(with = "Option<String>")]
    pub calendar: S<String>,
    /// `[acquirer] payout_at`: local time of the daily payout run; default
    /// `"14:00"`.
    #[schemars(with = "Option<Text>")]
    pub payout_at: S<Text>,
    /// `[acquirer] scheme`: `"SCT"` (default) or `"SCT_INST"`; an instant
    /// payout above `inst_cap` goes by SCT.
    #[schemars(with = "Option<String>")]
    pub scheme: S<String>,
    /// `[acquirer] kyc_days`: acquirer business days KYC takes for a merchant
    /// that joins, `"2"` or a range `"1..3"` drawn uniformly; 0 to 60,
    /// default `"1..3"`.
    #[schemars(with = "Option<Text>")]
    pub kyc_days: S<Text>,
    /// `[acquirer] value_time`: local time at which value-dated money is
    /// credited; default `"07:00"` (TARGET2's day-trade phase opens).
    #[schemars(with = "Option<Text>")]
    pub value_time: S<Text>,
    /// `[acquirer] inst_cap`: the SCT Inst amount cap, a EUR amount; default
    /// the scheme maximum on the payout date (`domain::rules::SCT_INST_MAXIMUM`:
    /// 15000 EUR from the launch, 100000 EUR from 1 July 2020, none from
    /// 5 October 2025); a run the table does not cover must set it.
    #[schemars(with = "Option<Text>")]
    pub inst_cap: S<Text>,
    /// `[acquirer] inst_latency`: time for an SCT Inst payout to be
    /// credited, a duration range drawn uniformly; default `"1s..10s"`.
    #[schemars(with = "Option<Text>")]
    pub inst_latency: S<Text>,
}

/// `[refunds]`: which completed payments the merchants refund, and when.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRefunds {
    /// `[refunds] rate`: share of completed payments refunded, 0% to 100%;
    /// default `"1%"`.
    #[schemars(with = "Option<Text>")]
    pub rate: S<Text>,
    /// `[refunds] after`: delay from the payment to each refund, a duration
    /// range drawn uniformly, at most 365d (the scheme's window); default
    /// `"0d..5d"`.
    #[schemars(with = "Option<Text>")]
    pub after: S<Text>,
    /// `[refunds] partial`: share of refunded payments refunded in one to
    /// three parts rather than whole, 0% to 100%; default `"30%"`.
    #[schemars(with = "Option<Text>")]
    pub partial: S<Text>,
    /// `[refunds] retry`: delay before a refund the CNY pool could not pay
    /// (NOT_ENOUGH) is tried again, at least `"1m"`; default `"6h"`.
    #[schemars(with = "Option<Text>")]
    pub retry: S<Text>,
}

/// `[[faults]]`: one fault: its `kind`, the keys that kind needs, and its
/// window (`on`, or `from`/`until`; none: the whole run).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFault {
    /// `[[faults]] kind`: required; `payout_reject`, `payout_return`,
    /// `approval_delay`, `approval_reject`, `remittance_short`,
    /// `issuer_timeout`, `direct_debit_return` or `kyc_fail`.
    #[schemars(with = "String")]
    pub kind: S<String>,
    /// `[[faults]] merchant`: a group `"paris-boutiques"` or one merchant
    /// `"paris-boutiques/3"`; required by `payout_reject`, `payout_return`,
    /// `direct_debit_return` and `kyc_fail`, refused by the others.
    #[schemars(with = "Option<String>")]
    pub merchant: S<String>,
    /// `[[faults]] reason`: an ISO 20022 reason code, `"AC04"`, on the EPC
    /// list of the R-transaction the fault produces
    /// (`domain::reason::RTransaction`): `payout_reject` an SCT reject,
    /// `payout_return` an SCT return (under `SCT_INST` either is an SCT Inst
    /// reject), `direct_debit_return` an SDD return; refused by the others.
    #[schemars(with = "Option<String>")]
    pub reason: S<String>,
    /// `[[faults]] from`: the window's first day, a date; default the day
    /// before the run's first day (`start`, or an earlier `joins`). Not with
    /// `on`. A window the run never reaches is refused.
    #[schemars(with = "Option<DateText>")]
    pub from: S<DateText>,
    /// `[[faults]] until`: the window's last day, inclusive; default the
    /// run's last day (last purchase day plus `drain_days`). Not with `on`.
    #[schemars(with = "Option<DateText>")]
    pub until: S<DateText>,
    /// `[[faults]] on`: a one-day window, in place of `from` and `until`.
    #[schemars(with = "Option<DateText>")]
    pub on: S<DateText>,
    /// `[[faults]] delay`: required by `approval_delay` only: added to the
    /// regulator's time for requests made in the window, a duration `"2d"`
    /// (at most 400d); overlapping delays add up.
    #[schemars(with = "Option<Text>")]
    pub delay: S<Text>,
    /// `[[faults]] amount`: required by `remittance_short` only: the EUR a
    /// remittance sent in the window arrives short by (at most all of it),
    /// a positive amount `"500 EUR"`; the bank sends it with the next one.
    #[schemars(with = "Option<Text>")]
    pub amount: S<Text>,
    /// `[[faults]] rate`: required by `issuer_timeout` only: share of
    /// authorisation requests the issuer answers too late, 0% to 100%.
    #[schemars(with = "Option<Text>")]
    pub rate: S<Text>,
}

/// `[[notes]]`: narration for `explore` and `explain`; it changes nothing in
/// the run. Both keys are required.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    /// `[[notes]] at`: the instant the note belongs to, with its offset,
    /// `"2018-02-15T00:00+08:00"`; within the run (00:00 Beijing on its
    /// first day to the end of `drain_days`).
    #[schemars(with = "Text")]
    pub at: S<Text>,
    /// `[[notes]] text`: the narration, one line of 1 to 1000 characters.
    #[schemars(with = "String")]
    pub text: S<String>,
}

/// `[[expect]]`: a metric of the run (`corridor test --metrics` lists them)
/// and exactly one of `at_least`, `at_most`, `equals`, in the metric's unit.
/// It changes nothing in the run; `corridor test` checks it.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    /// `[[expect]] metric`: required; a metric name, `"payments.completed"`,
    /// `"remittance.R0003.value_date"`.
    #[schemars(with = "String")]
    pub metric: S<String>,
    /// `[[expect]] at_least`: the run's value is this or more.
    #[schemars(with = "Option<ExpectText>")]
    pub at_least: S<ExpectText>,
    /// `[[expect]] at_most`: the run's value is this or less.
    #[schemars(with = "Option<ExpectText>")]
    pub at_most: S<ExpectText>,
    /// `[[expect]] equals`: the run's value is exactly this.
    #[schemars(with = "Option<ExpectText>")]
    pub equals: S<ExpectText>,
}

/// An expected value: a count (`9000` or `"9000"`), a duration (`"12d"`),
/// an amount (`"1234.56 EUR"`) or a date (`2018-02-26`, native or quoted).
#[derive(Debug, Clone)]
pub struct ExpectText(pub String);

impl<'de> Deserialize<'de> for ExpectText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ExpectText, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(ExpectText(s)),
            toml::Value::Integer(i) => Ok(ExpectText(i.to_string())),
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => Ok(ExpectText(dt.to_string())),
            toml::Value::Float(f) => Err(D::Error::custom(format!(
                "{f} is a TOML float, which loses digits before corridor reads it: write it as a string, \"{f} EUR\""
            ))),
            other => Err(D::Error::custom(format!(
                "expected a count, a duration, an amount or a date, found {}",
                describe(&other)
            ))),
        }
    }
}

/// In a schema: a string, a whole number or a date.
impl schemars::JsonSchema for ExpectText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExpectValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A value in the metric's unit: a count (9000), a duration (\"12d\"), an amount (\"1234.56 EUR\") or a date (2018-02-26).",
            "anyOf": [{ "type": "string" }, { "type": "integer" }]
        })
    }
}
