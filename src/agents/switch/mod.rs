//! The switch: the wallet scheme (WeChat Pay). It owns the scheme's payment
//! records: it routes the merchant's order, quotes the CNY amount at the
//! transaction-time rate (which fixes the merchant's EUR), waits for the
//! issuer (and asks for a reversal when it gives up), closes the Beijing
//! clearing day with its scheme fee (`clearing`), and pays refunds from its
//! unconverted CNY pool (`refunds`). It bears the FX risk between the quote
//! and the conversion. It learns of merchants from the acquirer's
//! registrations.

mod book;
mod clearing;
mod open;
mod refunds;

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::fx::{eur_to_cny, round_rate};
use crate::domain::ids::{BatchId, CardholderId, MerchantId, PaymentId};
use crate::domain::money::{Currency, Money};
use crate::domain::zone::{LocalTime, Zone};
use crate::engine::{Duration, Instant};
use crate::messages::mail::{AuthorizationRequest, CardholdersMsg, Decline, IssuerMsg, Latency, Order, SwitchMsg};
use crate::messages::statement::{Cleared, Statement};
use crate::messages::{Body, Party};

use super::Retention;
use super::ctx::Ctx;

pub use book::PaymentTotals;
pub use refunds::{Refund, RefundState};

const NOON: LocalTime = LocalTime(12 * 3_600_000);

/// Where a payment stands at the switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentState {
    /// The switch asked the issuer and waits for its answer.
    Authorizing,
    /// The issuer approved in time: the merchant's EUR is fixed.
    Completed,
    /// Declined, for good: by the switch (merchant not active, issuer
    /// unavailable after its timeout) or by the issuer (limits, balance,
    /// risk).
    Declined(Decline),
}

/// One purchase as the scheme records it. `eur` is the merchant's price;
/// `cny` what the consumer paid at `rate` (CNY per EUR, the switch's quote,
/// markup included).
#[derive(Clone, Debug)]
pub struct Payment {
    /// The consumer who pays (`C000001`).
    pub cardholder: CardholderId,
    /// The merchant who sells (`GROUP/N`).
    pub merchant: MerchantId,
    /// The merchant's price in EUR, fixed by the order: what the merchant is
    /// owed before the scheme fee and the MDR.
    pub eur: Money,
    /// What the wallet is debited, in CNY: `eur` at `rate`, to the fen, half
    /// away from zero. Zero if declined before the quote (merchant not
    /// active).
    pub cny: Money,
    /// The consumer's rate, CNY per 1 EUR, four decimals: the FX path when
    /// the order reached the switch, plus the switch's `fx_markup`. Zero if
    /// declined before the quote.
    pub rate: Decimal,
    /// When the cardholder scanned (`payment_initiated`), UTC.
    pub initiated: Instant,
    /// The payment's network delays per hop (order, request, answer), in
    /// ms, drawn by the cardholders from `switch.latency`.
    pub latency: Latency,
    /// The payment's own random draw (see `agents::draws`).
    pub draw: u64,
    /// Where it stands; changed only by the switch.
    pub state: PaymentState,
    /// EUR refunded so far (refunds paid, not those still failing).
    pub refunded: Money,
    /// How many refunds were paid: at most 50 per order (domain brief).
    pub refunds: u8,
}

/// The switch and its records.
pub struct Switch {
    beijing: Zone,
    /// Payment records by id, kept as the run's retention says.
    book: book::Book,
    /// Merchants registered by the acquirer (or active before the run).
    registered: Vec<bool>,
    /// Completed payments and refunds of clearing days not yet closed, per
    /// merchant: the unconverted same-day takings, with the payments of
    /// each merchant's line in order of completion.
    open_days: BTreeMap<Date, open::OpenDay>,
    /// Closed clearing days' statements.
    batches: BTreeMap<Date, Arc<Statement>>,
    refunds: Vec<Refund>,
    /// Refunds the switch set merchants' timers for, and refunds requested
    /// that are neither paid nor given up.
    refunds_planned: u64,
    refunds_open: u64,
    /// Authorisation deadlines in the order they fall (the timeout is one
    /// length, so in the order asked), each with the place its timer takes
    /// in the queue. Only the first still waiting is in the queue: a
    /// deadline met by the issuer's answer never becomes a delivery.
    deadlines: std::collections::VecDeque<(Instant, crate::engine::Ticket, PaymentId)>,
    /// Whether the first waiting deadline's timer is in the queue.
    armed: bool,
    /// The clearing day last asked for, from the close of the day before
    /// (inclusive) to its own close (exclusive).
    clearing_window: Option<(Instant, Instant, Date)>,
    /// The consumer's rate last quoted, with the instants the market rate
    /// under it holds between (see [`crate::domain::fx::FxPath::rate_span`]).
    quote: Option<(Option<Instant>, Option<Instant>, Decimal)>,
    /// Payments a closed statement has cleared: no payment is cleared twice
    /// (checked as the days close, so it holds for runs that let the lists
    /// go).
    cleared: crate::domain::ids::PaymentSet,
}

impl Switch {
    /// A switch that knows the merchants `registered` before the run and
    /// keeps the payment records `retention` asks for.
    pub fn new(registered: Vec<bool>, retention: Retention) -> Switch {
        Switch {
            beijing: Zone::beijing(),
            book: book::Book::new(retention),
            registered,
            open_days: BTreeMap::new(),
            batches: BTreeMap::new(),
            refunds: Vec::new(),
            refunds_planned: 0,
            refunds_open: 0,
            deadlines: std::collections::VecDeque::new(),
            armed: false,
            clearing_window: None,
            quote: None,
            cleared: crate::domain::ids::PaymentSet::default(),
        }
    }

    /// Puts the timer of the first deadline still waiting for the issuer in
    /// the queue, at the place reserved when it was asked, so it fires
    /// exactly where a timer set then would have.
    fn arm(&mut self, cx: &mut Ctx) {
        while let Some(&(at, ticket, payment)) = self.deadlines.front() {
            if self
                .book
                .get(payment)
                .is_some_and(|p| p.state == PaymentState::Authorizing)
            {
                cx.at_reserved(at, ticket, SwitchMsg::AuthorizationTimeout { payment });
                self.armed = true;
                return;
            }
            self.deadlines.pop_front();
        }
        self.armed = false;
    }

    /// The payment `id`, once its order reached the switch; under
    /// [`Retention::InFlight`] only while it is in flight or a refund of it
    /// is still to come.
    pub fn payment(&self, id: PaymentId) -> Option<&Payment> {
        self.book.get(id)
    }

    /// Every payment record the switch keeps, in id order: every payment it
    /// has seen under [`Retention::All`].
    pub fn payments(&self) -> impl Iterator<Item = (PaymentId, &Payment)> {
        self.book.iter()
    }

    /// Counts and sums over every payment that reached the switch, whatever
    /// the retention.
    pub fn totals(&self) -> &PaymentTotals {
        self.book.totals()
    }

    /// Closed clearing days' statements, by day.
    pub fn batches(&self) -> &BTreeMap<Date, Arc<Statement>> {
        &self.batches
    }

    /// The statement of `batch`, once closed.
    pub fn batch(&self, batch: BatchId) -> Option<&Statement> {
        self.batches.get(&batch.day()).map(|b| &**b)
    }

    /// Refunds requested, by id.
    pub fn refunds(&self) -> &[Refund] {
        &self.refunds
    }

    /// Refunds planned that merchants have not asked for yet or that the
    /// switch has neither paid nor given up, given how many refund timers
    /// the merchants have handled.
    pub fn refunds_pending(&self, merchant_timers_handled: u64) -> u64 {
        self.refunds_planned - merchant_timers_handled + self.refunds_open
    }

    /// EUR owed to merchants for clearing days not yet closed.
    pub fn awaiting_clearing(&self) -> Money {
        self.open_days
            .values()
            .flat_map(|d| d.lines())
            .fold(Money::zero(Currency::EUR), |sum, l| sum + l.gross - l.refunds)
    }

    /// The clearing day a payment completed at `t` belongs to. Clearing day
    /// D closes at the first cut-off after it starts: an evening cut-off
    /// (12:00 or later) closes D that evening, and what follows belongs to
    /// D+1; a cut-off before noon (00:00 is midnight) closes D the next
    /// morning, so the small hours still belong to D.
    pub fn clearing_day(bj: &Zone, cutoff: LocalTime, t: Instant) -> Date {
        let date = bj.date(t);
        let before_cutoff = t < bj.at(date, cutoff);
        match (cutoff < NOON, before_cutoff) {
            (true, true) => date.yesterday().expect("in range"),
            (true, false) | (false, true) => date,
            (false, false) => date.tomorrow().expect("in range"),
        }
    }

    /// [`Switch::clearing_day`] of `t`, remembered with the day's bounds:
    /// nearly every payment completes in the clearing day of the one before.
    fn clearing_day_of(&mut self, cutoff: LocalTime, t: Instant) -> Date {
        if let Some((from, until, day)) = self.clearing_window {
            if from <= t && t < until {
                return day;
            }
        }
        let day = Switch::clearing_day(&self.beijing, cutoff, t);
        // Clearing day D runs from D-1's close to its own, whatever the cut-off.
        let from = Switch::close_time(&self.beijing, cutoff, day.yesterday().expect("in range"));
        let until = Switch::close_time(&self.beijing, cutoff, day);
        self.clearing_window = Some((from, until, day));
        day
    }

    /// The consumer's rate now: the market rate plus the scheme's markup,
    /// four decimals. The markup changes what the consumer pays, never the
    /// merchant's EUR. Computed once for each market rate.
    fn consumer_rate(&mut self, cx: &Ctx) -> Decimal {
        let now = cx.now;
        if let Some((from, until, rate)) = self.quote {
            if from.is_none_or(|f| f <= now) && until.is_none_or(|u| now < u) {
                return rate;
            }
        }
        let (mid, from, until) = cx.sc.fx.path.rate_span(now);
        let rate = round_rate(mid * (Decimal::ONE + cx.sc.switch.fx_markup));
        self.quote = Some((from, until, rate));
        rate
    }

    /// When clearing day `day` closes.
    pub fn close_time(bj: &Zone, cutoff: LocalTime, day: Date) -> Instant {
        if cutoff < NOON {
            bj.at(day.tomorrow().expect("in range"), cutoff)
        } else {
            bj.at(day, cutoff)
        }
    }

    /// Handles a message for the switch.
    pub fn handle(&mut self, msg: SwitchMsg, cx: &mut Ctx) {
        match msg {
            SwitchMsg::Order(order) => self.order(order, cx),
            SwitchMsg::AuthorizationResponse {
                payment,
                decline,
                answered_at,
            } => self.answered(payment, decline, answered_at, cx),
            SwitchMsg::AuthorizationTimeout { payment } => {
                self.deadlines.pop_front();
                self.timeout(payment, cx);
                self.arm(cx);
            }
            SwitchMsg::CloseClearingDay(day) => self.close(day, cx),
            SwitchMsg::RefundRequest(r) => self.refund_requested(r, cx),
            SwitchMsg::RefundRetry(id) => self.refund(id, cx),
            SwitchMsg::Register { merchant } => {
                self.registered[merchant.index()] = true;
                cx.send(Duration::ZERO, CardholdersMsg::Accepting { merchant });
                cx.emit(
                    Party::Switch,
                    Party::Merchant(merchant),
                    Body::MerchantOnboarded {
                        merchant,
                        before_start: false,
                    },
                );
            }
        }
    }

    fn payment_mut(&mut self, id: PaymentId) -> &mut Payment {
        self.book.get_mut(id).expect("the order reached the switch")
    }

    /// Declines a payment the switch itself refuses (merchant not active,
    /// issuer unavailable), counted on today's Beijing date.
    fn decline(&mut self, payment: PaymentId, reason: Decline, cx: &mut Ctx) {
        let p = self.payment_mut(payment);
        p.state = PaymentState::Declined(reason);
        let merchant = p.merchant;
        Self::count_decline(reason, self.beijing.date(cx.now), cx);
        cx.emit(
            Party::Switch,
            Party::Merchant(merchant),
            Body::PaymentDeclined { payment, reason },
        );
        self.tell_shopper(payment, cx);
        self.book.finish(payment, 0);
    }

    /// The merchant's terminal shows the decline to the shopper, who may
    /// try again.
    fn tell_shopper(&self, payment: PaymentId, cx: &mut Ctx) {
        let p = self.book.get(payment).expect("the order reached the switch");
        let order = Order {
            payment,
            cardholder: p.cardholder,
            merchant: p.merchant,
            eur: p.eur.amount(),
            initiated: p.initiated,
            latency: p.latency,
            draw: p.draw,
        };
        cx.send(p.latency.order(), CardholdersMsg::Declined(order));
    }

    fn count_decline(reason: Decline, on: Date, cx: &mut Ctx) {
        *cx.tally.declines.entry(reason).or_default() += 1;
        cx.tally.day(on).declined += 1;
    }

    fn order(&mut self, o: Order, cx: &mut Ctx) {
        self.book.insert(
            o.payment,
            Payment {
                cardholder: o.cardholder,
                merchant: o.merchant,
                eur: Money::eur(o.eur),
                cny: Money::zero(Currency::CNY),
                rate: Decimal::ZERO,
                initiated: o.initiated,
                latency: o.latency,
                draw: o.draw,
                state: PaymentState::Authorizing,
                refunded: Money::zero(Currency::EUR),
                refunds: 0,
            },
        );
        let payment = o.payment;
        if !self.registered[o.merchant.index()] {
            return self.decline(payment, Decline::MerchantNotActive, cx);
        }
        let rate = self.consumer_rate(cx);
        let cny = eur_to_cny(Money::eur(o.eur), rate);
        let p = self.payment_mut(payment);
        p.rate = rate;
        p.cny = cny;
        if !cny.is_positive() {
            return self.decline(payment, Decline::InvalidAmount, cx);
        }
        cx.emit(
            Party::Switch,
            Party::Issuer,
            Body::AuthorizationRequested {
                payment,
                amount: cny,
                rate,
            },
        );
        let timeout = cx.sc.switch.timeout;
        cx.send(
            o.latency.request(),
            IssuerMsg::AuthorizationRequest(AuthorizationRequest {
                payment,
                cardholder: o.cardholder,
                cny: cny.amount(),
                draw: o.draw,
                answer_latency: o.latency.answer(),
                expires_at: cx.now + timeout,
            }),
        );
        let ticket = cx.reserve();
        self.deadlines.push_back((cx.now + timeout, ticket, payment));
        if !self.armed {
            self.arm(cx);
        }
    }

    /// The issuer did not answer in time: the merchant is told the payment
    /// failed, and the authorisation is reversed so the consumer is never
    /// charged for it.
    fn timeout(&mut self, payment: PaymentId, cx: &mut Ctx) {
        // A payment answered in time may be let go already.
        let Some(p) = self.book.get(payment).filter(|p| p.state == PaymentState::Authorizing) else {
            return;
        };
        let (cardholder, cny, hop) = (p.cardholder, p.cny.amount(), p.latency.request());
        self.decline(payment, Decline::IssuerUnavailable, cx);
        cx.emit(Party::Switch, Party::Issuer, Body::ReversalRequested { payment });
        cx.send(
            hop,
            IssuerMsg::ReversalRequest {
                payment,
                cardholder,
                cny,
            },
        );
    }

    /// The issuer's answer. One that comes after the switch gave up changes
    /// nothing: the payment is declined and its reversal is on its way.
    fn answered(&mut self, payment: PaymentId, decline: Option<Decline>, answered_at: Instant, cx: &mut Ctx) {
        // After a timeout the payment is declined, and may be let go already.
        let Some(p) = self
            .book
            .get_mut(payment)
            .filter(|p| p.state == PaymentState::Authorizing)
        else {
            return;
        };
        if let Some(reason) = decline {
            p.state = PaymentState::Declined(reason);
            // Counted on the issuer's day: the answer can cross midnight.
            Self::count_decline(reason, self.beijing.date(answered_at), cx);
            self.tell_shopper(payment, cx);
            self.book.finish(payment, 0);
            return;
        }
        p.state = PaymentState::Completed;
        let (merchant, eur, cny, initiated) = (p.merchant, p.eur, p.cny, p.initiated);
        let day = self.clearing_day_of(cx.sc.switch.cutoff, cx.now);
        let (line, cleared) = self.open_days.entry(day).or_default().entry(merchant);
        cleared.push(Cleared { payment, initiated });
        line.gross += eur;
        line.cny += cny;
        cx.tally.completed += 1;
        let t = cx.tally.day(day);
        t.payments += 1;
        t.cny_collected += cny.amount();
        cx.emit(
            Party::Switch,
            Party::Merchant(merchant),
            Body::PaymentCompleted {
                payment,
                merchant,
                amount: eur,
                batch: BatchId(day),
            },
        );
        let refunds = self.plan_refunds(payment, cx);
        self.book.finish(payment, refunds);
    }
}
