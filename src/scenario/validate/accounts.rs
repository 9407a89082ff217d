//! A merchant group's own accounts: `ibans = [...]`, one per merchant, and
//! `bic`. Each IBAN is checked against the IBAN registry; an error names the
//! key, the IBAN's place in the list and the character that is wrong (for
//! check digits, characters 3 and 4 and what they should be).

use super::Checker;
use crate::domain::iban::{Bic, Iban, parse_bic, parse_iban};
use crate::scenario::raw::RawMerchants;

/// The group's IBANs (empty when it gives none) and BIC; a problem for
/// each bad one, and when the list's length is not the group's `count`.
pub(super) fn merchant_accounts(c: &mut Checker, r: &RawMerchants, count: u32) -> (Vec<Iban>, Option<Bic>) {
    let mut ibans = Vec::new();
    if let Some(list) = &r.ibans {
        for (i, text) in list.get_ref().iter().enumerate() {
            match parse_iban(text.get_ref()) {
                Ok(iban) => ibans.push(iban),
                Err(e) => c.fail(
                    text.span(),
                    "merchants.ibans",
                    format!("ibans[{i}] `{}` is not a valid IBAN: {e}", text.get_ref()),
                ),
            }
        }
        if list.get_ref().len() != count as usize {
            c.fail(
                list.span(),
                "merchants.ibans",
                format!(
                    "{} IBANs for a group of {count} merchants: give one per merchant, or none to draw them",
                    list.get_ref().len()
                ),
            );
        }
    }
    let bic = r.bic.as_ref().and_then(|b| match parse_bic(b.get_ref()) {
        Ok(bic) => Some(bic),
        Err(e) => {
            c.fail(
                b.span(),
                "merchants.bic",
                format!("`{}` is not a valid BIC: {e}", b.get_ref()),
            );
            None
        }
    });
    (ibans, bic)
}
