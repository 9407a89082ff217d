//! The recording packs each event into 32 bytes: every event of every
//! bundled scenario comes back exactly as the run recorded it.

use corridor::messages::{Event, EventSink};
use corridor::replay::Events;
use corridor::scenario::bundled;

use crate::support::bundled_scenario;

/// Keeps each event twice: whole, and packed.
#[derive(Default)]
struct Both {
    whole: Vec<Event>,
    packed: Events,
}

impl EventSink for Both {
    fn record(&mut self, _seq: u64, event: &Event) -> std::io::Result<()> {
        self.whole.push(event.clone());
        self.packed.push(event);
        Ok(())
    }
}

/// Debug writes decimals with their scale (`1.00`, not `1`), so equal text
/// is the same event bit for bit, reason included.
fn same(name: &str, both: &Both) {
    assert_eq!(both.packed.len(), both.whole.len(), "{name}");
    for (i, e) in both.whole.iter().enumerate() {
        let back = both.packed.get(i);
        assert_eq!(format!("{:?}", *back), format!("{e:?}"), "{name}: event {i}");
        assert_eq!(both.packed.at(i), e.at, "{name}: event {i}");
        assert_eq!(both.packed.kind(i), e.kind(), "{name}: event {i}");
    }
}

#[test]
fn every_event_of_every_bundled_scenario_comes_back_exactly() {
    for b in bundled::SCENARIOS {
        // The million payments are the same shapes as the others, only
        // more of them: too slow for a debug build.
        if b.name == "scale-1m" {
            continue;
        }
        let sc = bundled_scenario(b.name);
        let mut both = Both::default();
        corridor::world::run(&sc, Some(&mut both));
        same(b.name, &both);
        // A payment's own messages are packed; only the rare events are
        // kept whole.
        assert!(
            both.packed.unpacked() * 4 < both.packed.len(),
            "{}: {} of {} kept whole",
            b.name,
            both.packed.unpacked(),
            both.packed.len()
        );
    }
}
