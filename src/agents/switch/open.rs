//! The takings of a clearing day not yet closed: per merchant, the
//! statement line and the payments of it.

use std::collections::BTreeMap;

use crate::domain::ids::MerchantId;
use crate::messages::statement::{ClearedList, Line};

/// No entry for this merchant yet.
const NONE: u32 = u32::MAX;

/// One open clearing day. Every completed payment adds to its merchant's
/// entry, so an entry is found by the merchant's index, never searched for.
#[derive(Debug, Default)]
pub(super) struct OpenDay {
    /// Where each merchant's entry is in `entries`, by merchant index
    /// ([`NONE`]: no payment or refund yet).
    slot: Vec<u32>,
    /// The entries in the order merchants first had one.
    entries: Vec<(MerchantId, Line, ClearedList)>,
}

impl OpenDay {
    /// The merchant's line and payments, created empty.
    pub(super) fn entry(&mut self, merchant: MerchantId) -> (&mut Line, &mut ClearedList) {
        let m = merchant.index();
        if self.slot.len() <= m {
            self.slot.resize(m + 1, NONE);
        }
        if self.slot[m] == NONE {
            self.slot[m] = self.entries.len() as u32;
            self.entries.push((merchant, Line::default(), ClearedList::default()));
        }
        let (_, line, cleared) = &mut self.entries[self.slot[m] as usize];
        (line, cleared)
    }

    /// Every merchant's line, in no particular order.
    pub(super) fn lines(&self) -> impl Iterator<Item = &Line> {
        self.entries.iter().map(|(_, line, _)| line)
    }

    /// The day's lines by merchant, and the payments by merchant of the
    /// merchants that had any (a merchant with refunds only has a line and
    /// no list).
    pub(super) fn close(mut self) -> (BTreeMap<MerchantId, Line>, BTreeMap<MerchantId, ClearedList>) {
        self.entries.sort_unstable_by_key(|(m, _, _)| *m);
        let mut lines = Vec::with_capacity(self.entries.len());
        let mut cleared = Vec::with_capacity(self.entries.len());
        for (m, line, list) in self.entries {
            lines.push((m, line));
            if !list.is_empty() {
                cleared.push((m, list));
            }
        }
        (lines.into_iter().collect(), cleared.into_iter().collect())
    }
}
