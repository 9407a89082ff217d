//! Mainland China's bank working days. Chinese banks suspend settlement on
//! weekends and public holidays, and work on the weekend days the State
//! Council moves to make long holidays (adjusted working days, 调休). The
//! dates come from the State Council General Office's yearly notice
//! `国务院办公厅关于<year>年部分节假日安排的通知`, one entry per year below. A year
//! without a notice here is not guessed: asking for it is an error.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

use super::DayKind;

/// The first year a State Council notice below covers.
pub const CN_FIRST_YEAR: i16 = 2018;
/// The last year a State Council notice below covers; later years are
/// errors until their notice is added.
pub const CN_LAST_YEAR: i16 = 2026;

/// A civil date as (year, month, day), to keep the tables below readable.
type Ymd = (i16, i8, i8);

/// One year's notice: its source, holiday ranges (inclusive) and the weekend
/// days that are working days.
struct Notice {
    #[allow(dead_code)] // kept as the citation; printed nowhere
    source: &'static str,
    holidays: &'static [(Ymd, Ymd)],
    workdays: &'static [Ymd],
}

const NOTICES: &[Notice] = &[
    Notice {
        source: "国办发明电〔2017〕12号, 2018 arrangements, as given in shared/domain.md",
        holidays: &[
            ((2018, 1, 1), (2018, 1, 1)),
            ((2018, 2, 15), (2018, 2, 21)),
            ((2018, 4, 5), (2018, 4, 7)),
            ((2018, 4, 29), (2018, 5, 1)),
            ((2018, 6, 16), (2018, 6, 18)),
            ((2018, 9, 22), (2018, 9, 24)),
            ((2018, 10, 1), (2018, 10, 7)),
        ],
        workdays: &[
            (2018, 2, 11),
            (2018, 2, 24),
            (2018, 4, 8),
            (2018, 4, 28),
            (2018, 9, 29),
            (2018, 9, 30),
        ],
    },
    Notice {
        // New Year 2019 is in the 2019 notice: domain.md marks it unverified;
        // the notice text confirms 30 Dec 2018 to 1 Jan 2019, work 29 Dec.
        // Labour Day as amended by 国办发明电〔2019〕3号 (2019-03-22).
        source: "国办发明电〔2018〕15号 (2018-12-04), amended by 国办发明电〔2019〕3号",
        holidays: &[
            ((2018, 12, 30), (2019, 1, 1)),
            ((2019, 2, 4), (2019, 2, 10)),
            ((2019, 4, 5), (2019, 4, 7)),
            ((2019, 5, 1), (2019, 5, 4)),
            ((2019, 6, 7), (2019, 6, 9)),
            ((2019, 9, 13), (2019, 9, 15)),
            ((2019, 10, 1), (2019, 10, 7)),
        ],
        workdays: &[
            (2018, 12, 29),
            (2019, 2, 2),
            (2019, 2, 3),
            (2019, 4, 28),
            (2019, 5, 5),
            (2019, 9, 29),
            (2019, 10, 12),
        ],
    },
    Notice {
        // Spring Festival extended to 2 February by 国办发明电〔2020〕1号
        // (COVID-19), which cancelled the Saturday 1 February working day.
        source: "国办发明电〔2019〕16号 (2019-11-21), extended by 国办发明电〔2020〕1号",
        holidays: &[
            ((2020, 1, 1), (2020, 1, 1)),
            ((2020, 1, 24), (2020, 2, 2)),
            ((2020, 4, 4), (2020, 4, 6)),
            ((2020, 5, 1), (2020, 5, 5)),
            ((2020, 6, 25), (2020, 6, 27)),
            ((2020, 10, 1), (2020, 10, 8)),
        ],
        workdays: &[
            (2020, 1, 19),
            (2020, 4, 26),
            (2020, 5, 9),
            (2020, 6, 28),
            (2020, 9, 27),
            (2020, 10, 10),
        ],
    },
    Notice {
        source: "国办发明电〔2020〕27号 (2020-11-25)",
        holidays: &[
            ((2021, 1, 1), (2021, 1, 3)),
            ((2021, 2, 11), (2021, 2, 17)),
            ((2021, 4, 3), (2021, 4, 5)),
            ((2021, 5, 1), (2021, 5, 5)),
            ((2021, 6, 12), (2021, 6, 14)),
            ((2021, 9, 19), (2021, 9, 21)),
            ((2021, 10, 1), (2021, 10, 7)),
        ],
        workdays: &[
            (2021, 2, 7),
            (2021, 2, 20),
            (2021, 4, 25),
            (2021, 5, 8),
            (2021, 9, 18),
            (2021, 9, 26),
            (2021, 10, 9),
        ],
    },
    Notice {
        source: "国办发明电〔2021〕11号 (2021-10-25)",
        holidays: &[
            ((2022, 1, 1), (2022, 1, 3)),
            ((2022, 1, 31), (2022, 2, 6)),
            ((2022, 4, 3), (2022, 4, 5)),
            ((2022, 4, 30), (2022, 5, 4)),
            ((2022, 6, 3), (2022, 6, 5)),
            ((2022, 9, 10), (2022, 9, 12)),
            ((2022, 10, 1), (2022, 10, 7)),
        ],
        workdays: &[
            (2022, 1, 29),
            (2022, 1, 30),
            (2022, 4, 2),
            (2022, 4, 24),
            (2022, 5, 7),
            (2022, 10, 8),
            (2022, 10, 9),
        ],
    },
    Notice {
        source: "国办发明电〔2022〕16号 (2022-12-08)",
        holidays: &[
            ((2022, 12, 31), (2023, 1, 2)),
            ((2023, 1, 21), (2023, 1, 27)),
            ((2023, 4, 5), (2023, 4, 5)),
            ((2023, 4, 29), (2023, 5, 3)),
            ((2023, 6, 22), (2023, 6, 24)),
            ((2023, 9, 29), (2023, 10, 6)),
        ],
        workdays: &[
            (2023, 1, 28),
            (2023, 1, 29),
            (2023, 4, 23),
            (2023, 5, 6),
            (2023, 6, 25),
            (2023, 10, 7),
            (2023, 10, 8),
        ],
    },
    Notice {
        source: "国办发明电〔2023〕7号 (2023-10-25)",
        holidays: &[
            ((2024, 1, 1), (2024, 1, 1)),
            ((2024, 2, 10), (2024, 2, 17)),
            ((2024, 4, 4), (2024, 4, 6)),
            ((2024, 5, 1), (2024, 5, 5)),
            ((2024, 6, 10), (2024, 6, 10)),
            ((2024, 9, 15), (2024, 9, 17)),
            ((2024, 10, 1), (2024, 10, 7)),
        ],
        workdays: &[
            (2024, 2, 4),
            (2024, 2, 18),
            (2024, 4, 7),
            (2024, 4, 28),
            (2024, 5, 11),
            (2024, 9, 14),
            (2024, 9, 29),
            (2024, 10, 12),
        ],
    },
    Notice {
        source: "2025 arrangements (State Council notice of 2024-11-12), as given in shared/domain.md",
        holidays: &[
            ((2025, 1, 1), (2025, 1, 1)),
            ((2025, 1, 28), (2025, 2, 4)),
            ((2025, 4, 4), (2025, 4, 6)),
            ((2025, 5, 1), (2025, 5, 5)),
            ((2025, 5, 31), (2025, 6, 2)),
            ((2025, 10, 1), (2025, 10, 8)),
        ],
        workdays: &[
            (2025, 1, 26),
            (2025, 2, 8),
            (2025, 4, 27),
            (2025, 9, 28),
            (2025, 10, 11),
        ],
    },
    Notice {
        source: "2026 arrangements (State Council notice of 2025), as given in shared/domain.md",
        holidays: &[
            ((2026, 1, 1), (2026, 1, 3)),
            ((2026, 2, 15), (2026, 2, 23)),
            ((2026, 4, 4), (2026, 4, 6)),
            ((2026, 5, 1), (2026, 5, 5)),
            ((2026, 6, 19), (2026, 6, 21)),
            ((2026, 9, 25), (2026, 9, 27)),
            ((2026, 10, 1), (2026, 10, 7)),
        ],
        workdays: &[
            (2026, 1, 4),
            (2026, 2, 14),
            (2026, 2, 28),
            (2026, 5, 9),
            (2026, 9, 20),
            (2026, 10, 10),
        ],
    },
];

fn table() -> &'static BTreeMap<Date, DayKind> {
    static TABLE: OnceLock<BTreeMap<Date, DayKind>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = BTreeMap::new();
        for notice in NOTICES {
            for &((y0, m0, d0), (y1, m1, d1)) in notice.holidays {
                let (mut d, end) = (date(y0, m0, d0), date(y1, m1, d1));
                while d <= end {
                    t.insert(d, DayKind::Holiday);
                    d = d.checked_add(1.day()).expect("in range");
                }
            }
            for &(y, m, d) in notice.workdays {
                t.insert(date(y, m, d), DayKind::AdjustedWorkingDay);
            }
        }
        t
    })
}

/// The day's kind on China's bank calendar: the notice's holiday or adjusted
/// working day if it lists the date, otherwise Saturday and Sunday closed.
/// None for a year outside [`CN_FIRST_YEAR`] to [`CN_LAST_YEAR`].
pub fn day_kind(d: Date) -> Option<DayKind> {
    if d.year() < CN_FIRST_YEAR || d.year() > CN_LAST_YEAR {
        return None;
    }
    if let Some(&kind) = table().get(&d) {
        return Some(kind);
    }
    Some(match d.weekday() {
        Weekday::Saturday | Weekday::Sunday => DayKind::Weekend,
        _ => DayKind::Working,
    })
}
