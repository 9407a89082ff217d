//! Lesson files as written: plain serde structs that mirror the TOML, every
//! value kept with its span. Nothing here is checked beyond TOML types and
//! key names; `validate` turns this into a [`super::Lesson`].

use serde::Deserialize;
use toml::Spanned;

/// A whole lesson file: `[lesson]` and its `[[stop]]`s in order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLesson {
    /// `[lesson]`: what it is called and which run it teaches from.
    pub lesson: Option<Spanned<RawHead>>,
    /// `[[stop]]`: the instants of the run the lesson stops at, in order.
    #[serde(default)]
    pub stop: Vec<Spanned<RawStop>>,
}

/// `[lesson]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHead {
    /// `title`: the lesson's name in the course.
    pub title: Option<Spanned<String>>,
    /// `scenario`: a bundled scenario's name, or a path relative to the
    /// lesson file.
    pub scenario: Option<Spanned<String>>,
    /// `seed`: replaces the scenario's seed (answers follow the run).
    pub seed: Option<Spanned<u64>>,
    /// `summary`: one sentence for the course's list.
    pub summary: Option<Spanned<String>>,
}

/// `[[stop]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStop {
    /// `title`: a few words, listed on the score screen.
    pub title: Option<Spanned<String>>,
    /// `at`: which instant of the run, as an event selector or a time.
    pub at: Option<Spanned<RawAt>>,
    /// `panel`: money, calendar, log or sequence.
    pub panel: Option<Spanned<String>>,
    /// `text`: what just happened, in the domain's words.
    pub text: Option<Spanned<String>>,
    /// `[stop.question]`.
    pub question: Option<Spanned<RawQuestion>>,
}

/// `at = { kind = "remittance_sent", nth = 2 }` or `at = { time = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAt {
    /// `kind`: the event's kind, as the log names it.
    pub kind: Option<Spanned<String>>,
    /// `nth`: the n-th matching event of the run (1-based, default 1).
    pub nth: Option<Spanned<i64>>,
    /// `payment`: the event names this payment (`P00000042`).
    pub payment: Option<Spanned<String>>,
    /// `batch`: the event names this clearing batch (`B20180216`).
    pub batch: Option<Spanned<String>>,
    /// `remittance`: the event names this remittance (`R0002`).
    pub remittance: Option<Spanned<String>>,
    /// `payout`: the event names this payout (`PO000003`).
    pub payout: Option<Spanned<String>>,
    /// `pays`: the event names the payout that credited this payment to
    /// its merchant (`P00000001`): where a lesson follows a payment to the
    /// merchant's account.
    pub pays: Option<Spanned<String>>,
    /// `merchant`: the event names this merchant (`paris-boutiques/3`).
    pub merchant: Option<Spanned<String>>,
    /// `local_from`: at or after this time of day where the event's
    /// merchant is (or the acquirer, for an event with no merchant).
    pub local_from: Option<Spanned<String>>,
    /// `time`: an instant with its offset, instead of an event selector.
    pub time: Option<Spanned<String>>,
}

/// `[stop.question]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// `ask`: the question.
    pub ask: Option<Spanned<String>>,
    /// `type`: choice, date or amount.
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    /// `answer`: the query whose value on the run is the right answer.
    pub answer: Option<Spanned<String>>,
    /// `options`: the choices offered (a choice question); generated from
    /// the run when absent and the answer is a party or a count.
    pub options: Option<Spanned<Vec<String>>>,
}
