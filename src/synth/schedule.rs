//! Version 2's calendar: people's time zones (a team mostly in one zone, a few remote
//! members), and each meeting's day, time and `starts`, chosen from its name.

use std::fmt::Write as _;

use super::items::{date, day_number};

/// Zones on three continents; a leaf team works mostly in one of them.
pub(super) const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Asia/Shanghai",
    "Europe/London",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Europe/Lisbon",
    "America/Sao_Paulo",
    "Asia/Kolkata",
];

/// The zone of person `i` of leaf team `t`: the team's zone, now and then a remote member's
/// zone on another continent, and now and then none.
pub(super) fn zone_of(t: usize, i: usize) -> Option<&'static str> {
    let team_zone = t * 4 % ZONES.len();
    match (t + i) % 13 {
        0 => None,
        5 => Some(ZONES[(team_zone + 1) % ZONES.len()]),
        _ => Some(ZONES[team_zone]),
    }
}

/// A stable hash of a name (FNV-1a), for choices that must not disturb the seeded stream.
pub(super) fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes a meeting's `day`, `time` and (for some biweekly and monthly meetings) `starts`,
/// chosen from its name: local times between 08:00 and 17:00 in its owner's zone, so teams'
/// own meetings sometimes share a slot (a clash) and cross-region meetings fall outside
/// someone's hours.
pub(super) fn schedule(id: &str, cadence: &str, out: &mut String) {
    const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];
    const TIMES: [&str; 8] = [
        "08:30", "09:00", "10:00", "11:00", "13:00", "14:00", "15:30", "16:30",
    ];
    let h = name_hash(id);
    let day = (h % 5) as usize;
    if cadence != "daily" {
        let _ = writeln!(out, "  day {}", DAYS[day]);
    }
    let _ = writeln!(out, "  time {}", TIMES[(h >> 8) as usize % TIMES.len()]);
    // 2026-11-16 is a Monday; a first or second week, or a first or second weekday of
    // December for monthly meetings.
    let starts = match cadence {
        "biweekly" if (h >> 16) % 3 != 0 => Some(day as i64 + 7 * ((h >> 20) % 2) as i64),
        "monthly" if (h >> 16) % 2 == 0 => {
            // The first such weekday of December 2026 (2026-12-01 is a Tuesday), 14 days
            // after 2026-11-16 plus its day of the month.
            let first = 1 + (day as i64 + 6) % 7;
            Some(14 + first + 7 * ((h >> 20) % 2) as i64)
        }
        _ => None,
    };
    if let Some(offset) = starts {
        let _ = writeln!(out, "  starts {}", date(day_number(2026, 11, 16) + offset));
    }
}
