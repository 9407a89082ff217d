//! The regulator (SAFE, China's foreign-exchange administration). The
//! practitioner says each remittance needs its approval; public sources show
//! a one-time registration, so approval is a step a scenario can switch off
//! (`approval = "none"`). When on, it takes a drawn time and may refuse.

use crate::domain::zone::Zone;
use crate::engine::{Probability, Stream};
use crate::messages::mail::{RegulatorMsg, SettlementBankMsg};
use crate::scenario::Scenario;

use super::ctx::Ctx;
use super::draw_duration;

/// The regulator and its own random stream.
pub struct Regulator {
    stream: Stream,
    reject: Probability,
}

impl Regulator {
    /// A regulator refusing the scenario's `approval_reject` share.
    pub fn new(sc: &Scenario) -> Regulator {
        Regulator {
            stream: Stream::derive(sc.seed, "regulator", "approval"),
            reject: Probability::from_share(sc.settlement_bank.approval_reject),
        }
    }

    /// Handles a message for the regulator.
    pub fn handle(&mut self, msg: RegulatorMsg, cx: &mut Ctx) {
        let RegulatorMsg::ApprovalRequest { remittance } = msg;
        let range = cx.sc.settlement_bank.approval.unwrap_or_default();
        let today = Zone::beijing().date(cx.now);
        // Faults: the regulator sits on requests made in an `approval_delay`
        // window, and refuses those in an `approval_reject` window.
        let delay = draw_duration(&mut self.stream, range) + cx.sc.faults.approval_delay(today);
        let granted = !self.stream.chance(self.reject) && !cx.sc.faults.approval_reject(today);
        cx.send(delay, SettlementBankMsg::ApprovalDecision { remittance, granted });
    }
}
