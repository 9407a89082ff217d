//! The cardholders: Chinese consumers travelling in Europe. Each plans its
//! purchases for a day from its own random stream (seed, cardholder id,
//! "purchases", lane = the day), so changing one merchant or one fault never
//! reshuffles another cardholder's purchases. At the planned instant the
//! cardholder scans the merchant's code, the payment gets its id (in order
//! of initiation) and the merchant's order goes to the switch.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{CardholderId, MerchantId, PaymentId};
use crate::domain::money::Money;
use crate::domain::zone::LocalTime;
use crate::engine::{Duration, Instant, Stream};
use crate::messages::mail::{CardholdersMsg, Latency, Order, ScanSlot, SwitchMsg};
use crate::messages::{Body, Party};
use crate::scenario::Scenario;

use super::ctx::Ctx;

/// A purchase planned for the day, waiting for its instant.
#[derive(Clone, Copy, Debug)]
struct Planned {
    cardholder: CardholderId,
    merchant: MerchantId,
    eur: Decimal,
    latency: Latency,
    draw: u64,
}

/// The cardholder population: the day's plans and the payments initiated.
pub struct Cardholders {
    seed: u64,
    stream_ids: Vec<u64>,
    /// Plans of the two days that can overlap in time (by day parity).
    plans: [Vec<Planned>; 2],
    /// Each day's scans in time order, and the next one to schedule.
    order: [Vec<(Instant, ScanSlot)>; 2],
    next: [usize; 2],
    /// Cumulative weights of the merchant groups, and their first merchant.
    group_weights: Vec<u64>,
    group_first: Vec<u32>,
    group_count: Vec<u32>,
    /// Payments initiated so far: the next payment's index.
    initiated: u32,
}

/// Planning happens at noon UTC the day before: earlier than 00:00 local on
/// the purchase day in every euro-area zone, and later than the end of the
/// previous day's plan-before-last.
const PLAN_AHEAD: Duration = Duration::from_hours(12);

impl Cardholders {
    /// The population of `sc`, with each cardholder's purchase stream.
    pub fn new(sc: &Scenario) -> Cardholders {
        let stream_ids = (0..sc.cardholders.count)
            .map(|c| Stream::stream_id(&CardholderId::from_index(c).to_string(), "purchases"))
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
            initiated: 0,
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
            CardholdersMsg::Scan(slot) => self.scan(slot, cx),
        }
    }

    fn plan(&mut self, day: Date, cx: &mut Ctx) {
        let sc = cx.sc;
        let lane = (day - sc.start).get_days() as u32;
        let parity = (lane % 2) as u8;
        let mut plan = std::mem::take(&mut self.plans[parity as usize]);
        plan.clear();
        let total_weight = *self.group_weights.last().unwrap_or(&0);
        let c = &sc.cardholders;
        let mut scheduled: Vec<(Instant, ScanSlot)> = Vec::new();
        for (holder, &sid) in self.stream_ids.iter().enumerate() {
            let mut s = Stream::lane(self.seed, sid, lane);
            for _ in 0..c.purchases_per_day.draw(&mut s) {
                let pick = s.below(total_weight);
                let group = self.group_weights.partition_point(|&w| w <= pick);
                let merchant = MerchantId::from_index(
                    self.group_first[group] + s.below(u64::from(self.group_count[group])) as u32,
                );
                let eur = c.ticket.draw(&mut s).amount();
                let local = s.between(c.active_from.0, c.active_to.0 - 1);
                let (lo, hi) = (sc.switch.latency.0.as_ms(), sc.switch.latency.1.as_ms());
                let latency = Latency {
                    order_ms: s.between(lo, hi) as u32,
                    request_ms: s.between(lo, hi) as u32,
                    answer_ms: s.between(lo, hi) as u32,
                };
                let draw = s.bits();
                let at = cx.merchants.zone(merchant).at(day, LocalTime(local));
                let slot = ScanSlot {
                    parity,
                    index: plan.len() as u32,
                };
                plan.push(Planned {
                    cardholder: CardholderId::from_index(holder as u32),
                    merchant,
                    eur,
                    latency,
                    draw,
                });
                scheduled.push((at, slot));
            }
        }
        // Only the next scan of each day sits in the queue: the day's plan is
        // its own sorted list (stable, so ties keep planning order), which
        // keeps the queue small however many payments a day holds.
        scheduled.sort_by_key(|(at, _)| *at);
        if let Some(&(at, slot)) = scheduled.first() {
            cx.at(at, CardholdersMsg::Scan(slot));
        }
        self.plans[parity as usize] = plan;
        self.order[parity as usize] = scheduled;
        self.next[parity as usize] = 1;
        if day < sc.last_day() {
            let next = day.tomorrow().expect("in range");
            cx.at(Cardholders::plan_time(next), CardholdersMsg::PlanDay(next));
        }
    }

    /// The cardholder scans; the merchant creates the order in EUR and sends
    /// it to the switch.
    fn scan(&mut self, slot: ScanSlot, cx: &mut Ctx) {
        let day = slot.parity as usize;
        if let Some(&(at, next)) = self.order[day].get(self.next[day]) {
            self.next[day] += 1;
            cx.at(at, CardholdersMsg::Scan(next));
        }
        let p = self.plans[day][slot.index as usize];
        let payment = PaymentId::from_index(self.initiated);
        self.initiated += 1;
        cx.tally.initiated += 1;
        cx.emit(
            Party::Merchant(p.merchant),
            Party::Switch,
            Body::PaymentInitiated {
                payment,
                cardholder: p.cardholder,
                merchant: p.merchant,
                amount: Money::eur(p.eur),
            },
        );
        let order = Order {
            payment,
            cardholder: p.cardholder,
            merchant: p.merchant,
            eur: p.eur,
            initiated: cx.now,
            latency: p.latency,
            draw: p.draw,
        };
        cx.send(p.latency.order(), SwitchMsg::Order(order));
    }
}
