//! `[[expect]]` tables: a known metric, exactly one comparison, a value in
//! the metric's unit, and a placeholder word (a decline reason, a merchant,
//! a remittance) that can name something of this scenario.

use toml::Spanned;

use super::Checker;
use crate::scenario::expect::{self, DECLINE_REASONS, Expectation, Op, Unit};
use crate::scenario::model::MerchantGroup;
use crate::scenario::raw::{ExpectText, RawExpect};

/// The expectations, in file order; each problem is placed at its key.
pub(super) fn expectations(
    c: &mut Checker,
    raw: &[Spanned<RawExpect>],
    merchants: &[MerchantGroup],
) -> Vec<Expectation> {
    let mut out = Vec::new();
    for e in raw {
        let r = e.get_ref();
        let Some(metric) = &r.metric else {
            c.fail(
                e.span(),
                "expect.metric",
                "an [[expect]] needs `metric` (see `corridor test --metrics`)",
            );
            continue;
        };
        let ops: Vec<(Op, &Spanned<ExpectText>)> = [
            (Op::AtLeast, &r.at_least),
            (Op::AtMost, &r.at_most),
            (Op::Equals, &r.equals),
        ]
        .into_iter()
        .filter_map(|(op, v)| v.as_ref().map(|v| (op, v)))
        .collect();
        let [(op, value)] = ops[..] else {
            c.fail(
                e.span(),
                "expect",
                format!(
                    "`{}`: give exactly one of `at_least`, `at_most`, `equals` (found {})",
                    metric.get_ref(),
                    ops.len()
                ),
            );
            continue;
        };
        let Some(unit) = known(c, metric, merchants) else {
            continue;
        };
        match unit.parse(&value.get_ref().0) {
            Ok(v) => out.push(Expectation {
                metric: metric.get_ref().clone(),
                op,
                value: v,
                written: value.get_ref().0.clone(),
                line: 0,
                offset: metric.span().start,
            }),
            Err(m) => c.fail(
                value.span(),
                &format!("expect.{}", op.key()),
                format!("{} ({} is in {})", m, metric.get_ref(), unit.name()),
            ),
        }
    }
    out
}

/// The unit of `metric`, or a problem naming the nearest valid name.
fn known(c: &mut Checker, metric: &Spanned<String>, merchants: &[MerchantGroup]) -> Option<Unit> {
    let name = metric.get_ref();
    let Some((m, word)) = expect::lookup(name) else {
        c.fail(metric.span(), "expect.metric", expect::unknown(name));
        return None;
    };
    let problem = match m.name {
        "payments.declined.REASON" if !DECLINE_REASONS.contains(&word) => {
            let reasons: Vec<String> = DECLINE_REASONS.iter().map(|r| r.to_string()).collect();
            let near =
                crate::scenario::nearest(word, &reasons).map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            Some(format!(
                "`{word}` is not a decline reason{near} Reasons: {}",
                DECLINE_REASONS.join(", ")
            ))
        }
        "merchant.ID.paid" if !is_merchant(word, merchants) => Some(format!(
            "no merchant `{word}` in this scenario: write GROUP/N, from {}",
            merchants
                .iter()
                .map(|g| format!("{}/1..{}", g.name, g.count))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        "remittance.ID.value_date" | "remittance.ID.sent" | "remittance.ID.batches" if !is_remittance(word) => Some(
            format!("`{word}` is not a remittance id: write R and four digits, like R0003"),
        ),
        _ => None,
    };
    match problem {
        Some(p) => {
            c.fail(metric.span(), "expect.metric", p);
            None
        }
        None => Some(m.unit),
    }
}

fn is_merchant(word: &str, merchants: &[MerchantGroup]) -> bool {
    let Some((group, n)) = word.rsplit_once('/') else {
        return false;
    };
    let n: u32 = n.parse().unwrap_or(0);
    merchants.iter().any(|g| g.name == group && (1..=g.count).contains(&n))
}

fn is_remittance(word: &str) -> bool {
    word.len() >= 5 && word.starts_with('R') && word[1..].bytes().all(|b| b.is_ascii_digit()) && word != "R0000"
}
