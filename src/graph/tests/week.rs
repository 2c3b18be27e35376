//! The week view (`coord graph --view week`): the week of today as an SVG calendar. The
//! showcase's week has seven day columns, every meeting of the week by name and its clash
//! outlined; a plan of 100 scheduled meetings, many at the same times, is drawn with no two
//! texts overlapping and every text inside its meeting's box (text boxes estimated from the
//! characters and font size, as in `scale.rs`). The command line: `tests/graph_week.rs`.

use std::path::Path;

use super::svg_boxes::{num, text_box, Rect};
use crate::analysis::analyze;
use crate::config::Config;
use crate::graph::{render, render_with, Format, View};
use crate::model::{MeetingId, Model};
use crate::syntax::lexer::parse_date;
use crate::workspace::Workspace;

fn rect_box(r: roxmltree::Node) -> Rect {
    let (x, y) = (num(r, "x"), num(r, "y"));
    Rect {
        x0: x,
        y0: y,
        x1: x + num(r, "width"),
        y1: y + num(r, "height"),
    }
}

fn class_has(n: roxmltree::Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// Every text of the picture, no two overlapping; every text in a meeting inside its box.
fn assert_readable(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
    let texts: Vec<(roxmltree::Node, Rect)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| (t, text_box(t)))
        .collect();
    for (i, (a, ra)) in texts.iter().enumerate() {
        for (b, rb) in &texts[i + 1..] {
            assert!(
                !ra.overlaps(rb, 0.5),
                "texts overlap: {:?} {ra:?} and {:?} {rb:?}",
                a.text(),
                b.text()
            );
        }
    }
    let meetings: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_has(*n, "meeting"))
        .collect();
    let boxes: Vec<Rect> = meetings
        .iter()
        .map(|g| rect_box(g.children().find(|c| c.has_tag_name("rect")).unwrap()))
        .collect();
    for (i, g) in meetings.iter().enumerate() {
        for t in g.children().filter(|c| c.has_tag_name("text")) {
            assert!(
                text_box(t).inside(&boxes[i], 0.5),
                "{:?} leaves its box",
                t.text()
            );
        }
        for (j, other) in boxes.iter().enumerate().skip(i + 1) {
            assert!(
                !boxes[i].overlaps(other, 0.5),
                "meeting boxes overlap: {:?} and {:?}",
                g.children()
                    .find(|c| c.has_tag_name("title"))
                    .unwrap()
                    .text(),
                meetings[j]
                    .children()
                    .find(|c| c.has_tag_name("title"))
                    .unwrap()
                    .text()
            );
        }
    }
}

#[test]
fn week_of_the_showcase_has_seven_days_every_meeting_and_its_clash() {
    // As `coord graph --view week --today 2026-11-18 examples/showcase` draws it.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/showcase");
    let ws = crate::workspace::load(std::slice::from_ref(&dir)).unwrap();
    let config = Config::discover(&dir).unwrap();
    let today = parse_date("2026-11-18").unwrap();
    let svg = render_with(
        &ws,
        &Model::build(&ws),
        View::Week,
        Format::Svg,
        today,
        &config,
    )
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(
        title.contains("2026-11-16") && title.contains("UTC"),
        "{title}"
    );
    let days: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && class_has(*n, "day"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(days.len(), 7, "{days:?}");
    assert!(days[0].starts_with("Mon 2026-11-16") && days[6].starts_with("Sun 2026-11-22"));
    assert_eq!(days[2], "Wed 2026-11-18 (today)");

    // Every scheduled meeting of the week is drawn, its name in full on its box.
    let analysis = analyze(&ws, &Config::default(), today);
    let model: &Model = &analysis.model;
    let visible: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_has(*n, "meeting"))
        .flat_map(|g| g.children().filter(|c| c.has_tag_name("text")))
        .filter_map(|t| t.text())
        .collect();
    let mut scheduled = 0;
    for (i, s) in analysis.schedules.meetings.iter().enumerate() {
        if s.is_some() {
            scheduled += 1;
            let name = model.meeting_name(MeetingId(i as u32));
            assert!(visible.contains(&name), "{name} not drawn: {visible:?}");
        }
    }
    assert!(scheduled >= 3);

    // The clash: both meetings outlined in red, named under the grid, and in the legend.
    assert!(!analysis.schedules.clashes.is_empty());
    let clashed: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_has(*n, "clash"))
        .map(|g| {
            let r = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            assert_eq!(r.attribute("stroke"), Some("#d62728"));
            g.children()
                .find(|c| c.has_tag_name("text"))
                .and_then(|t| t.text())
                .unwrap()
        })
        .collect();
    assert!(
        clashed.contains(&"storefront-weekly") && clashed.contains(&"fulfilment-sync"),
        "{clashed:?}"
    );
    assert!(svg.contains("clash: someone attends both meetings"));
    assert!(svg.contains("storefront-weekly and fulfilment-sync"));
    assert_readable(&svg);
}

#[test]
fn week_view_is_svg_only() {
    let ws = Workspace::from_texts(vec![("a.plan".into(), "person a {}\n".into())]);
    let model = Model::build(&ws);
    let today = parse_date("2026-11-18").unwrap();
    assert!(render(&ws, &model, View::Week, Format::Mermaid, today).is_err());
    // No scheduled meetings: an empty week, still a picture.
    let svg = render(&ws, &model, View::Week, Format::Svg, today).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
}

/// 100 weekly meetings on weekdays, five to a slot, names of every length, 30 people who
/// attend several (so many clash).
fn hundred_meetings() -> String {
    let mut plan = String::new();
    for p in 0..30 {
        plan.push_str(&format!("person p{p} {{}}\n"));
    }
    const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];
    const TIMES: [&str; 4] = ["09:00", "09:30", "13:00", "16:45"];
    const LENGTHS: [&str; 5] = ["15m", "30m", "45m", "1h", "90m"];
    for i in 0..100 {
        let name = match i % 4 {
            0 => format!("m{i}"),
            1 => format!("sync-{i}"),
            2 => format!("weekly-planning-{i}"),
            _ => format!("cross-region-architecture-and-platform-review-{i}"),
        };
        plan.push_str(&format!(
            "meeting {name} {{\n  owner p{o}\n  attendees p{o}, p{b}\n  cadence weekly\n  length {len}\n  day {day}\n  time {time}\n}}\n",
            o = i % 30,
            b = (i * 7 + 3) % 30,
            len = LENGTHS[i % 5],
            day = DAYS[i % 5],
            time = TIMES[(i / 5) % 4],
        ));
    }
    plan
}

#[test]
fn week_of_100_meetings_is_readable() {
    let ws = Workspace::from_texts(vec![("big.plan".into(), hundred_meetings())]);
    assert!(
        ws.files[0].syntax.errors.is_empty(),
        "{:?}",
        ws.files[0].syntax.errors
    );
    let model = Model::build(&ws);
    let today = parse_date("2026-11-18").unwrap();
    let config = Config {
        timezone: Some("Europe/Berlin".into()),
        ..Config::default()
    };
    let svg = render_with(&ws, &model, View::Week, Format::Svg, today, &config).unwrap();
    assert!(svg.contains("times in Europe/Berlin"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let meetings = groups(&doc, "meeting").count();
    assert_eq!(meetings, 100);
    assert!(groups(&doc, "clash").next().is_some(), "some of them clash");
    assert_readable(&svg);
}

#[test]
fn week_shows_every_meeting_in_the_one_zone_across_day_boundaries() {
    // Sunday evening in Los Angeles is Monday morning in UTC; Monday morning in Tokyo is
    // Sunday evening in UTC (of the following Monday's week: the same week's Sunday).
    let plan = "person ana {\n  tz \"America/Los_Angeles\"\n}\nperson ken {\n  tz \"Asia/Tokyo\"\n}\n\
meeting west-sunday {\n  owner ana\n  attendees ana\n  cadence weekly\n  length 30m\n  day sun\n  time 20:00\n}\n\
meeting tokyo-monday {\n  owner ken\n  attendees ken\n  cadence weekly\n  length 30m\n  day mon\n  time 08:00\n}\n";
    let ws = Workspace::from_texts(vec![("z.plan".into(), plan.into())]);
    assert!(ws.files[0].syntax.errors.is_empty());
    let model = Model::build(&ws);
    let today = parse_date("2026-11-18").unwrap();
    let svg = render(&ws, &model, View::Week, Format::Svg, today).unwrap();
    assert!(svg.contains("west-sunday Mon 04:00–04:30"), "{svg}");
    assert!(svg.contains("tokyo-monday Sun 23:00–23:30"), "{svg}");
    // In Tokyo's zone, both are on Monday.
    let config = Config {
        timezone: Some("Asia/Tokyo".into()),
        ..Config::default()
    };
    let svg = render_with(&ws, &model, View::Week, Format::Svg, today, &config).unwrap();
    assert!(svg.contains("west-sunday Mon 13:00–13:30"), "{svg}");
    assert!(svg.contains("tokyo-monday Mon 08:00–08:30"), "{svg}");
    assert_readable(&svg);
}

#[test]
fn week_of_a_synthetic_organisation_is_readable() {
    // About 100 teams, with their meetings scheduled across three continents.
    let files = crate::synth::generate(&crate::synth::SynthOptions {
        tasks: 8_000,
        files: 4,
        seed: 7,
    });
    let ws = Workspace::from_texts(files);
    let svg = week_svg(&ws);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let meetings = groups(&doc, "meeting").count();
    assert!(meetings >= 100, "{meetings} meetings drawn");
    assert!(groups(&doc, "clash").next().is_some(), "some of them clash");
    assert_readable(&svg);
}

#[test]
fn meetings_at_the_end_of_the_day_keep_their_names() {
    let plan = "person a {}\n\
meeting late-one {\n  owner a\n  attendees a\n  cadence weekly\n  length 10m\n  day fri\n  time 23:50\n}\n\
meeting late-two {\n  owner a\n  attendees a\n  cadence weekly\n  length 1h\n  day fri\n  time 23:30\n}\n";
    let ws = Workspace::from_texts(vec![("late.plan".into(), plan.into())]);
    assert!(ws.files[0].syntax.errors.is_empty());
    let svg = week_svg(&ws);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_has(*n, "meeting"))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("text")))
        .filter_map(|t| t.text())
        .collect();
    assert!(
        names.contains(&"late-one") && names.contains(&"late-two"),
        "{names:?}"
    );
    assert!(svg.contains("late-two Fri 23:30–00:00"), "{svg}");
    assert_readable(&svg);
}

/// The week of 2026-11-18 drawn as SVG, in UTC.
fn week_svg(ws: &Workspace) -> String {
    let model = Model::build(ws);
    let today = parse_date("2026-11-18").unwrap();
    render(ws, &model, View::Week, Format::Svg, today).unwrap()
}

/// The drawing's groups (`<g>`) of `class`: one per meeting, or per clash.
fn groups<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    class: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    doc.descendants()
        .filter(move |n| n.has_tag_name("g") && class_has(*n, class))
}
