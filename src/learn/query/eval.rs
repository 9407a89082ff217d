//! Evaluating a query on the run: the id resolved (`this` is the stop's
//! event's), the value read from the events (or the metrics), and the
//! events that decided it, for the feedback.

use crate::agents::acquirer::PayoutOutcome;
use crate::domain::Date;
use crate::domain::ids::{BatchId, ExceptionId, PaymentId, PayoutId, RemittanceId};
use crate::domain::zone::Zone;
use crate::messages::{Body, Kind};
use crate::replay::Recording;
use crate::scenario::expect::Value;

use super::{Answer, Asked, Context, Fact, party};

impl Asked {
    /// The query's value on the run, or why it has none (a message for the
    /// trainer: the lesson does not fit the run).
    pub fn eval(&self, cx: &Context<'_>) -> Result<Fact, String> {
        let id = self.resolve(cx)?;
        if self.metric {
            return self.metric_fact(cx, &id);
        }
        match self.pattern {
            "payment.ID.eur" | "payment.ID.cny" | "payment.ID.rate" | "payment.ID.debited_by" => {
                self.payment_fixed(cx, &id)
            }
            "payment.ID.clearing_day" => self.clearing_day(cx, &id),
            "payment.ID.credited" => self.credited(cx, &id),
            "batch.ID.sent"
            | "batch.ID.requested"
            | "batch.ID.value_date"
            | "batch.ID.remittance"
            | "batch.ID.paid_to" => self.batch(cx, &id),
            "remittance.ID.amount" => self.remittance_amount(cx, &id),
            "exception.ID.resolved_by" => self.resolved_by(cx, &id),
            "exception.ID.shortfall" => self.shortfall(cx, &id),
            "payout.ID.message" | "payout.ID.reason" | "payout.ID.released" => self.payout(cx, &id),
            "refund.ID.failures" => self.refund_failures(cx, &id),
            "direct_debit.ID.outcome" => self.direct_debit_outcome(cx, &id),
            "direct_debit.ID.amount" => self.direct_debit_amount(cx, &id),
            _ => self.fx_outcome(cx),
        }
    }

    fn payment_fixed(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let p = parse_id(id, PaymentId::parse, "a payment id like P00000042")?;
        let asked = find(
            rec,
            Kind::AuthorizationRequested,
            |b| matches!(b, Body::AuthorizationRequested { payment, .. } if *payment == p),
        );
        let authorised = find(
            rec,
            Kind::PaymentAuthorized,
            |b| matches!(b, Body::PaymentAuthorized { payment, .. } if *payment == p),
        );
        let completed = find(
            rec,
            Kind::PaymentCompleted,
            |b| matches!(b, Body::PaymentCompleted { payment, .. } if *payment == p),
        );
        match (self.pattern, asked, authorised, completed) {
            ("payment.ID.eur", Some(a), _, Some(c)) => match &rec.events.get(c).body {
                Body::PaymentCompleted { amount, .. } => fact(Answer::Money(*amount), vec![a, c], None),
                _ => none("no such payment"),
            },
            ("payment.ID.cny", Some(a), Some(d), _) => match &rec.events.get(a).body {
                Body::AuthorizationRequested { amount, .. } => fact(Answer::Money(*amount), vec![a, d], None),
                _ => none("no such payment"),
            },
            ("payment.ID.rate", Some(a), _, _) => match &rec.events.get(a).body {
                Body::AuthorizationRequested { rate, .. } => fact(Answer::Word(rate.to_string()), vec![a], None),
                _ => none("no such payment"),
            },
            ("payment.ID.debited_by", asked, Some(d), _) => {
                let mut f = fact(
                    Answer::Word(party(rec.events.get(d).from).into()),
                    asked.into_iter().chain([d]).collect(),
                    None,
                )?;
                if let Some(a) = asked {
                    f.notes.push(format!(
                        "The {} keeps the shopper's CNY wallet, so it checks and debits it; the {} only asked it to authorise",
                        party(rec.events.get(d).from),
                        party(rec.events.get(a).from)
                    ));
                }
                Ok(f)
            }
            _ => none(&format!("payment {id} was not completed")),
        }
    }

    fn clearing_day(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let p = parse_id(id, PaymentId::parse, "a payment id like P00000042")?;
        let Some(c) = find(
            rec,
            Kind::PaymentCompleted,
            |b| matches!(b, Body::PaymentCompleted { payment, .. } if *payment == p),
        ) else {
            return none(&format!("payment {id} was not completed"));
        };
        let Body::PaymentCompleted { batch, .. } = rec.events.get(c).body else {
            return none("no such payment");
        };
        let mut events = vec![c];
        events.extend(find(
            rec,
            Kind::ClearingBatchClosed,
            |b| matches!(b, Body::ClearingBatchClosed { batch: d, .. } if *d == batch),
        ));
        fact(Answer::Date(batch.day()), events, Some(batch))
    }

    fn credited(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let p = parse_id(id, PaymentId::parse, "a payment id like P00000042")?;
        let payouts = rec.outcome.acquirer().payouts();
        let settled = payouts
            .iter()
            .enumerate()
            .filter(|(_, po)| po.outcome == PayoutOutcome::Settled)
            .find(|(_, po)| po.payments.iter().any(|c| c.payment == p))
            .map(|(i, _)| PayoutId::from_index(i as u32));
        let Some(po) = settled else {
            return none(&format!("payment {id} was never credited to its merchant"));
        };
        let sent = find(
            rec,
            Kind::PayoutSent,
            |b| matches!(b, Body::PayoutSent { payout, .. } if *payout == po),
        );
        let Some(s) = find(
            rec,
            Kind::PayoutSettled,
            |b| matches!(b, Body::PayoutSettled { payout, .. } if *payout == po),
        ) else {
            return none(&format!("payment {id} was never credited to its merchant"));
        };
        let date = rec.scenario.acquirer.zone.date(rec.events.at(s));
        fact(Answer::Date(date), sent.into_iter().chain([s]).collect(), None)
    }

    fn batch(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let b = parse_batch(id)?;
        let requested = (0..rec.events.len()).rev().find(|&i| {
            matches!(rec.events.kind(i), Kind::RemittanceRequested | Kind::RemittanceExtended)
                && rec.events.get(i).body.names_batch(b)
        });
        let Some(s) = find(rec, Kind::RemittanceSent, |x| {
            matches!(x, Body::RemittanceSent { .. }) && x.names_batch(b)
        }) else {
            return none(&format!("batch {id} never left China"));
        };
        let Body::RemittanceSent {
            remittance, value_date, ..
        } = &rec.events.get(s).body
        else {
            return none("no such batch");
        };
        let received = find(
            rec,
            Kind::RemittanceReceived,
            |x| matches!(x, Body::RemittanceReceived { remittance: r, .. } if r == remittance),
        );
        if self.pattern == "batch.ID.requested" {
            let Some(r) = requested else {
                return none(&format!("batch {id} was never asked to be remitted"));
            };
            return fact(Answer::Date(Zone::beijing().date(rec.events.at(r))), vec![r], Some(b));
        }
        let value = match self.pattern {
            "batch.ID.sent" => Answer::Date(Zone::beijing().date(rec.events.at(s))),
            "batch.ID.value_date" => Answer::Date(*value_date),
            "batch.ID.paid_to" => Answer::Word(party(rec.events.get(s).to).into()),
            _ => Answer::Word(remittance.to_string()),
        };
        let events = match self.pattern {
            "batch.ID.value_date" | "batch.ID.paid_to" => [Some(s), received].into_iter().flatten().collect(),
            _ => requested.into_iter().chain([s]).collect(),
        };
        fact(value, events, Some(b))
    }

    fn remittance_amount(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let r = parse_id(id, RemittanceId::parse, "a remittance id like R0002")?;
        let Some(i) = find(
            rec,
            Kind::RemittanceReceived,
            |b| matches!(b, Body::RemittanceReceived { remittance, .. } if *remittance == r),
        ) else {
            return none(&format!("remittance {id} never arrived"));
        };
        let Body::RemittanceReceived { amount, .. } = rec.events.get(i).body else {
            return none("no such remittance");
        };
        fact(Answer::Money(amount), remittance_events(rec, r), None)
    }

    fn resolved_by(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let x = parse_id(id, ExceptionId::parse, "an exception id like E0001")?;
        let Some(i) = find(
            rec,
            Kind::ExceptionResolved,
            |b| matches!(b, Body::ExceptionResolved { exception, .. } if *exception == x),
        ) else {
            return none(&format!("exception {id} was never resolved"));
        };
        let Body::ExceptionResolved { remittance, .. } = rec.events.get(i).body else {
            return none("no such exception");
        };
        fact(Answer::Word(remittance.to_string()), vec![i], None)
    }

    fn shortfall(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let x = parse_id(id, ExceptionId::parse, "an exception id like E0001")?;
        let Some(i) = find(
            rec,
            Kind::ReconciliationFailed,
            |b| matches!(b, Body::ReconciliationFailed { exception, .. } if *exception == x),
        ) else {
            return none(&format!("no exception {id}"));
        };
        let Body::ReconciliationFailed { expected, amount, .. } = rec.events.get(i).body else {
            return none("no such exception");
        };
        let resolved = find(
            rec,
            Kind::ExceptionResolved,
            |b| matches!(b, Body::ExceptionResolved { exception, .. } if *exception == x),
        );
        // The remittance that brings the shortfall, as China asked for it.
        let by = resolved.and_then(|r| match rec.events.get(r).body {
            Body::ExceptionResolved { remittance, .. } => Some(remittance),
            _ => None,
        });
        let carried = by.and_then(|r| {
            find(
                rec,
                Kind::RemittanceRequested,
                |b| matches!(b, Body::RemittanceRequested { remittance, .. } if *remittance == r),
            )
        });
        let mut f = fact(
            Answer::Money(expected - amount),
            [Some(i), carried, resolved].into_iter().flatten().collect(),
            None,
        )?;
        if let Some(r) = by {
            f.notes.push(format!(
                "Expected {}, received {}: the missing {} came with {r}",
                expected.grouped(),
                amount.grouped(),
                (expected - amount).grouped()
            ));
        }
        Ok(f)
    }

    fn refund_failures(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let is = |b: &Body| b.refund().is_some_and(|r| r.to_string() == id);
        let failed: Vec<usize> = (0..rec.events.len())
            .filter(|&i| rec.events.kind(i) == Kind::RefundFailed && is(&rec.events.get(i).body))
            .collect();
        let Some(done) = find(rec, Kind::RefundCompleted, |b| {
            matches!(b, Body::RefundCompleted { .. }) && is(b)
        }) else {
            return none(&format!("refund {id} was never paid"));
        };
        let mut events: Vec<usize> = failed.iter().copied().take(1).collect();
        events.push(done);
        fact(Answer::Count(failed.len() as u64), events, None)
    }

    fn direct_debit_outcome(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let is = |b: &Body| b.direct_debit().is_some_and(|d| d.to_string() == id);
        let Some(sent) = find(rec, Kind::DirectDebitSent, |b| {
            matches!(b, Body::DirectDebitSent { .. }) && is(b)
        }) else {
            return none(&format!("no direct debit {id}"));
        };
        let returned = find(rec, Kind::DirectDebitReturned, |b| {
            matches!(b, Body::DirectDebitReturned { .. }) && is(b)
        });
        let settled = find(rec, Kind::DirectDebitSettled, |b| {
            matches!(b, Body::DirectDebitSettled { .. }) && is(b)
        });
        let returned_event = returned.map(|i| rec.events.get(i));
        let word = match returned_event.as_ref().map(|e| &e.body) {
            Some(Body::DirectDebitReturned { reason, .. }) => format!("returned {}", reason.code),
            _ => "collected".to_string(),
        };
        fact(
            Answer::Word(word),
            [Some(sent), settled, returned].into_iter().flatten().collect(),
            None,
        )
    }

    fn direct_debit_amount(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        let is = |b: &Body| b.direct_debit().is_some_and(|d| d.to_string() == id);
        let Some(i) = find(rec, Kind::DirectDebitSent, |b| {
            matches!(b, Body::DirectDebitSent { .. }) && is(b)
        }) else {
            return none(&format!("no direct debit {id}"));
        };
        let Body::DirectDebitSent { amount, .. } = rec.events.get(i).body else {
            return none("no such direct debit");
        };
        let settled = find(rec, Kind::DirectDebitSettled, |b| {
            matches!(b, Body::DirectDebitSettled { .. }) && is(b)
        });
        fact(
            Answer::Money(amount),
            [Some(i), settled].into_iter().flatten().collect(),
            None,
        )
    }

    fn fx_outcome(&self, cx: &Context<'_>) -> Result<Fact, String> {
        let rec = cx.rec;
        let none = |what: &str| Err(format!("`{}`: {what} in this run", self.written));
        // switch.fx_outcome: the sign of the switch's FX result.
        let Some(Value::Money(result)) = cx.metrics.get("switch.fx_result").copied() else {
            return none("the switch has no FX result");
        };
        let word = if result.is_positive() {
            "gain"
        } else if result.is_negative() {
            "loss"
        } else {
            "even"
        };
        // The biggest purchase tells the story: the one that carried
        // the most CNY across the rate's move.
        let converted: Vec<usize> = (0..rec.events.len())
            .filter(|&i| rec.events.kind(i) == Kind::FxConverted)
            .filter_map(|i| match &rec.events.get(i).body {
                Body::FxConverted { sold, .. } => Some((sold.amount(), i)),
                _ => None,
            })
            .max()
            .map(|(_, i)| i)
            .into_iter()
            .collect();
        let mut f = fact(Answer::Word(word.into()), converted.clone(), None)?;
        // The shoppers' rates against the bank's: CNY per EUR, so a higher
        // rate at conversion means each EUR cost the switch more CNY than
        // the shoppers paid for it.
        let quoted: Vec<(rust_decimal::Decimal, rust_decimal::Decimal)> = (0..rec.events.len())
            .filter(|&i| rec.events.kind(i) == Kind::AuthorizationRequested)
            .filter_map(|i| match rec.events.get(i).body {
                Body::AuthorizationRequested { rate, amount, .. } => Some((rate, amount.amount())),
                _ => None,
            })
            .collect();
        let rates: Vec<rust_decimal::Decimal> = quoted.iter().map(|(r, _)| *r).collect();
        // The shoppers' average, weighted by what they paid: all their CNY
        // over all the EUR it bought.
        let cny: rust_decimal::Decimal = quoted.iter().map(|(_, c)| *c).sum();
        let eur: rust_decimal::Decimal = quoted.iter().map(|(r, c)| *c / *r).sum();
        let bank = converted.first().and_then(|&i| match rec.events.get(i).body {
            Body::FxConverted { rate, .. } => Some(rate),
            _ => None,
        });
        if let (Some(bank), Some(low), Some(high)) = (bank, rates.iter().min(), rates.iter().max()) {
            let average = if eur.is_zero() {
                bank
            } else {
                (cny / eur).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            };
            let cost = if bank > average {
                "each EUR cost the switch more CNY than the shoppers paid for it"
            } else if bank < average {
                "each EUR cost the switch fewer CNY than the shoppers paid for it"
            } else {
                "each EUR cost the switch what the shoppers paid for it"
            };
            f.notes.push(format!(
                "Shoppers paid {low} to {high} CNY per EUR, {average} on average; the bank sold the switch's CNY at {bank}: {cost}, so the switch's FX result is a {word}"
            ));
        }
        Ok(f)
    }

    fn payout(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let rec = cx.rec;
        let po = parse_id(id, PayoutId::parse, "a payout id like PO000003")?;
        let Some(payout) = rec.outcome.acquirer().payouts().get(po.index()) else {
            return Err(format!("`{}`: no payout {id} in this run", self.written));
        };
        let sent = find(
            rec,
            Kind::PayoutSent,
            |b| matches!(b, Body::PayoutSent { payout, .. } if *payout == po),
        );
        let bounced = [Kind::PayoutRejected, Kind::PayoutReturned]
            .into_iter()
            .filter_map(|k| {
                find(rec, k, |b| {
                    matches!(b, Body::PayoutRejected { payout, .. } | Body::PayoutReturned { payout, .. } if *payout == po)
                })
            })
            .min();
        let bounced_event = bounced.map(|i| rec.events.get(i));
        let (message, reason) = match bounced_event.as_ref().map(|e| &e.body) {
            Some(Body::PayoutRejected { reason, .. }) => ("pacs.002", reason.code.to_string()),
            Some(Body::PayoutReturned { reason, .. }) => ("pacs.004", reason.code.to_string()),
            _ => ("nothing", "none".to_string()),
        };
        let events: Vec<usize> = [sent, bounced].into_iter().flatten().collect();
        match self.pattern {
            "payout.ID.message" => Ok(Fact {
                value: Answer::Word(message.into()),
                events,
                batch: None,
                notes: Vec::new(),
            }),
            "payout.ID.reason" => Ok(Fact {
                value: Answer::Word(reason),
                events,
                batch: None,
                notes: Vec::new(),
            }),
            _ => {
                let after =
                    bounced.ok_or_else(|| format!("`{}`: payout {id} was never rejected or returned", self.written))?;
                let released = (after..rec.events.len()).find(|&i| {
                    rec.events.kind(i) == Kind::SuspenseReleased
                        && matches!(&rec.events.get(i).body, Body::SuspenseReleased { merchant, .. } if *merchant == payout.merchant)
                });
                let Some(r) = released else {
                    return Err(format!(
                        "`{}`: payout {id}'s money never left suspense in this run",
                        self.written
                    ));
                };
                let date = rec.scenario.acquirer.zone.date(rec.events.at(r));
                Ok(Fact {
                    value: Answer::Date(date),
                    events: events.into_iter().chain([r]).collect(),
                    batch: None,
                    notes: Vec::new(),
                })
            }
        }
    }

    fn metric_fact(&self, cx: &Context<'_>, id: &str) -> Result<Fact, String> {
        let name = if self.id.is_empty() {
            self.written.clone()
        } else {
            self.pattern.replacen(
                self.pattern
                    .split('.')
                    .find(|w| w.chars().all(|c| c.is_ascii_uppercase()))
                    .unwrap_or("ID"),
                id,
                1,
            )
        };
        let value = cx
            .metrics
            .get(&name)
            .ok_or_else(|| format!("`{}`: metric `{name}` has no value in this run", self.written))?;
        let events = RemittanceId::parse(id).map_or_else(Vec::new, |r| remittance_events(cx.rec, r));
        let value = match value {
            Value::Count(n) => Answer::Count(*n),
            Value::Money(m) => Answer::Money(*m),
            Value::Date(d) => Answer::Date(*d),
            Value::Duration(d) => Answer::Word(d.to_string()),
        };
        // A remittance's days, listed: the count alone does not say which
        // days waited, nor why the last day before a holiday is among them.
        let notes = RemittanceId::parse(id)
            .filter(|_| name.ends_with(".batches"))
            .and_then(|r| {
                let i = find(
                    cx.rec,
                    Kind::RemittanceRequested,
                    |b| matches!(b, Body::RemittanceRequested { remittance, .. } if *remittance == r),
                )?;
                match &cx.rec.events.get(i).body {
                    Body::RemittanceRequested { batches, .. } => Some(carried(r, batches)),
                    _ => None,
                }
            })
            .into_iter()
            .collect();
        Ok(Fact {
            value,
            events,
            batch: None,
            notes,
        })
    }

    /// The id the query is about: as written, or the stop's event's for `this`.
    fn resolve(&self, cx: &Context<'_>) -> Result<String, String> {
        if self.id != "this" {
            return Ok(self.id.clone());
        }
        let e = &cx.rec.events.get(cx.event);
        let what = self.pattern.split('.').next().unwrap_or_default();
        let found = match what {
            "payment" => e.body.payment().map(|x| x.to_string()),
            "batch" => e.body.first_batch().map(|x| x.to_string()),
            "remittance" => e.body.remittance().map(|x| x.to_string()),
            "payout" => e.body.payout().map(|x| x.to_string()),
            "exception" => e.body.exception().map(|x| x.to_string()),
            "merchant" => e.body.merchant().map(|m| cx.rec.names().name(m)),
            "refund" => e.body.refund().map(|x| x.to_string()),
            "direct_debit" => e.body.direct_debit().map(|x| x.to_string()),
            _ => None,
        };
        found.ok_or_else(|| {
            format!(
                "`{}`: the stop's event ({}) names no {}; stop at an event that does, or write the id",
                self.written,
                e.kind().name(),
                what.replace('_', " ")
            )
        })
    }
}

fn parse_id<T>(id: &str, parse: fn(&str) -> Option<T>, like: &str) -> Result<T, String> {
    parse(id).ok_or_else(|| format!("`{id}` is not {like}"))
}

pub(super) fn parse_batch(id: &str) -> Result<BatchId, String> {
    let bad = || format!("`{id}` is not a clearing batch id like B20180216");
    let digits = id.strip_prefix('B').ok_or_else(bad)?;
    if digits.len() != 8 {
        return Err(bad());
    }
    let dashed = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
    dashed.parse::<Date>().map(BatchId).map_err(|_| bad())
}

/// The first event of kind `kind` whose body `hit` accepts (kinds are read
/// without decoding the events).
fn find(rec: &Recording, kind: Kind, hit: impl Fn(&Body) -> bool) -> Option<usize> {
    (0..rec.events.len()).find(|&i| rec.events.kind(i) == kind && hit(&rec.events.get(i).body))
}

/// A remittance's request, sending and arrival.
fn remittance_events(rec: &Recording, r: RemittanceId) -> Vec<usize> {
    (0..rec.events.len())
        .filter(|&i| {
            matches!(
                rec.events.kind(i),
                Kind::RemittanceRequested | Kind::RemittanceSent | Kind::RemittanceReceived
            ) && rec.events.get(i).body.remittance() == Some(r)
        })
        .collect()
}

/// An answer with the events that decided it.
fn fact(value: Answer, events: Vec<usize>, batch: Option<BatchId>) -> Result<Fact, String> {
    Ok(Fact {
        value,
        events,
        batch,
        notes: Vec::new(),
    })
}

/// `R0003 carries 8 clearing days: 14, 15, 16, 17, 18, 19, 20 and 21
/// February (a day T goes out at the first window on a working day
/// strictly after T)`.
fn carried(r: RemittanceId, batches: &[BatchId]) -> String {
    let day = |b: &BatchId| format!("{} {}", b.day().day(), b.day().strftime("%B"));
    let consecutive = batches
        .windows(2)
        .all(|w| w[0].day().tomorrow().ok() == Some(w[1].day()));
    let listed = match batches {
        [] => String::new(),
        [one] => day(one),
        [first, .., last] if consecutive && first.day().month() == last.day().month() => {
            format!("{} to {}", first.day().day(), day(last))
        }
        [first, .., last] if consecutive => format!("{} to {}", day(first), day(last)),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter().map(day).collect::<Vec<_>>().join(", "),
            day(last)
        ),
    };
    format!(
        "{r} carries {} clearing day{}: {listed} (a day T goes out at the first remittance window on a Chinese working day strictly after T)",
        batches.len(),
        if batches.len() == 1 { "" } else { "s" }
    )
}
