use super::*;

const FILE: &str = r#"# A small corridor.
[scenario]
name = "t"
seed = 7 # the seed
start = 2018-02-12
days = 2

[settlement_bank]
minimum = "650 EUR"       # the EUR pool is remitted only from this amount

[fx]
shocks = [{ at = "2018-02-13T09:00+08:00", move = "-1.5%" }]

[[faults]]
kind = "payout_return"
merchant = "paris-boutiques/3"
reason = "AC04"
from = 2018-02-14
until = 2018-02-28
"#;

fn set(key: &str, value: &str) -> Change {
    Change::Set {
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn a_set_changes_one_value_and_keeps_every_comment() {
    let e = apply(FILE, &[set("settlement_bank.minimum", "5000 EUR")]).expect("applies");
    let expected = FILE.replace(r#""650 EUR""#, r#""5000 EUR""#);
    assert_eq!(e.text, expected);
}

#[test]
fn values_are_read_as_toml_when_they_are_and_as_strings_otherwise() {
    let e = apply(
        FILE,
        &[
            set("acquirer.scheme", "SCT_INST"),
            set("scenario.days", "3"),
            set("fx.open", "7.9"),
            set("cardholders.purchases_per_day", "0.5"),
            set("faults[1].from", "2018-02-15"),
            set("fx.shocks[1].move", "2%"),
        ],
    )
    .expect("applies");
    assert!(e.text.contains("days = 3\n"), "{}", e.text);
    assert!(e.text.contains("open = \"7.9\"\n"), "{}", e.text);
    assert!(e.text.contains("purchases_per_day = 0.5\n"), "{}", e.text);
    assert!(e.text.contains("from = 2018-02-15\n"), "{}", e.text);
    assert!(e.text.contains("move = \"2%\" }"), "{}", e.text);
    assert!(e.text.contains("\n[acquirer]\nscheme = \"SCT_INST\"\n"), "{}", e.text);
}

#[test]
fn an_unknown_key_is_refused_with_the_nearest_one() {
    let err = apply(FILE, &[set("settlement_bank.minimun", "5000 EUR")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--set settlement_bank.minimun=5000 EUR: settlement_bank.minimun: unknown key \
         `settlement_bank.minimun`; did you mean `settlement_bank.minimum`?"
    );
    let err = apply(FILE, &[set("faults[3].reasn", "AC01")]).unwrap_err();
    assert_eq!(
        err.message,
        "unknown key `faults[3].reasn`; did you mean `faults[3].reason`?"
    );
    let err = apply(FILE, &[set("faults[3].reason", "AC01")]).unwrap_err();
    assert_eq!(
        err.message,
        "there is no faults entry 3: the scenario has one (faults[1])"
    );
    let err = apply(FILE, &[set("minimum", "5000 EUR")]).unwrap_err();
    assert_eq!(
        err.message,
        "unknown key `minimum`; a key is written with its table: one of `settlement_bank.minimum`, \
         `tiers.NAME.minimum`"
    );
    let err = apply(FILE, &[set("scheme", "SCT_INST")]).unwrap_err();
    assert!(
        err.message
            .starts_with("unknown key `scheme`; a key is written with its table:"),
        "{}",
        err.message
    );
    let err = apply(FILE, &[set("faults.reason", "AC01")]).unwrap_err();
    assert!(err.message.contains("written faults[1], faults[2]"), "{}", err.message);
}

#[test]
fn a_problem_on_a_changed_key_names_the_change_and_others_keep_their_line() {
    let read = |_: &str| Err("no files".to_string());
    let e = load(
        "t.toml",
        FILE,
        &[set("settlement_bank.minimum", "5000 XYZ")],
        &read,
        None,
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("--set settlement_bank.minimum=5000 XYZ: settlement_bank.minimum: "),
        "{text}"
    );
    let broken = FILE.replace("days = 2", "days = 0");
    let e = load("t.toml", &broken, &[set("acquirer.scheme", "SCT_INST")], &read, None).unwrap_err();
    assert!(e.to_string().starts_with("t.toml:6:8: scenario.days: "), "{e}");
}

#[test]
fn faults_and_shocks_can_be_added_and_removed() {
    let add = Change::Append {
        array: "fx.shocks".into(),
        entries: vec![
            ("at".into(), "2018-02-14T09:00+08:00".into()),
            ("move".into(), "2%".into()),
        ],
    };
    let e = apply(
        FILE,
        &[
            add,
            Change::Remove {
                array: "faults".into(),
                index: 1,
            },
        ],
    )
    .expect("applies");
    assert!(
        e.text
            .contains(r#"move = "-1.5%" }, { at = "2018-02-14T09:00+08:00", move = "2%" }]"#),
        "{}",
        e.text
    );
    assert!(!e.text.contains("[[faults]]"), "{}", e.text);
    let fault = Change::Append {
        array: "faults".into(),
        entries: vec![
            ("kind".into(), "kyc_fail".into()),
            ("merchant".into(), "paris-boutiques/1".into()),
        ],
    };
    let e = apply(FILE, &[fault]).expect("applies");
    assert!(
        e.text
            .ends_with("[[faults]]\nkind = \"kyc_fail\"\nmerchant = \"paris-boutiques/1\"\n"),
        "{}",
        e.text
    );
}

#[test]
fn a_variant_marks_each_changed_key_and_keeps_the_comments() {
    let v = variant(
        FILE,
        &[
            set("settlement_bank.minimum", "5000 EUR"),
            set("fx.shocks[1].move", "2%"),
            set("acquirer.scheme", "SCT_INST"),
        ],
    )
    .expect("applies");
    assert!(v.starts_with("# A small corridor.\n"), "{v}");
    assert!(
        v.contains(
            "minimum = \"5000 EUR\" # changed: was \"650 EUR\"; the EUR pool is remitted only from this amount\n"
        ),
        "{v}"
    );
    assert!(
        v.contains("# fx.shocks[1].move changed: was \"-1.5%\"\nshocks = ["),
        "{v}"
    );
    assert!(
        v.contains("scheme = \"SCT_INST\" # changed: was not set (the default)\n"),
        "{v}"
    );
    let read = |_: &str| Err("no files".to_string());
    assert!(crate::scenario::load("v.toml", &v, &read).is_ok());
}

#[test]
fn the_current_value_of_a_key_is_read_as_written() {
    assert_eq!(current(FILE, "settlement_bank.minimum").as_deref(), Some("\"650 EUR\""));
    assert_eq!(current(FILE, "faults[1].from").as_deref(), Some("2018-02-14"));
    assert_eq!(current(FILE, "fx.shocks[1].move").as_deref(), Some("\"-1.5%\""));
    assert_eq!(current(FILE, "acquirer.scheme"), None);
}

#[test]
fn a_variant_marks_added_tables_and_shocks_above_them() {
    let fault = Change::Append {
        array: "faults".into(),
        entries: vec![
            ("kind".into(), "kyc_fail".into()),
            ("merchant".into(), "paris-boutiques/1".into()),
        ],
    };
    let shock = Change::Append {
        array: "fx.shocks".into(),
        entries: vec![
            ("at".into(), "2018-02-14T09:00+08:00".into()),
            ("move".into(), "2%".into()),
        ],
    };
    let v = variant(FILE, &[fault, shock]).expect("applies");
    assert!(
        v.ends_with("\n# added\n[[faults]]\nkind = \"kyc_fail\"\nmerchant = \"paris-boutiques/1\"\n"),
        "{v}"
    );
    assert!(v.contains("[fx]\n# added: fx.shocks\nshocks = ["), "{v}");
    let read = |_: &str| Err("no files".to_string());
    assert!(crate::scenario::load("v.toml", &v, &read).is_ok());
}
