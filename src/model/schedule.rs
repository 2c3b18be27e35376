//! Meeting schedules: every scheduled meeting's occurrences over the 13-week horizon (in UTC,
//! converted from its own zone on each date, so daylight saving applies per date), and the
//! facts computed from them once: which meetings clash for whom, and who a meeting falls
//! outside working hours for. `meeting-clash`, `meeting-outside-hours`, `coord report` and
//! hover all read these.

use jiff::civil::{self, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::fxhash::FxHashMap;
use super::{Cadence, Flat, MeetingId, Model, PersonId, SeatHolder};
use crate::date::WorkingHours;
use crate::syntax::{Date, TimeOfDay};

/// The horizon: 13 weeks from the Monday of the week that contains today.
pub const HORIZON_DAYS: i32 = 91;

/// One meeting's schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub zone: TimeZone,
    /// The IANA name of `zone` (`UTC` when nothing names one).
    pub zone_name: String,
    /// Where the zone comes from: `"tz"`, `"owner"`, `"coord.toml"` or `"default"`.
    pub zone_source: &'static str,
    pub time: TimeOfDay,
    /// Meeting days, Monday first.
    pub days: Vec<Weekday>,
    pub minutes: u64,
    pub cadence: Cadence,
    /// Whether the weeks it meets are known: false for a biweekly, monthly or quarterly
    /// meeting without `starts` (it is placed in every week and *may* meet in any).
    pub weeks_known: bool,
    /// In time order.
    pub occurrences: Vec<Occurrence>,
}

/// One occurrence of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Start and end in seconds since the Unix epoch (UTC).
    pub start: i64,
    pub end: i64,
    /// The local date in the meeting's zone.
    pub date: civil::Date,
}

/// Two scheduled meetings that overlap, and who attends both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// `a` comes before `b` in path order.
    pub a: MeetingId,
    pub b: MeetingId,
    /// People who attend both, in person order.
    pub people: Vec<PersonId>,
    /// The first pair of overlapping occurrences.
    pub first_a: Occurrence,
    pub first_b: Occurrence,
    /// Overlapping pairs of occurrences in the horizon.
    pub count: usize,
}

impl Clash {
    /// When the first overlap begins (seconds since the epoch).
    pub fn first_overlap(&self) -> i64 {
        self.first_a.start.max(self.first_b.start)
    }
}

/// A meeting that falls outside someone's working hours or on their weekend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideHours {
    pub meeting: MeetingId,
    /// Each such person with the occurrence that is outside, in seat order.
    pub people: Vec<(PersonId, Occurrence)>,
}

/// Schedules of all meetings, with the clashes and out-of-hours meetings they make.
#[derive(Debug, Clone, Default)]
pub struct Schedules {
    /// The first day of the horizon (a Monday).
    pub start: Option<civil::Date>,
    /// Today, as the horizon was computed for.
    pub today: Option<civil::Date>,
    /// By meeting; `None` for a meeting that is not scheduled.
    pub meetings: Vec<Option<Schedule>>,
    /// Each person's valid `tz`.
    pub person_zones: Vec<Option<(TimeZone, String)>>,
    /// Sorted by `(a, b)`.
    pub clashes: Vec<Clash>,
    /// In meeting order.
    pub outside_hours: Vec<OutsideHours>,
    pub working_hours: WorkingHours,
}

/// The schedule of meeting `mt` in its zone (its `tz`, else its owner's, else the default:
/// `coord.toml`'s or UTC); `None` when it is not scheduled. `zone` looks up a zone by name.
fn schedule_of<'m>(
    model: &'m Model,
    mt: &'m super::Meeting,
    start: civil::Date,
    zone: &mut impl FnMut(&'m str) -> Option<TimeZone>,
    default_zone: &Option<(TimeZone, String)>,
) -> Option<Schedule> {
    if !mt.has_schedule() {
        return None;
    }
    let (zone, zone_name, zone_source) = match &mt.tz {
        Some(tz) => {
            let name = tz.valid_name()?;
            (zone(name)?, name.to_string(), "tz")
        }
        None => {
            let owner_tz = mt
                .owner
                .and_then(|o| model.people[o.id.index()].tz.as_ref());
            match owner_tz {
                // The owner's zone is invalid: not scheduled (no cascades).
                Some(tz) if !tz.valid => return None,
                Some(tz) => (zone(&tz.name)?, tz.name.clone(), "owner"),
                None => match default_zone {
                    Some((z, n)) => (z.clone(), n.clone(), "coord.toml"),
                    None => (TimeZone::UTC, "UTC".to_string(), "default"),
                },
            }
        }
    };
    Some(schedule(mt, start, zone, zone_name, zone_source))
}

/// The Monday of the week that contains `today`.
pub fn horizon_start(today: Date) -> civil::Date {
    let day = crate::date::to_civil(today).unwrap_or(civil::date(2026, 1, 5));
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

impl Schedules {
    /// `timezone` and `working_hours` are the settings of `coord.toml`.
    pub fn compute<'m>(
        model: &'m Model,
        timezone: Option<&'m str>,
        working_hours: WorkingHours,
        today: Date,
    ) -> Schedules {
        let start = horizon_start(today);
        // A plan names a handful of zones, each thousands of times: each is looked up once.
        let mut cache: FxHashMap<&str, Option<TimeZone>> = FxHashMap::default();
        let mut zone = |name: &'m str| -> Option<TimeZone> {
            cache
                .entry(name)
                .or_insert_with(|| crate::date::zone(name))
                .clone()
        };
        let person_zones: Vec<Option<(TimeZone, String)>> = model
            .people
            .iter()
            .map(|p| {
                let name = p.tz.as_ref()?.valid_name()?;
                Some((zone(name)?, name.to_string()))
            })
            .collect();
        let default_zone = timezone.and_then(|n| Some((zone(n)?, n.to_string())));
        let meetings = model
            .meetings
            .iter()
            .map(|mt| schedule_of(model, mt, start, &mut zone, &default_zone))
            .collect();
        let mut s = Schedules {
            start: Some(start),
            today: crate::date::to_civil(today),
            meetings,
            person_zones,
            clashes: Vec::new(),
            outside_hours: Vec::new(),
            working_hours,
        };
        s.clashes = s.find_clashes(model);
        s.outside_hours = s.find_outside_hours(model);
        s
    }

    /// Schedules the `changed` meetings again (indices in the model's meetings), and finds
    /// the clashes and the meetings outside working hours again: for a model that changed
    /// only in those meetings' scheduling (their owners, or whether their schedules are
    /// broken), with the same settings and date, this is what [`Schedules::compute`] gives.
    pub fn reschedule(
        &mut self,
        model: &Model,
        timezone: Option<&str>,
        today: Date,
        changed: &[u32],
    ) {
        let start = horizon_start(today);
        let default_zone = timezone.and_then(|n| Some((crate::date::zone(n)?, n.to_string())));
        for &m in changed {
            let mt = &model.meetings[m as usize];
            self.meetings[m as usize] =
                schedule_of(model, mt, start, &mut crate::date::zone, &default_zone);
        }
        self.clashes = self.find_clashes(model);
        self.outside_hours = self.find_outside_hours(model);
    }

    pub fn get(&self, m: MeetingId) -> Option<&Schedule> {
        self.meetings.get(m.index()).and_then(Option::as_ref)
    }

    /// A person's zone, when they have a valid `tz`.
    pub fn person_zone(&self, p: PersonId) -> Option<&(TimeZone, String)> {
        self.person_zones.get(p.index()).and_then(Option::as_ref)
    }

    /// The clashes a person is double-booked in.
    pub fn clashes_of(&self, p: PersonId) -> impl Iterator<Item = &Clash> {
        self.clashes
            .iter()
            .filter(move |c| c.people.binary_search(&p).is_ok())
    }

    /// Clashing pairs: the pairs of scheduled meetings someone attends both of are found from
    /// each person's meetings (each pair once), and each pair's occurrences are merged in time
    /// order; only pairs that overlap gather the people they share. The work grows with the
    /// pairs people attend and their occurrences, not with every pair of meetings.
    fn find_clashes(&self, model: &Model) -> Vec<Clash> {
        // Each person's scheduled meetings (sorted, no repeats), and each meeting's people.
        let mut sets: Flat<u32> = Flat::with_capacity(model.person_meetings.len(), 0);
        let mut set: Vec<u32> = Vec::new();
        let mut people_count = vec![0u32; self.meetings.len()];
        for meetings in &model.person_meetings {
            set.clear();
            set.extend(
                meetings
                    .iter()
                    .filter(|&&m| self.get(m).is_some())
                    .map(|m| m.0),
            );
            set.sort_unstable();
            set.dedup();
            if set.len() < 2 {
                // Nobody is double-booked with one meeting.
                set.clear();
            }
            for &m in &set {
                people_count[m as usize] += 1;
            }
            sets.push_list(set.iter().copied());
        }
        // Each meeting's people, in person order: placed by counting, not sorted.
        let mut people_at: Vec<usize> = Vec::with_capacity(self.meetings.len() + 1);
        let mut total = 0;
        for &n in &people_count {
            people_at.push(total);
            total += n as usize;
        }
        people_at.push(total);
        let mut people = vec![0u32; total];
        let mut next = people_at.clone();
        for (p, set) in sets.iter().enumerate() {
            for &m in set {
                people[next[m as usize]] = p as u32;
                next[m as usize] += 1;
            }
        }
        let people_of = |m: usize| &people[people_at[m]..people_at[m + 1]];
        // For each meeting `a`, the later meetings `b` someone attends with it, each once.
        let mut seen = vec![u32::MAX; self.meetings.len()];
        let mut partners: Vec<u32> = Vec::new();
        let mut clashes = Vec::new();
        for a in 0..self.meetings.len() {
            partners.clear();
            for &p in people_of(a) {
                for &b in &sets[p as usize] {
                    if b as usize > a && seen[b as usize] != a as u32 {
                        seen[b as usize] = a as u32;
                        partners.push(b);
                    }
                }
            }
            if partners.is_empty() {
                continue;
            }
            partners.sort_unstable();
            let ma = MeetingId(a as u32);
            let oa = &self.get(ma).expect("scheduled").occurrences;
            for &b in &partners {
                let mb = MeetingId(b);
                let ob = &self.get(mb).expect("scheduled").occurrences;
                let Some((first_a, first_b)) = first_overlap(ma, oa, mb, ob) else {
                    continue;
                };
                let people = intersection(people_of(a), people_of(b as usize))
                    .map(PersonId)
                    .collect();
                clashes.push(Clash {
                    a: ma,
                    b: mb,
                    people,
                    first_a,
                    first_b,
                    count: overlapping_pairs(oa, ob),
                });
            }
        }
        clashes
    }

    /// The clashes as found before (the reference for [`Schedules::find_clashes`]): people are grouped by the set of scheduled meetings they attend (a
    /// team's members usually share one), and each distinct set's occurrences are swept once
    /// in time order, so the work is near linear in the occurrences, not in pairs of meetings.
    #[cfg(test)]
    fn find_clashes_by_sets(&self, model: &Model) -> Vec<Clash> {
        // Each person's set is gathered in one buffer; only a set not seen before is stored.
        let mut by_set: FxHashMap<Vec<MeetingId>, Vec<PersonId>> = FxHashMap::default();
        let mut set: Vec<MeetingId> = Vec::new();
        for (p, meetings) in model.person_meetings.iter().enumerate() {
            set.clear();
            set.extend(meetings.iter().copied().filter(|&m| self.get(m).is_some()));
            if set.len() < 2 {
                continue;
            }
            set.sort_unstable();
            set.dedup();
            let person = PersonId(p as u32);
            match by_set.get_mut(set.as_slice()) {
                Some(people) => people.push(person),
                None => {
                    by_set.insert(set.clone(), vec![person]);
                }
            }
        }
        let mut found: FxHashMap<(MeetingId, MeetingId), Clash> = FxHashMap::default();
        let mut events: Vec<(i64, i64, MeetingId, usize)> = Vec::new();
        let mut active: Vec<(i64, i64, MeetingId, usize)> = Vec::new();
        for (set, people) in &by_set {
            events.clear();
            for &m in set {
                let s = self.get(m).expect("filtered");
                events.extend(
                    s.occurrences
                        .iter()
                        .enumerate()
                        .map(|(i, o)| (o.start, o.end, m, i)),
                );
            }
            events.sort_unstable();
            active.clear();
            let mut pairs: Vec<(MeetingId, MeetingId)> = Vec::new();
            for &ev in &events {
                active.retain(|a| a.1 > ev.0);
                for &a in &active {
                    if a.2 == ev.2 || ev.1 <= a.0 {
                        continue;
                    }
                    let (x, y) = if a.2 < ev.2 { (a, ev) } else { (ev, a) };
                    let (ox, oy) = (
                        self.get(x.2).expect("scheduled").occurrences[x.3],
                        self.get(y.2).expect("scheduled").occurrences[y.3],
                    );
                    let entry = found.entry((x.2, y.2)).or_insert_with(|| Clash {
                        a: x.2,
                        b: y.2,
                        people: Vec::new(),
                        first_a: ox,
                        first_b: oy,
                        count: 0,
                    });
                    if ox.start.max(oy.start) < entry.first_overlap() {
                        entry.first_a = ox;
                        entry.first_b = oy;
                    }
                    pairs.push((x.2, y.2));
                }
                active.push(ev);
            }
            pairs.sort_unstable();
            pairs.dedup();
            for pair in pairs {
                found
                    .get_mut(&pair)
                    .expect("found")
                    .people
                    .extend(people.iter().copied());
            }
        }
        // Count overlapping occurrence pairs once per meeting pair (not once per person set).
        let mut clashes: Vec<Clash> = found.into_values().collect();
        for c in &mut clashes {
            c.people.sort_unstable();
            c.people.dedup();
            let (oa, ob) = (
                &self.get(c.a).expect("scheduled").occurrences,
                &self.get(c.b).expect("scheduled").occurrences,
            );
            c.count = overlapping_pairs(oa, ob);
        }
        clashes.sort_by_key(|c| (c.a, c.b));
        clashes
    }

    /// For each scheduled meeting, the attendees with a `tz` for whom its first occurrence on
    /// one of its days starts before or ends after working hours, or is on their weekend.
    fn find_outside_hours(&self, model: &Model) -> Vec<OutsideHours> {
        let wh = self.working_hours;
        // People's zones, numbered by name: attendees share a handful of zones, so a
        // meeting's verdict is worked out once per zone rather than once per person.
        let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
        let mut zones: Vec<&TimeZone> = Vec::new();
        let zone_of: Vec<u32> = self
            .person_zones
            .iter()
            .map(|z| match z {
                Some((tz, name)) => *numbers.entry(name.as_str()).or_insert_with(|| {
                    zones.push(tz);
                    zones.len() as u32 - 1
                }),
                None => u32::MAX,
            })
            .collect();
        // Per zone, for the meeting at hand: not yet known, or which first occurrence (if
        // any) is outside working hours there.
        let mut verdicts: Vec<Option<Option<usize>>> = vec![None; zones.len()];
        let mut out = Vec::new();
        for (mi, schedule) in self.meetings.iter().enumerate() {
            let Some(schedule) = schedule else { continue };
            let firsts = schedule.first_per_day();
            verdicts.fill(None);
            let mut people = Vec::new();
            for seat in &model.attendance[mi] {
                let SeatHolder::Person(p) = seat.who else {
                    continue;
                };
                let Some(&z) = zone_of.get(p.index()).filter(|&&z| z != u32::MAX) else {
                    continue;
                };
                let tz = zones[z as usize];
                let verdict = *verdicts[z as usize].get_or_insert_with(|| {
                    firsts
                        .iter()
                        .position(|o| outside(wh, &local(o.start, tz), &local(o.end, tz)))
                });
                if let Some(k) = verdict {
                    people.push((p, firsts[k]));
                }
            }
            if !people.is_empty() {
                out.push(OutsideHours {
                    meeting: MeetingId(mi as u32),
                    people,
                });
            }
        }
        out
    }
}

/// Whether a meeting from `start` to `end` (local times of one person) is outside `wh` or on
/// their weekend.
pub fn outside(wh: WorkingHours, start: &jiff::Zoned, end: &jiff::Zoned) -> bool {
    let minutes = |z: &jiff::Zoned| u32::from(z.hour() as u8) * 60 + u32::from(z.minute() as u8);
    let weekend = matches!(start.weekday(), Weekday::Saturday | Weekday::Sunday);
    let end_minutes = if end.date() > start.date() {
        // Past midnight: later than any end of a working day.
        24 * 60 + minutes(end)
    } else {
        minutes(end)
    };
    weekend || minutes(start) < wh.start || end_minutes > wh.end
}

/// A time in a zone.
pub fn local(second: i64, tz: &TimeZone) -> jiff::Zoned {
    Timestamp::from_second(second)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(tz.clone())
}

/// `Wed 03:00`: a local day and time.
pub fn day_time(z: &jiff::Zoned) -> String {
    format!(
        "{} {:02}:{:02}",
        crate::date::weekday_short(z.weekday()),
        z.hour(),
        z.minute()
    )
}

/// The items of two sorted lists without repeats that are in both, in order.
fn intersection<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// The first pair of overlapping occurrences of meetings `a` and `b` (`a`'s first): the pair
/// whose overlap begins first; of pairs that begin together, the one a sweep of both lists
/// in `(start, end, meeting, index)` order meets first (the later of its two occurrences
/// first in that order, then the earlier). `None` when no occurrences overlap. Each list is
/// in time order with its occurrences of one length, so the occurrences of `b` that overlap
/// one of `a` are a run, found by two pointers moving forward.
fn first_overlap(
    a: MeetingId,
    oa: &[Occurrence],
    b: MeetingId,
    ob: &[Occurrence],
) -> Option<(Occurrence, Occurrence)> {
    type Key = (i64, i64, MeetingId, usize);
    let mut best: Option<(i64, Key, Key, usize, usize)> = None;
    let mut lo = 0;
    for (i, x) in oa.iter().enumerate() {
        while lo < ob.len() && ob[lo].end <= x.start {
            lo += 1;
        }
        let mut j = lo;
        while j < ob.len() && ob[j].start < x.end {
            let y = &ob[j];
            if y.end > x.start {
                let (kx, ky) = ((x.start, x.end, a, i), (y.start, y.end, b, j));
                let (earlier, later) = if kx <= ky { (kx, ky) } else { (ky, kx) };
                let candidate = (x.start.max(y.start), later, earlier, i, j);
                if best.is_none_or(|b| (candidate.0, candidate.1, candidate.2) < (b.0, b.1, b.2)) {
                    best = Some(candidate);
                }
            }
            j += 1;
        }
    }
    best.map(|(_, _, _, i, j)| (oa[i], ob[j]))
}

/// How many pairs of occurrences of two sorted lists overlap (a merge, linear).
fn overlapping_pairs(a: &[Occurrence], b: &[Occurrence]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i].start < b[j].end && b[j].start < a[i].end {
            n += 1;
        }
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

impl Schedule {
    /// The first occurrence on each of its weekdays (local, in the meeting's zone), in time
    /// order.
    pub fn first_per_day(&self) -> Vec<Occurrence> {
        let mut seen: Vec<Weekday> = Vec::new();
        let mut out = Vec::new();
        for o in &self.occurrences {
            let w = o.date.weekday();
            if !seen.contains(&w) {
                seen.push(w);
                out.push(*o);
            }
        }
        out
    }

    /// "biweekly on Wed at 16:00 Europe/Berlin" (the length is [`Schedule::minutes`]).
    pub fn describe(&self) -> String {
        let days: Vec<&str> = self
            .days
            .iter()
            .map(|&d| crate::date::weekday_short(d))
            .collect();
        let cadence = match self.cadence {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Adhoc => "adhoc",
        };
        format!(
            "{cadence} on {} at {} {}",
            days.join(", "),
            self.time,
            self.zone_name
        )
    }

    /// The first occurrence on or after `day` (a local date in the meeting's zone).
    pub fn next_on_or_after(&self, day: civil::Date) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| o.date >= day)
    }
}

/// The occurrences of a scheduled meeting over the horizon from `start`.
fn schedule(
    mt: &super::Meeting,
    start: civil::Date,
    zone: TimeZone,
    zone_name: String,
    zone_source: &'static str,
) -> Schedule {
    let cadence = mt.cadence.expect("scheduled");
    let (time, _) = mt.time.expect("scheduled");
    let days = mt.meeting_days();
    let starts = mt.starts.and_then(|(d, _)| crate::date::to_civil(d));
    let minutes = mt.minutes();
    let weeks_known =
        starts.is_some() || matches!(cadence, Cadence::Daily | Cadence::Weekly | Cadence::Adhoc);
    let monday_of = |d: civil::Date| {
        d.checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .unwrap_or(d)
    };
    let days_between = |a: civil::Date, b: civil::Date| -> i64 {
        a.until((jiff::Unit::Day, b))
            .map_or(0, |s| i64::from(s.get_days()))
    };
    // For `starts`: its week's Monday, its n-th weekday in the month, and its month number.
    let anchor = starts.map(|s| {
        (
            monday_of(s),
            (s.day() - 1) / 7 + 1,
            i32::from(s.year()) * 12 + i32::from(s.month()),
            s.weekday(),
        )
    });
    let mut occurrences = Vec::new();
    let mut date = start;
    for offset in 0..HORIZON_DAYS {
        if offset > 0 {
            match date.tomorrow() {
                Ok(d) => date = d,
                Err(_) => break,
            }
        }
        if !days.contains(&date.weekday()) {
            continue;
        }
        if let (Some(s), Some((s_monday, nth, s_month, s_weekday))) = (starts, anchor) {
            if date < s {
                continue;
            }
            let meets = match cadence {
                Cadence::Daily | Cadence::Weekly | Cadence::Adhoc => true,
                Cadence::Biweekly => (days_between(s_monday, monday_of(date)) / 7) % 2 == 0,
                Cadence::Monthly | Cadence::Quarterly => {
                    let month = i32::from(date.year()) * 12 + i32::from(date.month());
                    date.weekday() == s_weekday
                        && (date.day() - 1) / 7 + 1 == nth
                        && (cadence == Cadence::Monthly || (month - s_month) % 3 == 0)
                }
            };
            if !meets {
                continue;
            }
        }
        let dt = date.at(time.hour as i8, time.minute as i8, 0, 0);
        let Ok(ts) = zone.to_ambiguous_timestamp(dt).compatible() else {
            continue;
        };
        let begin = ts.as_second();
        occurrences.push(Occurrence {
            start: begin,
            // A length of weeks on end must not overflow (no input panics).
            end: begin.saturating_add(
                i64::try_from(minutes)
                    .unwrap_or(i64::MAX)
                    .saturating_mul(60),
            ),
            date,
        });
    }
    Schedule {
        zone,
        zone_name,
        zone_source,
        time,
        days,
        minutes,
        cadence,
        weeks_known,
        occurrences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    fn both_ways(sources: Vec<(String, String)>) -> usize {
        let ws = Workspace::from_texts(sources);
        let model = Model::build(&ws);
        let today = crate::date::from_days_since_epoch(20_779);
        let s = Schedules::compute(&model, None, WorkingHours::default(), today);
        let found = s.find_clashes(&model);
        assert_eq!(found, s.find_clashes_by_sets(&model));
        found.len()
    }

    #[test]
    fn pairs_find_the_clashes_the_sweep_of_each_set_finds() {
        let mut clashes = 0;
        for seed in 0..3 {
            clashes += both_ways(crate::synth::generate(&crate::synth::SynthOptions {
                tasks: 4_000,
                files: 2,
                seed,
            }));
        }
        assert!(clashes > 20, "the synthetic plans have clashes: {clashes}");
        // Occurrences that overlap their own meeting's next ones, meetings that start
        // together, different zones, and people in several of them.
        let text = "person ann\nperson bo { tz \"Asia/Tokyo\" }\nperson cy\nteam t { lead ann members bo }\n\
                    meeting long { attendees ann, bo, cy  cadence daily  length 2d  time 09:00 }\n\
                    meeting a { attendees t  cadence weekly  day mon  length 1h  time 09:00 }\n\
                    meeting b { attendees ann, cy  cadence weekly  day mon  length 30m  time 09:00 }\n\
                    meeting c { owner bo  attendees bo, ann  cadence daily  length 3h  time 17:30 }\n\
                    meeting d { attendees cy, bo  cadence biweekly  day mon  length 1h  time 09:30  tz \"Europe/Paris\" }\n";
        assert!(both_ways(vec![("a.plan".into(), text.into())]) >= 4);
    }
}
