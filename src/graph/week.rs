//! The week view: the first week of the schedules' horizon (the week that contains today) as
//! an SVG calendar grid — one column per day, Monday first, one row band per hour — with each
//! scheduled meeting a box at its local time in one zone (`coord.toml`'s `timezone`, else
//! UTC). Meetings at the same time share their day's column side by side; meetings that clash
//! (someone attends both) have a red outline. SVG only: Mermaid and DOT have no calendar.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use jiff::civil;
use jiff::tz::TimeZone;

use super::svg::{svg_document, text_width, xml, SvgOut};
use super::{FILLS, RED, STROKES};
use crate::model::schedule::Schedules;
use crate::model::{MeetingId, Model};

/// Pixels per hour band.
const HOUR_H: f64 = 44.0;
/// The shortest box drawn (minutes), so that a short meeting still has room for its name.
const MIN_MINUTES: i64 = 25;
/// A lane (one of several meetings side by side) is never narrower than this.
const MIN_LANE_W: f64 = 64.0;
/// Lanes grow to fit their names up to this width.
const MAX_LANE_W: f64 = 170.0;
const MIN_DAY_W: f64 = 150.0;
const NAME_SIZE: f64 = 11.0;
const TIME_SIZE: f64 = 9.5;
const BOX_PAD: f64 = 3.0;
/// Bold text is this much wider than regular text (as in `svg`).
const BOLD: f64 = 1.1;
/// Clashes listed under the grid, at most.
const MAX_CLASH_LINES: usize = 30;
/// People named in a clash's line, at most.
const MAX_PEOPLE: usize = 6;

/// One meeting occurrence placed on a day, in minutes since that day's midnight (the zone's).
#[derive(Debug, Clone)]
struct Slot {
    meeting: MeetingId,
    /// Minutes since midnight, start and end (the end clipped to the day's end).
    start: i64,
    end: i64,
    /// The drawn end: at least `MIN_MINUTES` after the start.
    drawn_end: i64,
    /// The drawn start: earlier than the start only for a meeting in the day's last minutes.
    drawn_start: i64,
    /// Epoch seconds of the occurrence, for clash overlap.
    at: (i64, i64),
    clash: bool,
    weeks_known: bool,
    lane: usize,
    lanes: usize,
}

/// The week picture as an SVG document. `zone_name` is the zone times are shown in (an IANA
/// name; `None` or an unknown name shows UTC).
/// `monday` is the first day of the week drawn, and `today` is marked on it; `schedules` must cover it and the day before
/// (a meeting late on Sunday in one zone can be early on Monday in another).
pub(crate) fn week_svg(
    model: &Model,
    schedules: &Schedules,
    monday: civil::Date,
    today: Option<civil::Date>,
    zone_name: Option<&str>,
) -> String {
    let (zone, zone_label) = match zone_name.and_then(|n| Some((crate::date::zone(n)?, n))) {
        Some((z, n)) => (z, n.to_string()),
        None => (TimeZone::UTC, "UTC".to_string()),
    };
    let day = |i: i64| {
        monday
            .checked_add(jiff::Span::new().days(i))
            .unwrap_or(monday)
    };
    let midnight = |d: civil::Date| {
        d.to_zoned(zone.clone())
            .map(|z| z.timestamp().as_second())
            .unwrap_or(0)
    };
    let bounds: Vec<i64> = (0..=7).map(|i| midnight(day(i))).collect();

    // Each occurrence in the week, on the day (in `zone`) it starts.
    let mut days: Vec<Vec<Slot>> = vec![Vec::new(); 7];
    for (i, s) in schedules.meetings.iter().enumerate() {
        let Some(s) = s else { continue };
        for o in &s.occurrences {
            if o.start < bounds[0] || o.start >= bounds[7] {
                continue;
            }
            let d = (0..7).rfind(|&d| o.start >= bounds[d]).unwrap_or(0);
            // Minutes from the day's midnight; a day of 23 or 25 hours (daylight saving) is
            // measured by the wall clock.
            let local = crate::model::schedule::local(o.start, &zone);
            let start = i64::from(local.hour()) * 60 + i64::from(local.minute());
            let end = (start + (o.end - o.start) / 60).min(24 * 60);
            days[d].push(Slot {
                meeting: MeetingId(i as u32),
                start,
                end,
                drawn_end: end.max(start + MIN_MINUTES).min(24 * 60),
                drawn_start: start.min(24 * 60 - MIN_MINUTES),
                at: (o.start, o.end),
                clash: false,
                weeks_known: s.weeks_known,
                lane: 0,
                lanes: 1,
            });
        }
    }

    // Clashes: an occurrence overlaps one of a meeting it clashes with, this week.
    let mut partners: HashMap<MeetingId, Vec<MeetingId>> = HashMap::new();
    for c in &schedules.clashes {
        partners.entry(c.a).or_default().push(c.b);
        partners.entry(c.b).or_default().push(c.a);
    }
    let mut occurrences: HashMap<MeetingId, Vec<(i64, i64)>> = HashMap::new();
    for s in days.iter().flatten() {
        occurrences.entry(s.meeting).or_default().push(s.at);
    }
    // Each pair once: its first overlap this week, and how many overlaps.
    let mut week_clashes: BTreeMap<(MeetingId, MeetingId), (i64, usize)> = BTreeMap::new();
    for slot in days.iter_mut().flatten() {
        for &m in partners.get(&slot.meeting).into_iter().flatten() {
            for &at in occurrences.get(&m).into_iter().flatten() {
                if at.0 < slot.at.1 && slot.at.0 < at.1 {
                    slot.clash = true;
                    if slot.meeting < m {
                        let first = slot.at.0.max(at.0);
                        let e = week_clashes.entry((slot.meeting, m)).or_insert((first, 0));
                        e.0 = e.0.min(first);
                        e.1 += 1;
                    }
                }
            }
        }
    }
    let mut week_clashes: Vec<(MeetingId, MeetingId, i64, usize)> = week_clashes
        .into_iter()
        .map(|((a, b), (at, n))| (a, b, at, n))
        .collect();
    week_clashes.sort_by_key(|&(a, b, at, _)| (at, a, b));

    // Lanes: meetings whose drawn boxes overlap share the column side by side.
    for slots in &mut days {
        slots.sort_by(|a, b| {
            (a.drawn_start, a.drawn_end, model.meeting_name(a.meeting)).cmp(&(
                b.drawn_start,
                b.drawn_end,
                model.meeting_name(b.meeting),
            ))
        });
        let mut group_start = 0;
        let mut group_end = i64::MIN;
        let mut lane_ends: Vec<i64> = Vec::new();
        for i in 0..=slots.len() {
            if i == slots.len() || slots[i].drawn_start >= group_end {
                // Close the group of transitively overlapping boxes.
                let lanes = lane_ends.len().max(1);
                for s in &mut slots[group_start..i] {
                    s.lanes = lanes;
                }
                if i == slots.len() {
                    break;
                }
                group_start = i;
                lane_ends.clear();
            }
            let s = &mut slots[i];
            let lane = match lane_ends.iter().position(|&e| e <= s.drawn_start) {
                Some(l) => l,
                None => {
                    lane_ends.push(0);
                    lane_ends.len() - 1
                }
            };
            lane_ends[lane] = s.drawn_end;
            s.lane = lane;
            group_end = group_end.max(s.drawn_end);
            if i == group_start {
                group_end = s.drawn_end;
            }
        }
    }

    // Hours shown: the working hours, widened to every meeting.
    let wh = schedules.working_hours;
    let first_hour = days
        .iter()
        .flatten()
        .map(|s| s.drawn_start / 60)
        .chain([i64::from(wh.start) / 60])
        .min()
        .unwrap_or(8);
    let last_hour = days
        .iter()
        .flatten()
        .map(|s| (s.drawn_end + 59) / 60)
        .chain([(i64::from(wh.end) + 59) / 60])
        .max()
        .unwrap_or(18)
        .min(24);

    let margin = 20.0;
    let axis_w = 46.0;
    let day_w: Vec<f64> = days
        .iter()
        .map(|slots| {
            let lanes = slots.iter().map(|s| s.lanes).max().unwrap_or(1) as f64;
            // Lanes wide enough for the day's longest name, up to a limit (longer names are
            // shortened).
            let names = slots
                .iter()
                .map(|s| text_width(model.meeting_name(s.meeting), NAME_SIZE * BOLD))
                .fold(0.0, f64::max);
            let lane_w = (names + 2.0 * BOX_PAD + 4.0).clamp(MIN_LANE_W, MAX_LANE_W);
            (lanes * lane_w).max(MIN_DAY_W)
        })
        .collect();
    let day_x: Vec<f64> = day_w
        .iter()
        .scan(margin + axis_w, |x, w| {
            let at = *x;
            *x += w;
            Some(at)
        })
        .collect();
    let grid_w: f64 = day_w.iter().sum();
    let width = (margin * 2.0 + axis_w + grid_w).max(640.0);

    let mut body = String::new();
    let title = format!(
        "Meetings in the week of {} to {}, times in {}",
        monday,
        day(6),
        zone_label
    );
    let _ = writeln!(
        body,
        "<text x=\"{margin}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">{}</text>",
        margin + 12.0,
        xml(&title)
    );
    // Legend.
    let ly = margin + 34.0;
    let _ = writeln!(
        body,
        "<rect x=\"{margin}\" y=\"{}\" width=\"22\" height=\"12\" fill=\"{}\" stroke=\"{RED}\" stroke-width=\"2.5\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#333333\">clash: someone attends both meetings</text>",
        ly - 10.0,
        FILLS[0],
        margin + 28.0,
        ly
    );
    let lx = margin + 28.0 + text_width("clash: someone attends both meetings", 11.0) + 24.0;
    let _ = writeln!(
        body,
        "<rect x=\"{lx:.1}\" y=\"{}\" width=\"22\" height=\"12\" fill=\"{}\" stroke=\"{}\" stroke-dasharray=\"4 3\"/>\n<text x=\"{:.1}\" y=\"{ly}\" font-size=\"11\" fill=\"#333333\">may not meet this week (no `starts`)</text>",
        ly - 10.0,
        FILLS[0],
        STROKES[0],
        lx + 28.0,
    );
    let lx2 = lx + 28.0 + text_width("may not meet this week (no `starts`)", 11.0) + 24.0;
    let _ = writeln!(
        body,
        "<rect x=\"{lx2:.1}\" y=\"{}\" width=\"22\" height=\"12\" fill=\"#f3f3f3\"/>\n<text x=\"{:.1}\" y=\"{ly}\" font-size=\"11\" fill=\"#333333\">outside working hours ({wh})</text>",
        ly - 10.0,
        lx2 + 28.0,
    );

    // Day headers.
    let head_y = ly + 26.0;
    let grid_y = head_y + 10.0;
    for d in 0..7 {
        let date = day(d as i64);
        let label = format!(
            "{} {}{}",
            crate::date::weekday_short(date.weekday()),
            date,
            if Some(date) == today { " (today)" } else { "" }
        );
        let _ = writeln!(
            body,
            "<text class=\"day\" x=\"{:.1}\" y=\"{head_y}\" font-size=\"12\" font-weight=\"bold\" fill=\"#222222\" text-anchor=\"middle\">{}</text>",
            day_x[d] + day_w[d] / 2.0,
            xml(&label)
        );
    }
    // Hour bands.
    let hours = (last_hour - first_hour).max(1);
    let grid_h = hours as f64 * HOUR_H;
    let y_of = |minutes: i64| grid_y + (minutes - first_hour * 60) as f64 * HOUR_H / 60.0;
    let x0 = margin + axis_w;
    for h in first_hour..last_hour {
        let y = y_of(h * 60);
        let outside = h * 60 < i64::from(wh.start) || h * 60 >= i64::from(wh.end);
        let fill = if outside { "#f3f3f3" } else { "#ffffff" };
        let _ = writeln!(
            body,
            "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{grid_w:.1}\" height=\"{HOUR_H}\" fill=\"{fill}\" stroke=\"#e2e2e2\" stroke-width=\"0.8\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#666666\" text-anchor=\"end\">{h:02}:00</text>",
            x0 - 6.0,
            y + 10.0
        );
    }
    for (d, x) in day_x.iter().enumerate() {
        let _ = writeln!(
            body,
            "<line x1=\"{x:.1}\" y1=\"{grid_y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#bdbdbd\" stroke-width=\"1\"/>",
            grid_y + grid_h
        );
        if d == 6 {
            let x = x + day_w[d];
            let _ = writeln!(
                body,
                "<line x1=\"{x:.1}\" y1=\"{grid_y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#bdbdbd\" stroke-width=\"1\"/>",
                grid_y + grid_h
            );
        }
    }

    // Meetings.
    for (d, slots) in days.iter().enumerate() {
        for s in slots {
            let lane_w = day_w[d] / s.lanes as f64;
            let x = day_x[d] + lane_w * s.lane as f64 + 1.5;
            let w = lane_w - 3.0;
            let y = y_of(s.drawn_start) + 0.5;
            let h = (y_of(s.drawn_end) - y_of(s.drawn_start) - 1.0).max(4.0);
            let i = s.meeting.index();
            let (stroke, sw) = if s.clash {
                (RED, 2.5)
            } else {
                (STROKES[i % STROKES.len()], 1.0)
            };
            let dash = if s.weeks_known {
                ""
            } else {
                " stroke-dasharray=\"4 3\""
            };
            let name = model.meeting_name(s.meeting);
            let times = format!(
                "{:02}:{:02}–{:02}:{:02}",
                s.start / 60,
                s.start % 60,
                s.end / 60 % 24,
                s.end % 60
            );
            let class = if s.clash { "meeting clash" } else { "meeting" };
            let _ = writeln!(
                body,
                "<g class=\"{class}\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{dash}/>",
                xml(&format!(
                    "{name} {} {times}{}",
                    crate::date::weekday_short(day(d as i64).weekday()),
                    if s.clash { " (clash)" } else { "" }
                )),
                FILLS[i % FILLS.len()],
            );
            let room = w - 2.0 * BOX_PAD;
            let mut line_y = y + BOX_PAD + 0.8 * NAME_SIZE;
            if h >= BOX_PAD + NAME_SIZE {
                if let Some(text) = fit(name, NAME_SIZE * BOLD, room) {
                    let _ = write!(
                        body,
                        "<text x=\"{:.1}\" y=\"{line_y:.1}\" font-size=\"{NAME_SIZE}\" font-weight=\"bold\" fill=\"#222222\">{}</text>",
                        x + BOX_PAD,
                        xml(&text)
                    );
                }
                line_y += 0.2 * NAME_SIZE + 0.8 * TIME_SIZE + 2.0;
                if line_y + 0.2 * TIME_SIZE <= y + h {
                    if let Some(text) = fit(&times, TIME_SIZE, room) {
                        let _ = write!(
                            body,
                            "<text x=\"{:.1}\" y=\"{line_y:.1}\" font-size=\"{TIME_SIZE}\" fill=\"#444444\">{}</text>",
                            x + BOX_PAD,
                            xml(&text)
                        );
                    }
                }
            }
            body.push_str("</g>\n");
        }
    }

    // Clashes this week, listed.
    let mut y = grid_y + grid_h + 24.0;
    let scheduled = schedules.meetings.iter().flatten().count();
    let shown: usize = days.iter().map(Vec::len).sum();
    let mut notes: Vec<(String, &str, f64)> = vec![(
        format!(
            "{shown} occurrence{} of {scheduled} scheduled meeting{} this week; {} clash{}",
            if shown == 1 { "" } else { "s" },
            if scheduled == 1 { "" } else { "s" },
            week_clashes.len(),
            if week_clashes.len() == 1 { "" } else { "es" },
        ),
        "#333333",
        11.0,
    )];
    for &(a, b, at, times) in week_clashes.iter().take(MAX_CLASH_LINES) {
        let people: Vec<&str> = schedules
            .clashes
            .iter()
            .find(|c| (c.a, c.b) == (a, b))
            .map(|c| c.people.iter().map(|&p| model.person_name(p)).collect())
            .unwrap_or_default();
        let when = crate::model::schedule::day_time(&crate::model::schedule::local(at, &zone));
        notes.push((
            format!(
                "clash {when}{}: {} and {} (for {}{})",
                if times > 1 {
                    format!(
                        " and {} more time{}",
                        times - 1,
                        if times == 2 { "" } else { "s" }
                    )
                } else {
                    String::new()
                },
                model.meeting_name(a),
                model.meeting_name(b),
                people[..people.len().min(MAX_PEOPLE)].join(", "),
                if people.len() > MAX_PEOPLE {
                    format!(" and {} more", people.len() - MAX_PEOPLE)
                } else {
                    String::new()
                }
            ),
            RED,
            11.0,
        ));
    }
    if week_clashes.len() > MAX_CLASH_LINES {
        notes.push((
            format!(
                "and {} more clashes (run `coord check`)",
                week_clashes.len() - MAX_CLASH_LINES
            ),
            RED,
            11.0,
        ));
    }
    let mut widest: f64 = 0.0;
    for (text, color, size) in &notes {
        let _ = writeln!(
            body,
            "<text class=\"note\" x=\"{margin}\" y=\"{y:.1}\" font-size=\"{size}\" fill=\"{color}\">{}</text>",
            xml(text)
        );
        widest = widest.max(text_width(text, *size));
        y += 16.0;
    }
    let width = width.max(margin * 2.0 + widest);
    svg_document(
        &title,
        SvgOut {
            body,
            width,
            height: y + margin - 10.0,
        },
    )
}

/// `text` shortened (with `…`) to fit `room` pixels at `size` (the width factor included);
/// `None` when not even one character and the ellipsis fit.
fn fit(text: &str, size: f64, room: f64) -> Option<String> {
    if text_width(text, size) <= room {
        return Some(text.to_string());
    }
    let mut out = String::new();
    let mut w = text_width("…", size);
    for c in text.chars() {
        let cw = text_width(c.encode_utf8(&mut [0; 4]), size);
        if w + cw > room {
            break;
        }
        w += cw;
        out.push(c);
    }
    if out.is_empty() {
        None
    } else {
        out.push('…');
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_shortens_to_the_room() {
        assert_eq!(fit("standup", 10.0, 500.0).as_deref(), Some("standup"));
        let short = fit("a-very-long-meeting-name", 10.0, 40.0).unwrap();
        assert!(short.ends_with('…'));
        assert!(text_width(&short, 10.0) <= 40.0);
        assert_eq!(fit("abc", 10.0, 3.0), None);
    }
}
