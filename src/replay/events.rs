//! The recording's events, 32 bytes each instead of an [`Event`]'s 128.
//!
//! A run of a million payments records about four million events, nearly
//! all of them one of a payment's own messages (initiated, authorisation
//! requested, authorised, completed or declined) or a payout's (sent,
//! settled): a few ids, one amount and perhaps a rate or a second amount.
//! Each such event is packed into a fixed-size record (ids as `u32`, the
//! amount as its decimal mantissa and scale, the instant as milliseconds
//! after a base; a reason, which few carry, in a list beside) and decoded on
//! access; every other event (batches, remittances, refunds, bounced
//! payouts) is kept whole in a side table the record points into.
//! An event is packed only when the record gives back exactly the same
//! event, bit for bit (decimal scales included), so the explorer, `explain`
//! and the lessons read the same events as the log writes.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{CardholderId, MerchantId, PaymentId, PayoutId};
use crate::domain::money::{Currency, Money};
use crate::engine::Instant;
use crate::messages::mail::Decline;
use crate::messages::{Body, Event, Kind, Party, Why};
use crate::scenario::model::Scheme;

/// Every event of a run (or of one payment's story), in log order, packed.
#[derive(Default)]
pub struct Events {
    packed: Vec<Packed>,
    /// The events no record can hold, in log order; a [`Shape::Side`]
    /// record holds its index here.
    side: Vec<Event>,
    /// `(event, reason)` of each packed event that carries a reason, in
    /// event order (a payout's: its tier's schedule, its credit day).
    whys: Vec<(usize, Box<Why>)>,
    /// `(first event, base instant)` of each stretch of events whose
    /// instants are stored as milliseconds after that base (a `u32` spans
    /// 49 days), in event order; the first starts at event 0.
    bases: Vec<(usize, i64)>,
}

/// One event in 32 bytes. Which fields mean what depends on `shape`.
#[derive(Clone, Copy)]
struct Packed {
    /// Milliseconds after the stretch's base instant.
    at: u32,
    /// A [`Shape`], as its discriminant, with [`HAS_WHY`] set when the
    /// event carries a reason.
    shape: u8,
    /// `from`'s party tag (low nibble) and `to`'s (high nibble).
    tags: u8,
    /// The amount's currency (low nibble) and the second amount's or the
    /// rate's (high nibble), as indices into [`Currency::ALL`].
    currencies: u8,
    /// The amount's decimal scale (low nibble) and the second decimal's
    /// (high nibble).
    scales: u8,
    /// `from`'s cardholder or merchant index (0 for an institution).
    from: u32,
    /// `to`'s cardholder or merchant index (0 for an institution).
    to: u32,
    /// The payment's or payout's index, or the side table's for
    /// [`Shape::Side`].
    id: u32,
    /// A second small value: a cardholder's index, a rate's or a second
    /// amount's mantissa, a decline's index, a batch's date or a scheme.
    extra: u32,
    /// The amount's decimal mantissa.
    amount: i64,
}

/// How a record is to be read.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Shape {
    /// Kept whole in the side table.
    Side,
    /// `payment_initiated`: the merchant is `from`'s, the cardholder in
    /// `extra`.
    Initiated,
    /// `authorization_requested`: the rate's mantissa in `extra`.
    AuthorizationRequested,
    /// `payment_authorized`: `from_card`'s mantissa (not negative) in
    /// `extra`.
    Authorized,
    /// `payment_declined`: the decline's index in `extra`.
    Declined,
    /// `payment_completed`: the merchant is `to`'s, the batch's date in
    /// `extra`.
    Completed,
    /// `reversal_requested`.
    ReversalRequested,
    /// `payment_reversed`.
    Reversed,
    /// `payout_sent`: the payout's index in `id`, the merchant is `to`'s,
    /// the scheme in `extra`.
    PayoutSent,
    /// `payout_settled`: the payout's index in `id`, the merchant is `to`'s.
    PayoutSettled,
}

/// Set in [`Packed::shape`] when the event carries a reason, kept in
/// [`Events::whys`].
const HAS_WHY: u8 = 0x80;

const SHAPES: [Shape; 10] = [
    Shape::Side,
    Shape::Initiated,
    Shape::AuthorizationRequested,
    Shape::Authorized,
    Shape::Declined,
    Shape::Completed,
    Shape::ReversalRequested,
    Shape::Reversed,
    Shape::PayoutSent,
    Shape::PayoutSettled,
];

/// A decline reason's place in [`Decline::ALL`], which is how it is packed.
fn decline_index(d: Decline) -> u32 {
    Decline::ALL
        .iter()
        .position(|x| *x == d)
        .expect("every reason is in ALL") as u32
}

fn currency_index(c: Currency) -> u8 {
    match c {
        Currency::CNY => 0,
        Currency::EUR => 1,
        Currency::USD => 2,
    }
}

/// `(tag, index)` of a party.
fn party_code(p: Party) -> (u8, u32) {
    match p {
        Party::Cardholder(c) => (0, c.index() as u32),
        Party::Merchant(m) => (1, m.index() as u32),
        Party::Issuer => (2, 0),
        Party::Switch => (3, 0),
        Party::SettlementBank => (4, 0),
        Party::Acquirer => (5, 0),
        Party::Regulator => (6, 0),
    }
}

fn party(tag: u8, index: u32) -> Party {
    match tag {
        0 => Party::Cardholder(CardholderId::from_index(index)),
        1 => Party::Merchant(MerchantId::from_index(index)),
        2 => Party::Issuer,
        3 => Party::Switch,
        4 => Party::SettlementBank,
        5 => Party::Acquirer,
        _ => Party::Regulator,
    }
}

/// A decimal as `(mantissa, scale)` when both fit a record and give the
/// same decimal back (a negative zero would come back positive).
fn split(d: Decimal) -> Option<(i64, u8)> {
    let mantissa = i64::try_from(d.mantissa()).ok()?;
    let scale = u8::try_from(d.scale()).ok().filter(|s| *s < 16)?;
    (mantissa != 0 || !d.is_sign_negative()).then_some((mantissa, scale))
}

fn join(mantissa: i64, scale: u8) -> Decimal {
    // `split` kept the scale below 16, which `Decimal::new` takes.
    Decimal::new(mantissa, u32::from(scale))
}

/// A money amount as `(mantissa, scale, currency)`, when it fits. Amounts
/// are held at their minor unit, so the scale is at most 2 and decoding
/// through [`Money::new`] rounds nothing.
fn split_money(m: Money) -> Option<(i64, u8, u8)> {
    let (mantissa, scale) = split(m.amount()).filter(|(_, s)| u32::from(*s) <= m.currency().minor_digits())?;
    Some((mantissa, scale, currency_index(m.currency())))
}

fn join_money(mantissa: i64, scale: u8, currency: u8) -> Money {
    let currency = Currency::ALL[usize::from(currency)];
    // Nearly every amount is in minor units (scale 2): `from_minor` makes
    // the same decimal without `new`'s rounding, which changes nothing here.
    match u32::from(scale) == currency.minor_digits() {
        true => Money::from_minor(mantissa, currency),
        false => Money::new(join(mantissa, scale), currency),
    }
}

/// A date as `year << 9 | month << 5 | day` (years 0 to 9999).
fn date_code(d: Date) -> Option<u32> {
    let year = u32::try_from(d.year()).ok()?;
    Some(year << 9 | (d.month() as u32) << 5 | d.day() as u32)
}

fn date(code: u32) -> Date {
    jiff::civil::date((code >> 9) as i16, ((code >> 5) & 0xf) as i8, (code & 0x1f) as i8)
}

impl Packed {
    /// The record of `e` when one holds it exactly; `at` and its reason
    /// are the caller's.
    fn of(e: &Event) -> Option<Packed> {
        let (from_tag, from) = party_code(e.from);
        let (to_tag, to) = party_code(e.to);
        let mut p = Packed {
            at: 0,
            shape: Shape::Side as u8,
            tags: from_tag | to_tag << 4,
            currencies: 0,
            scales: 0,
            from,
            to,
            id: 0,
            extra: 0,
            amount: 0,
        };
        let set_amount = |p: &mut Packed, m: Money| {
            let (mantissa, scale, currency) = split_money(m)?;
            p.amount = mantissa;
            p.scales = scale;
            p.currencies = currency;
            Some(())
        };
        match e.body {
            Body::PaymentInitiated {
                payment,
                cardholder,
                merchant,
                amount,
            } if e.from == Party::Merchant(merchant) => {
                p.shape = Shape::Initiated as u8;
                p.id = payment.index() as u32;
                p.extra = cardholder.index() as u32;
                set_amount(&mut p, amount)?;
            }
            Body::AuthorizationRequested { payment, amount, rate } => {
                let (mantissa, scale) = split(rate)?;
                p.shape = Shape::AuthorizationRequested as u8;
                p.id = payment.index() as u32;
                set_amount(&mut p, amount)?;
                p.extra = u32::try_from(mantissa).ok()?;
                p.scales |= scale << 4;
            }
            Body::PaymentAuthorized {
                payment,
                amount,
                from_card,
            } => {
                let (card, scale, currency) = split_money(from_card)?;
                p.shape = Shape::Authorized as u8;
                p.id = payment.index() as u32;
                set_amount(&mut p, amount)?;
                p.extra = u32::try_from(card).ok()?;
                p.scales |= scale << 4;
                p.currencies |= currency << 4;
            }
            Body::PaymentDeclined { payment, reason } => {
                p.shape = Shape::Declined as u8;
                p.id = payment.index() as u32;
                p.extra = decline_index(reason);
            }
            Body::PaymentCompleted {
                payment,
                merchant,
                amount,
                batch,
            } if e.to == Party::Merchant(merchant) => {
                p.shape = Shape::Completed as u8;
                p.id = payment.index() as u32;
                p.extra = date_code(batch.day())?;
                set_amount(&mut p, amount)?;
            }
            Body::ReversalRequested { payment } => {
                p.shape = Shape::ReversalRequested as u8;
                p.id = payment.index() as u32;
            }
            Body::PaymentReversed { payment, amount } => {
                p.shape = Shape::Reversed as u8;
                p.id = payment.index() as u32;
                set_amount(&mut p, amount)?;
            }
            Body::PayoutSent {
                payout,
                merchant,
                amount,
                scheme,
            } if e.to == Party::Merchant(merchant) => {
                p.shape = Shape::PayoutSent as u8;
                p.id = payout.index() as u32;
                p.extra = match scheme {
                    Scheme::Sct => 0,
                    Scheme::SctInst => 1,
                };
                set_amount(&mut p, amount)?;
            }
            Body::PayoutSettled {
                payout,
                merchant,
                amount,
            } if e.to == Party::Merchant(merchant) => {
                p.shape = Shape::PayoutSettled as u8;
                p.id = payout.index() as u32;
                set_amount(&mut p, amount)?;
            }
            _ => return None,
        }
        Some(p)
    }

    fn shape(self) -> Shape {
        SHAPES[usize::from(self.shape & !HAS_WHY)]
    }

    /// The event, given its instant and reason; not for [`Shape::Side`].
    fn event(self, at: Instant, why: Option<Box<Why>>) -> Event {
        let amount = || join_money(self.amount, self.scales & 0xf, self.currencies & 0xf);
        let payment = PaymentId::from_index(self.id);
        let from = party(self.tags & 0xf, self.from);
        let to = party(self.tags >> 4, self.to);
        let body = match self.shape() {
            Shape::Initiated => Body::PaymentInitiated {
                payment,
                cardholder: CardholderId::from_index(self.extra),
                merchant: MerchantId::from_index(self.from),
                amount: amount(),
            },
            Shape::AuthorizationRequested => Body::AuthorizationRequested {
                payment,
                amount: amount(),
                rate: join(i64::from(self.extra), self.scales >> 4),
            },
            Shape::Authorized => Body::PaymentAuthorized {
                payment,
                amount: amount(),
                from_card: join_money(i64::from(self.extra), self.scales >> 4, self.currencies >> 4),
            },
            Shape::Declined => Body::PaymentDeclined {
                payment,
                reason: Decline::ALL[self.extra as usize],
            },
            Shape::Completed => Body::PaymentCompleted {
                payment,
                merchant: MerchantId::from_index(self.to),
                amount: amount(),
                batch: crate::domain::ids::BatchId(date(self.extra)),
            },
            Shape::ReversalRequested => Body::ReversalRequested { payment },
            Shape::Reversed => Body::PaymentReversed {
                payment,
                amount: amount(),
            },
            Shape::PayoutSent => Body::PayoutSent {
                payout: PayoutId::from_index(self.id),
                merchant: MerchantId::from_index(self.to),
                amount: amount(),
                scheme: if self.extra == 0 { Scheme::Sct } else { Scheme::SctInst },
            },
            Shape::PayoutSettled => Body::PayoutSettled {
                payout: PayoutId::from_index(self.id),
                merchant: MerchantId::from_index(self.to),
                amount: amount(),
            },
            Shape::Side => unreachable!("a side record is read from the side table"),
        };
        Event {
            at,
            from,
            to,
            body,
            why,
        }
    }

    fn kind(self) -> Option<Kind> {
        Some(match self.shape() {
            Shape::Side => return None,
            Shape::Initiated => Kind::PaymentInitiated,
            Shape::AuthorizationRequested => Kind::AuthorizationRequested,
            Shape::Authorized => Kind::PaymentAuthorized,
            Shape::Declined => Kind::PaymentDeclined,
            Shape::Completed => Kind::PaymentCompleted,
            Shape::ReversalRequested => Kind::ReversalRequested,
            Shape::Reversed => Kind::PaymentReversed,
            Shape::PayoutSent => Kind::PayoutSent,
            Shape::PayoutSettled => Kind::PayoutSettled,
        })
    }
}

impl Events {
    /// No events.
    pub fn new() -> Events {
        Events::default()
    }

    /// Appends `e` (a copy: packed, or kept whole when no record holds it).
    pub fn push(&mut self, e: &Event) {
        let i = self.packed.len();
        let base = match self.bases.last() {
            Some(&(_, base)) if (base..=base + i64::from(u32::MAX)).contains(&e.at.0) => base,
            _ => {
                self.bases.push((i, e.at.0));
                e.at.0
            }
        };
        let mut p = match Packed::of(e) {
            Some(mut p) => {
                if let Some(why) = &e.why {
                    self.whys.push((i, why.clone()));
                    p.shape |= HAS_WHY;
                }
                p
            }
            None => {
                self.side.push(e.clone());
                Packed {
                    at: 0,
                    shape: Shape::Side as u8,
                    tags: 0,
                    currencies: 0,
                    scales: 0,
                    from: 0,
                    to: 0,
                    id: (self.side.len() - 1) as u32,
                    extra: 0,
                    amount: 0,
                }
            }
        };
        p.at = (e.at.0 - base) as u32;
        self.packed.push(p);
    }

    /// How many events.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// Event `i`, decoded (or borrowed from the side table). Panics when
    /// `i` is `len()` or more, as indexing a slice does.
    pub fn get(&self, i: usize) -> Cow<'_, Event> {
        let p = self.packed[i];
        match p.shape() {
            Shape::Side => Cow::Borrowed(&self.side[p.id as usize]),
            _ => {
                let why = (p.shape & HAS_WHY != 0).then(|| {
                    let k = self.whys.partition_point(|(j, _)| *j < i);
                    self.whys[k].1.clone()
                });
                Cow::Owned(p.event(self.at(i), why))
            }
        }
    }

    /// Event `i`'s instant, without decoding it.
    pub fn at(&self, i: usize) -> Instant {
        let stretch = self.bases.partition_point(|(first, _)| *first <= i) - 1;
        Instant(self.bases[stretch].1 + i64::from(self.packed[i].at))
    }

    /// Event `i`'s kind, without decoding it.
    pub fn kind(&self, i: usize) -> Kind {
        let p = self.packed[i];
        p.kind().unwrap_or_else(|| self.side[p.id as usize].kind())
    }

    /// The payment event `i` names, if any, as [`Body::payment`] reads it;
    /// without decoding a packed event.
    pub fn payment(&self, i: usize) -> Option<PaymentId> {
        let p = self.packed[i];
        match p.shape() {
            Shape::Side => self.side[p.id as usize].body.payment(),
            Shape::PayoutSent | Shape::PayoutSettled => None,
            _ => Some(PaymentId::from_index(p.id)),
        }
    }

    /// The number of leading events whose instant satisfies `pred` (which
    /// must hold for a prefix of the log, as `at <= t` does: instants never
    /// go down), as `slice::partition_point` finds it.
    pub fn partition_at(&self, pred: impl Fn(Instant) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(self.at(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Every event in log order, decoded.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Cow<'_, Event>> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Gives back the spare capacity of growing (up to half the records).
    pub fn shrink_to_fit(&mut self) {
        self.packed.shrink_to_fit();
        self.side.shrink_to_fit();
        self.whys.shrink_to_fit();
    }

    /// How many events are kept whole rather than packed.
    pub fn unpacked(&self) -> usize {
        self.side.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Packed>(), 32);
    }

    #[test]
    fn a_negative_zero_and_a_wide_scale_are_kept_whole() {
        assert_eq!(split(Decimal::from_i128_with_scale(0, 2)), Some((0, 2)));
        let mut negative_zero = Decimal::from_i128_with_scale(0, 2);
        negative_zero.set_sign_negative(true);
        assert_eq!(split(negative_zero), None);
        assert_eq!(split(Decimal::from_i128_with_scale(1, 20)), None);
        assert_eq!(split(Decimal::from_i128_with_scale(-12345, 2)), Some((-12345, 2)));
    }
}
