//! The merchants as the scenario defines them: each merchant's group, name
//! (`paris-boutiques/3`), time zone and tier. It is configuration, fixed for
//! the run, so every agent and every report may read it; what happens to a
//! merchant (onboarding, balances, payouts) belongs to the agents. Each
//! merchant's and institution's bank account (IBAN and BIC) is
//! configuration too: the group's own, or drawn from the seed.

use crate::domain::iban::{BankAccount, Bic, Iban};
use crate::domain::ids::MerchantId;
use crate::domain::zone::{Zone, zone_of_country};
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
    /// The group's country (ISO 3166), where its accounts are kept.
    pub country: String,
    /// The group's own IBANs, one per merchant; empty: drawn.
    pub ibans: Vec<Iban>,
    /// The group's own BIC; None: drawn.
    pub bic: Option<Bic>,
}

/// The institutions' accounts: each has a BIC of its home country; the
/// Chinese ones keep their EUR at a correspondent in Germany (China has no
/// IBANs), the acquirer in the country of its time zone.
#[derive(Clone, Debug)]
pub struct Institutions {
    /// The acquirer's EUR settlement account: payouts leave it, remittances
    /// and direct debits arrive on it.
    pub acquirer: BankAccount,
    /// The settlement bank's EUR nostro account, which remittances leave.
    pub settlement_bank: BankAccount,
    /// The switch's EUR account.
    pub switch: BankAccount,
    /// The issuer's EUR account.
    pub issuer: BankAccount,
}

/// Every merchant of the run, by [`MerchantId`].
#[derive(Clone, Debug)]
pub struct Directory {
    groups: Vec<Group>,
    seed: u64,
    institutions: Institutions,
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
                country: group.country.clone(),
                ibans: group.ibans.clone(),
                bic: group.bic.clone(),
            });
            group_of.extend(std::iter::repeat_n(g as u32, group.count as usize));
        }
        let acquirer_country = crate::domain::iban::BBAN_FORMATS
            .iter()
            .map(|(c, _)| *c)
            .find(|c| zone_of_country(c) == Some(sc.acquirer.zone.name.as_str()))
            .unwrap_or("LU");
        let nostro = |name: &str| BankAccount::nostro(sc.seed, name, "CN", "DE");
        let institutions = Institutions {
            acquirer: BankAccount::derive(sc.seed, &sc.acquirer.name, acquirer_country),
            settlement_bank: nostro(&sc.settlement_bank.name),
            switch: nostro(&sc.switch.name),
            issuer: nostro(&sc.issuer.name),
        };
        Directory {
            groups,
            group_of,
            seed: sc.seed,
            institutions,
        }
    }

    /// The merchant's bank account: its group's `ibans` entry and `bic`
    /// where given, else drawn from the seed and the merchant's name in the
    /// group's country ([`BankAccount::derive`]); the same in every run.
    pub fn account(&self, m: MerchantId) -> BankAccount {
        let g = self.group(m);
        let n = m.index() - g.first as usize;
        let drawn = BankAccount::derive(self.seed, &self.name(m), &g.country);
        BankAccount {
            iban: g.ibans.get(n).cloned().unwrap_or(drawn.iban),
            bic: g.bic.clone().unwrap_or(drawn.bic),
        }
    }

    /// The institutions' accounts.
    pub fn institutions(&self) -> &Institutions {
        &self.institutions
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

    /// The time zone of the group at `index` (in scenario order).
    pub fn group_zone(&self, index: usize) -> &Zone {
        &self.groups[index].zone
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
