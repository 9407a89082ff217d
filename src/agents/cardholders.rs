//! The cardholders: Chinese consumers travelling in Europe. Each plans its
//! purchases for a day from its own random stream (seed, cardholder id,
//! "purchases", lane = the day), so changing one merchant or one fault never
//! reshuffles another cardholder's purchases. At the planned instant the
//! cardholder scans the merchant's code and the merchant's order goes to the
//! switch.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::engine::{Duration, Instant, Stream};
use crate::scenario::Scenario;
use crate::sim::book::{Payment, PaymentState, cardholder_id};
use crate::sim::ctx::Ctx;
use crate::sim::event::{Kind, Party, Val};
use crate::sim::message::{Addr, Msg};

/// A purchase planned for the day, waiting for its instant.
#[derive(Clone, Copy, Debug)]
struct Planned {
    cardholder: u32,
    merchant: u32,
    eur: Decimal,
    hops_ms: [u32; 3],
    risk_bits: u64,
}

pub struct Cardholders {
    seed: u64,
    stream_ids: Vec<u64>,
    /// Plans of the two days that can overlap in time (by day parity).
    plans: [Vec<Planned>; 2],
    /// Each day's scans in time order, and the next one to schedule.
    order: [Vec<(Instant, u32)>; 2],
    next: [usize; 2],
    /// Cumulative weights of the merchant groups, and their first merchant.
    group_weights: Vec<u64>,
    group_first: Vec<u32>,
    group_count: Vec<u32>,
}

/// Planning happens at noon UTC the day before: earlier than 00:00 local on
/// the purchase day in every euro-area zone, and later than the end of the
/// previous day's plan-before-last.
const PLAN_AHEAD: Duration = Duration::from_hours(12);

impl Cardholders {
    pub fn new(sc: &Scenario) -> Cardholders {
        let stream_ids = (0..sc.cardholders.count)
            .map(|c| Stream::stream_id(&cardholder_id(c), "purchases"))
            .collect();
        let (mut group_weights, mut group_first, mut group_count) = (Vec::new(), Vec::new(), Vec::new());
        let (mut total, mut first) = (0u64, 0u32);
        for g in &sc.merchants {
            total += u64::from(g.weight);
            group_weights.push(total);
            group_first.push(first);
            group_count.push(g.count);
            first += g.count;
        }
        Cardholders {
            seed: sc.seed,
            stream_ids,
            plans: [Vec::new(), Vec::new()],
            order: [Vec::new(), Vec::new()],
            next: [0, 0],
            group_weights,
            group_first,
            group_count,
        }
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

    pub fn handle(&mut self, msg: Msg, cx: &mut Ctx) {
        match msg {
            Msg::PlanDay(day) => self.plan(day, cx),
            Msg::Scan(slot) => self.scan(slot, cx),
            _ => unreachable!("cardholders get {msg:?}"),
        }
    }

    fn plan(&mut self, day: Date, cx: &mut Ctx) {
        let sc = cx.sc;
        let lane = (day - sc.start).get_days() as u32;
        let parity = (lane % 2) as usize;
        let mut plan = std::mem::take(&mut self.plans[parity]);
        plan.clear();
        let total_weight = *self.group_weights.last().unwrap_or(&0);
        let c = &sc.cardholders;
        let mut scheduled: Vec<(Instant, u32)> = Vec::new();
        for (holder, &sid) in self.stream_ids.iter().enumerate() {
            let mut s = Stream::lane(self.seed, sid, lane);
            for _ in 0..c.purchases_per_day.draw(&mut s) {
                let pick = s.below(total_weight);
                let group = self.group_weights.partition_point(|&w| w <= pick);
                let merchant = self.group_first[group] + s.below(u64::from(self.group_count[group])) as u32;
                let eur = c.ticket.draw(&mut s).amount;
                let local = s.between(c.active_from.0, c.active_to.0 - 1);
                let mut hops_ms = [0u32; 3];
                for h in &mut hops_ms {
                    *h = s.between(sc.switch.latency.0.as_ms(), sc.switch.latency.1.as_ms()) as u32;
                }
                let risk_bits = s.bits();
                let at = cx
                    .book
                    .merchant_zone(merchant)
                    .at(day, crate::domain::zone::LocalTime(local));
                let slot = (plan.len() as u32) << 1 | parity as u32;
                plan.push(Planned {
                    cardholder: holder as u32,
                    merchant,
                    eur,
                    hops_ms,
                    risk_bits,
                });
                scheduled.push((at, slot));
            }
        }
        // Only the next scan of each day sits in the queue: the day's plan is
        // its own sorted list (stable, so ties keep planning order), which
        // keeps the queue small however many payments a day holds.
        scheduled.sort_by_key(|(at, _)| *at);
        if let Some(&(at, slot)) = scheduled.first() {
            cx.at(at, Addr::Cardholders, Msg::Scan(slot));
        }
        self.plans[parity] = plan;
        self.order[parity] = scheduled;
        self.next[parity] = 1;
        if day < sc.last_day() {
            let next = day.tomorrow().expect("in range");
            cx.at(Cardholders::plan_time(next), Addr::Cardholders, Msg::PlanDay(next));
        }
    }

    /// The cardholder scans; the merchant creates the order in EUR and sends
    /// it to the switch.
    fn scan(&mut self, slot: u32, cx: &mut Ctx) {
        let parity = (slot & 1) as usize;
        if let Some(&(at, next)) = self.order[parity].get(self.next[parity]) {
            self.next[parity] += 1;
            cx.at(at, Addr::Cardholders, Msg::Scan(next));
        }
        let p = self.plans[parity][(slot >> 1) as usize];
        let id = cx.book.payments.len() as u32;
        cx.book.payments.push(Payment {
            cardholder: p.cardholder,
            merchant: p.merchant,
            eur: p.eur,
            cny: Decimal::ZERO,
            rate: Decimal::ZERO,
            initiated: cx.now,
            hops_ms: p.hops_ms,
            risk_bits: p.risk_bits,
            state: PaymentState::Initiated,
            refunded: Decimal::ZERO,
            refunds: 0,
            refund_asked: Decimal::ZERO,
            refund_asked_cny: Decimal::ZERO,
            debited: false,
        });
        cx.tally.initiated += 1;
        cx.emit(
            Kind::PaymentInitiated,
            Party::Merchant(p.merchant),
            Party::Switch,
            |_| {
                vec![
                    ("payment", Val::Payment(id)),
                    ("cardholder", Val::Cardholder(p.cardholder)),
                    ("merchant", Val::Merchant(p.merchant)),
                    ("amount", Val::Money(crate::domain::money::Money::eur(p.eur))),
                ]
            },
        );
        cx.send(
            Duration(i64::from(p.hops_ms[0])),
            Addr::Switch,
            Msg::Order { payment: id },
        );
    }
}
