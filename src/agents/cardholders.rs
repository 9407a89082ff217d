//! The cardholders: Chinese consumers travelling in Europe. Each plans its
//! purchases for a day from its own random stream (seed, cardholder id,
//! "purchases", lane = the day), so changing one merchant or one fault never
//! reshuffles another cardholder's purchases. At the planned instant the
//! cardholder scans the merchant's code, the payment gets its id (in order
//! of initiation) and the merchant's order goes to the switch.
//!
//! Shoppers behave as people do: they are only offered merchants that show
//! the wallet's code (live, or turned down by KYC and showing it anyway); a
//! declined purchase is tried once more `retry_after` later, and a shopper
//! whose retry is declined too stops buying for the rest of that day.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{CardholderId, MerchantId, PaymentId};
use crate::domain::money::{Currency, Money};
use crate::domain::zone::LocalTime;
use crate::engine::{Duration, Instant, Stream, Ticket};
use crate::messages::mail::{CardholdersMsg, Latency, Order, SwitchMsg};
use crate::messages::{Body, Party};
use crate::scenario::Scenario;

use super::ctx::Ctx;
use super::draws::{self, purpose};

/// A purchase planned for the day, waiting for its instant: 48 bytes, as
/// a day of a ten-million-payment run holds 700,000 of them.
#[derive(Clone, Copy, Debug)]
struct Planned {
    /// When the cardholder scans (UTC).
    at: Instant,
    /// The order of planning: ties in `at` keep it.
    seq: u32,
    cardholder: CardholderId,
    merchant: MerchantId,
    /// The price in euro cents.
    eur_cents: i64,
    latency: Latency,
    draw: u64,
}

impl Planned {
    /// The price in EUR, as drawn.
    fn eur(&self) -> Decimal {
        Money::from_minor(self.eur_cents, Currency::EUR).amount()
    }
}

/// The cardholder population: the day's plans and the payments initiated.
pub struct Cardholders {
    seed: u64,
    stream_ids: Vec<u64>,
    /// Plans of the two days that can overlap in time (by day parity).
    plans: [Vec<Planned>; 2],
    /// The next scan of each day's plan, if any is left: when it is due,
    /// its place in the order of deliveries, and its index in the plan. It
    /// waits here rather than in the queue (the world delivers it in its
    /// place), so a million scans a day cost no heap pushes.
    due: [Option<(Instant, Ticket, u32)>; 2],
    /// Each merchant group's weight and the merchants of it that show the
    /// wallet's code, in id order.
    group_weight: Vec<u64>,
    offered: Vec<Vec<MerchantId>>,
    /// Payments initiated so far: the next payment's index.
    initiated: u32,
    /// Retries made recently, with when they were made: one declined
    /// ends its shopper's day. A retry is answered within the switch's
    /// timeout and three hops, so older ones are dropped.
    retries: std::collections::VecDeque<(PaymentId, Instant)>,
    /// The merchant-local day on which each shopper who gave up did so.
    /// Few ever do, so every scan first reads one bit per cardholder in
    /// `stopped_ever` (12.5 kB for 100,000 of them, always in cache) rather
    /// than a table entry per cardholder (a cache miss on most scans).
    stopped: std::collections::BTreeMap<CardholderId, Date>,
    stopped_ever: Vec<u64>,
}

/// Planning happens at noon UTC the day before: earlier than 00:00 local on
/// the purchase day in every euro-area zone, and later than the end of the
/// previous day's plan-before-last.
const PLAN_AHEAD: Duration = Duration::from_hours(12);

impl Cardholders {
    /// The population of `sc`, with each cardholder's purchase stream.
    /// The population of `sc`, with each cardholder's purchase stream;
    /// `accepting` says which merchants show the wallet's code at the start
    /// (by merchant index).
    pub fn new(sc: &Scenario, accepting: &[bool]) -> Cardholders {
        let stream_ids = (0..sc.cardholders.count)
            .map(|c| Stream::stream_id(&CardholderId::from_index(c).to_string(), "purchases"))
            .collect();
        let (mut group_weight, mut offered) = (Vec::new(), Vec::new());
        let mut first = 0u32;
        for g in &sc.merchants {
            group_weight.push(u64::from(g.weight));
            offered.push(
                (first..first + g.count)
                    .filter(|m| accepting.get(*m as usize).copied().unwrap_or(false))
                    .map(MerchantId::from_index)
                    .collect(),
            );
            first += g.count;
        }
        Cardholders {
            seed: sc.seed,
            stream_ids,
            plans: [Vec::new(), Vec::new()],
            due: [None, None],
            group_weight,
            offered,
            initiated: 0,
            retries: std::collections::VecDeque::new(),
            stopped: std::collections::BTreeMap::new(),
            stopped_ever: vec![0; (sc.cardholders.count as usize).div_ceil(64)],
        }
    }

    /// How many payments the cardholders initiated.
    pub fn initiated(&self) -> u32 {
        self.initiated
    }

    /// When to plan `day`.
    pub fn plan_time(day: Date) -> Instant {
        let ts = jiff::tz::TimeZone::UTC
            .to_ambiguous_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .expect("in range");
        let midnight_utc = Instant(ts.as_millisecond());
        midnight_utc + Duration(-PLAN_AHEAD.as_ms())
    }

    /// Handles the cardholders' own timers.
    pub fn handle(&mut self, msg: CardholdersMsg, cx: &mut Ctx) {
        match msg {
            CardholdersMsg::PlanDay(day) => self.plan(day, cx),
            CardholdersMsg::Accepting { merchant } => self.accepting(merchant, cx),
            CardholdersMsg::Declined(order) => self.declined(order, cx),
            CardholdersMsg::Retry(order) => self.retry(order, cx),
        }
    }

    /// From now on shoppers are offered `merchant` (from the next day's
    /// plan: a day's purchases are planned the day before).
    fn accepting(&mut self, merchant: MerchantId, cx: &Ctx) {
        let group = cx.merchants.group_index(merchant);
        let offered = &mut self.offered[group];
        if let Err(at) = offered.binary_search(&merchant) {
            offered.insert(at, merchant);
        }
    }

    /// A declined purchase is tried once more; a declined retry ends the
    /// shopper's day.
    fn declined(&mut self, order: Order, cx: &mut Ctx) {
        // A retry is answered within the switch's timeout and three hops.
        let sw = &cx.sc.switch;
        let answered_within = sw.timeout + Duration(3 * sw.latency.1.as_ms()) + Duration::from_mins(1);
        while self
            .retries
            .front()
            .is_some_and(|(_, at)| *at + answered_within < cx.now)
        {
            self.retries.pop_front();
        }
        if let Some(i) = self.retries.iter().position(|(p, _)| *p == order.payment) {
            self.retries.remove(i);
            let today = cx.merchants.zone(order.merchant).date(cx.now);
            self.stop(order.cardholder, today);
            return;
        }
        cx.send(cx.sc.cardholders.retry_after, CardholdersMsg::Retry(order));
    }

    /// The shopper scans the same code again, for the same price, unless
    /// another declined retry has ended its day meanwhile.
    fn retry(&mut self, order: Order, cx: &mut Ctx) {
        let today = cx.merchants.zone(order.merchant).date(cx.now);
        if self.stopped_on(order.cardholder) == Some(today) {
            return;
        }
        let payment = self.initiate(order.cardholder, order.merchant, order.eur, cx);
        self.retries.push_back((payment, cx.now));
        let order = Order {
            payment,
            initiated: cx.now,
            draw: draws::derive(order.draw, purpose::RETRY),
            ..order
        };
        cx.send(order.latency.order(), SwitchMsg::Order(order));
    }

    /// Gives the next payment id and records the scan.
    fn initiate(&mut self, cardholder: CardholderId, merchant: MerchantId, eur: Decimal, cx: &mut Ctx) -> PaymentId {
        let payment = PaymentId::from_index(self.initiated);
        self.initiated += 1;
        cx.tally.initiated += 1;
        cx.emit(
            Party::Merchant(merchant),
            Party::Switch,
            Body::PaymentInitiated {
                payment,
                cardholder,
                merchant,
                amount: Money::eur(eur),
            },
        );
        payment
    }

    fn plan(&mut self, day: Date, cx: &mut Ctx) {
        let sc = cx.sc;
        let lane = (day - sc.start).get_days() as u32;
        let parity = (lane % 2) as u8;
        let mut plan = std::mem::take(&mut self.plans[parity as usize]);
        plan.clear();
        // Only groups with a merchant showing the code draw purchases; when
        // every merchant does, the draws are those of an unrestricted pick.
        let mut cumulative = Vec::with_capacity(self.group_weight.len());
        let mut total_weight = 0u64;
        for (w, offered) in self.group_weight.iter().zip(&self.offered) {
            if !offered.is_empty() {
                total_weight += w;
            }
            cumulative.push(total_weight);
        }
        let c = &sc.cardholders;
        // Each group's zone read once for the day, not once per purchase.
        let zone_days: Vec<_> = (0..self.offered.len())
            .map(|g| cx.merchants.group_zone(g).day(day))
            .collect();
        for (holder, &sid) in self.stream_ids.iter().enumerate() {
            let mut s = Stream::lane(self.seed, sid, lane);
            let purchases = c.purchases_per_day.draw(&mut s);
            if total_weight == 0 {
                continue;
            }
            for _ in 0..purchases {
                let pick = s.below(total_weight);
                let group = cumulative.partition_point(|&w| w <= pick);
                let offered = &self.offered[group];
                let merchant = offered[s.below(offered.len() as u64) as usize];
                let eur_cents = c.ticket.draw_minor(&mut s);
                let local = s.between(c.active_from.0, c.active_to.0 - 1);
                let (lo, hi) = (sc.switch.latency.0.as_ms(), sc.switch.latency.1.as_ms());
                let latency = Latency {
                    order_ms: s.between(lo, hi) as u32,
                    request_ms: s.between(lo, hi) as u32,
                    answer_ms: s.between(lo, hi) as u32,
                };
                let draw = s.bits();
                let at = zone_days[group].at(LocalTime(local));
                plan.push(Planned {
                    at,
                    seq: plan.len() as u32,
                    cardholder: CardholderId::from_index(holder as u32),
                    merchant,
                    eur_cents,
                    latency,
                    draw,
                });
            }
        }
        // The day's plan is its own list sorted by time (stable, so ties keep
        // planning order), and only its next scan is due at a time, outside
        // the queue: the queue stays small however many payments a day
        // holds. It is scanned in the order it is stored, so each scan reads
        // the next entry rather than jumping across a plan in cardholder
        // order.
        plan.sort_unstable_by_key(|p| (p.at, p.seq));
        self.due[parity as usize] = plan.first().map(|p| (p.at.max(cx.now), cx.reserve(), 0));
        self.plans[parity as usize] = plan;
        if day < sc.last_day() {
            let next = day.tomorrow().expect("in range");
            cx.at(Cardholders::plan_time(next), CardholdersMsg::PlanDay(next));
        }
    }

    /// The merchant-local day `c` last gave up on, if ever.
    fn stopped_on(&self, c: CardholderId) -> Option<Date> {
        let i = c.index();
        if self.stopped_ever[i / 64] & (1 << (i % 64)) == 0 {
            return None;
        }
        self.stopped.get(&c).copied()
    }

    fn stop(&mut self, c: CardholderId, day: Date) {
        let i = c.index();
        self.stopped_ever[i / 64] |= 1 << (i % 64);
        self.stopped.insert(c, day);
    }

    /// The day (by parity) whose next scan comes first.
    fn first_due(&self) -> Option<usize> {
        (0..2)
            .filter_map(|d| self.due[d].map(|(at, ticket, _)| ((at, ticket), d)))
            .min()
            .map(|(_, d)| d)
    }

    /// When the next planned scan is due and its place among deliveries
    /// due then; None when no plan has a scan left.
    pub fn next_scan(&self) -> Option<(Instant, Ticket)> {
        self.first_due()
            .and_then(|d| self.due[d])
            .map(|(at, ticket, _)| (at, ticket))
    }

    /// The scan [`Cardholders::next_scan`] named: the cardholder scans, and
    /// the merchant creates the order in EUR and sends it to the switch.
    pub fn scan(&mut self, cx: &mut Ctx) {
        let Some(day) = self.first_due() else {
            return;
        };
        let index = self.due[day].expect("due").2 as usize;
        self.due[day] = self.plans[day]
            .get(index + 1)
            .map(|p| (p.at.max(cx.now), cx.reserve(), index as u32 + 1));
        let p = self.plans[day][index];
        if let Some(gave_up) = self.stopped_on(p.cardholder) {
            if cx.merchants.zone(p.merchant).date(cx.now) == gave_up {
                return;
            }
        }
        let payment = self.initiate(p.cardholder, p.merchant, p.eur(), cx);
        let order = Order {
            payment,
            cardholder: p.cardholder,
            merchant: p.merchant,
            eur: p.eur(),
            initiated: cx.now,
            latency: p.latency,
            draw: p.draw,
        };
        cx.send(p.latency.order(), SwitchMsg::Order(order));
    }
}
