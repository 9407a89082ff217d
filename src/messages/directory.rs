//! The merchants as the scenario defines them: each merchant's group, name
//! (`paris-boutiques/3`), time zone and tier. It is configuration, fixed for
//! the run, so every agent and every report may read it; what happens to a
//! merchant (onboarding, balances, payouts) belongs to the agents.

use crate::domain::ids::MerchantId;
use crate::domain::zone::Zone;
use crate::scenario::Scenario;

/// One merchant group of the scenario.
#[derive(Clone, Debug)]
pub struct Group {
    /// The group's name, the `GROUP` of `GROUP/N`.
    pub name: String,
    /// The merchants' local time zone.
    pub zone: Zone,
    /// The tier that sets payout schedule, minimum and MDR.
    pub tier: String,
    /// The 0-based index, over all groups, of the group's first merchant.
    pub first: u32,
    /// How many merchants the group has (its `count`).
    pub count: u32,
}

/// Every merchant of the run, by [`MerchantId`].
#[derive(Clone, Debug)]
pub struct Directory {
    groups: Vec<Group>,
    /// The group of each merchant.
    group_of: Vec<u32>,
}

impl Directory {
    /// The merchants of `sc`'s groups, numbered in file order.
    pub fn new(sc: &Scenario) -> Directory {
        let (mut groups, mut group_of) = (Vec::new(), Vec::new());
        for (g, group) in sc.merchants.iter().enumerate() {
            groups.push(Group {
                name: group.name.clone(),
                zone: group.zone.clone(),
                tier: group.tier.clone(),
                first: group_of.len() as u32,
                count: group.count,
            });
            group_of.extend(std::iter::repeat_n(g as u32, group.count as usize));
        }
        Directory { groups, group_of }
    }

    /// How many merchants the run has.
    pub fn len(&self) -> usize {
        self.group_of.len()
    }

    /// True when the scenario has no merchant.
    pub fn is_empty(&self) -> bool {
        self.group_of.is_empty()
    }

    /// Every merchant, in id order.
    pub fn ids(&self) -> impl Iterator<Item = MerchantId> + use<> {
        (0..self.group_of.len() as u32).map(MerchantId::from_index)
    }

    /// The index of the merchant's group in the scenario.
    pub fn group_index(&self, m: MerchantId) -> usize {
        self.group_of[m.index()] as usize
    }

    /// The merchant's group.
    pub fn group(&self, m: MerchantId) -> &Group {
        &self.groups[self.group_index(m)]
    }

    /// The merchant's local time zone.
    pub fn zone(&self, m: MerchantId) -> &Zone {
        &self.group(m).zone
    }

    /// The name of the merchant's tier.
    pub fn tier(&self, m: MerchantId) -> &str {
        &self.group(m).tier
    }

    /// `paris-boutiques/3`: the group's name and the 1-based number within it.
    pub fn name(&self, m: MerchantId) -> String {
        let g = self.group(m);
        format!("{}/{}", g.name, m.index() as u32 - g.first + 1)
    }

    /// The merchant named `GROUP/N`, if there is one.
    pub fn by_name(&self, name: &str) -> Option<MerchantId> {
        let (group, n) = name.rsplit_once('/')?;
        let n: u32 = n.parse().ok()?;
        let g = self.groups.iter().find(|g| g.name == group)?;
        (1..=g.count)
            .contains(&n)
            .then(|| MerchantId::from_index(g.first + n - 1))
    }
}
