//! The documentation of each field: the words live here, the rest comes from the schema.
//!
//! Which fields a kind takes, in which order, and the form of their values are
//! `model::schema`'s; this file adds only what each field means. A field in the schema without
//! words here (or words for a field the schema does not have) fails this module's tests.

use std::sync::LazyLock;

use crate::model::schema::{self, FieldSpec, ValueType};
use crate::syntax::ItemKind;

/// The documentation of one field a kind takes.
#[derive(Debug)]
pub struct FieldDoc {
    pub key: &'static str,
    /// The shape of the value, e.g. `PERSON-or-TEAM, ...`, derived from the schema.
    pub value: String,
    /// One to three sentences.
    pub doc: &'static str,
}

/// The fields a kind takes (including `allow` and `link`), in the schema's order; empty for
/// an unknown kind.
pub fn fields(kind: &str) -> &'static [FieldDoc] {
    match ItemKind::ALL.iter().position(|k| k.keyword() == kind) {
        Some(index) => &BY_KIND[index],
        None => &[],
    }
}

/// The documentation of one field of a kind, if the kind takes that key.
pub fn field(kind: &str, key: &str) -> Option<&'static FieldDoc> {
    fields(kind).iter().find(|doc| doc.key == key)
}

/// Each kind's fields, in `ItemKind::ALL`'s order, built once from the schema and the words below.
static BY_KIND: LazyLock<Vec<Vec<FieldDoc>>> = LazyLock::new(|| {
    ItemKind::ALL
        .iter()
        .map(|&kind| {
            schema::fields(kind)
                .iter()
                .map(|spec| FieldDoc {
                    key: spec.key,
                    value: shape(spec),
                    doc: words(kind, spec.key).unwrap_or(""),
                })
                .collect()
        })
        .collect()
});

/// How a value of this field is written, in the reference's notation: `PERSON`,
/// `daily|weekly|...`, `DURATION`, with `, ...` after a list.
fn shape(spec: &FieldSpec) -> String {
    let one = match spec.ty {
        // A web address is a string; say which.
        ValueType::Str if spec.key == "link" => "\"URL\"".to_string(),
        ValueType::Str | ValueType::Zone => "STRING".to_string(),
        ValueType::Duration => "DURATION".to_string(),
        ValueType::Date => "DATE".to_string(),
        ValueType::Time => "TIME".to_string(),
        ValueType::RuleCode => "RULE".to_string(),
        ValueType::Ref(kinds) => kinds
            .kinds()
            .iter()
            .map(|k| k.keyword().to_uppercase())
            .collect::<Vec<_>>()
            .join("-or-"),
        // Ten long names: name the list instead (`coord explain` describes each).
        ValueType::Enum(values) if values == schema::TEAM_MODELS => "TEAM-MODEL".to_string(),
        ValueType::Enum(values) => values.join("|"),
    };
    if spec.list {
        format!("{one}, ...")
    } else {
        one
    }
}

/// The words for `key` of `kind`: its own, else the ones every kind shares.
fn words(kind: ItemKind, key: &str) -> Option<&'static str> {
    WORDS
        .iter()
        .filter(|(k, _)| *k == kind)
        .flat_map(|(_, docs)| docs.iter())
        .chain(COMMON.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, doc)| *doc)
}

/// The fields every kind takes.
static COMMON: &[(&str, &str)] = &[
    (
        "allow",
        "Silences the named rules for this item only, e.g. `allow oversized-meeting`. \
          Use it for an exception you have looked at and accepted, and say why in a comment above.",
    ),
    (
        "link",
        "Where this item lives elsewhere: a wiki page, ticket, dashboard or document. \
          Shown on hover.",
    ),
];

/// What each kind's own fields mean.
static WORDS: &[(ItemKind, &[(&str, &str)])] = &[
    (
        ItemKind::Person,
        &[
            (
                "role",
                "The person's job title or role, e.g. \"Staff engineer\". Shown on hover.",
            ),
            (
                "email",
                "How to reach the person. Shown on hover.",
            ),
            (
                "meeting-budget",
                "How many hours a week this person can spend in meetings, e.g. `12h`. \
              Overrides the workspace default (`meeting-budget` in `coord.toml`, 10h unless changed); \
              `meeting-overload` warns when their meetings add up to more.",
            ),
            (
                "tz",
                "The person's time zone, as an IANA zone name such as \"Asia/Tokyo\" or \"America/Los_Angeles\" \
              (a city in the zone, not an abbreviation like PST, so daylight saving is applied per date). \
              Meetings they attend are checked against their working hours in this zone \
              (`meeting-outside-hours`), clashes are shown in their local time, and meetings they own \
              without a `tz` of their own take this one.",
            ),
        ],
    ),
    (
        ItemKind::Team,
        &[
            (
                "lead",
                "Who leads the team: one person, or several co-leads (`lead priya, tomas`) when the team \
              has co-equal chairs. Every lead is in the team: they attend every meeting the team attends, \
              and the tasks they own count as the team's.",
            ),
            (
                "members",
                "The people in the team besides its leads. A person may be in several teams: \
              each team brings them to its meetings, and a person in two teams links those teams.",
            ),
            (
                "parent",
                "The team this one reports into, following the real reporting line. \
              Parent chains must not loop (`hierarchy-cycle`).",
            ),
            (
                "model",
                "How the team works with other teams: one of the ten team coordination models, \
              e.g. `service-provider` or `independent-executor`. `coord explain MODEL` describes each.",
            ),
        ],
    ),
    (
        ItemKind::Meeting,
        &[
            (
                "owner",
                "The person who runs the meeting and answers for its agenda, its size and its outcome.",
            ),
            (
                "attendees",
                "Who is invited. A team stands for its lead and all its members, each person counted once. \
              Liaisons that attend, people embedded into attending teams and rotation seats come on top.",
            ),
            (
                "cadence",
                "How often the meeting happens. For weekly meeting time, daily counts 5 per week, weekly 1, \
              biweekly 1/2, monthly 1/4, quarterly 1/13 and adhoc 0; a meeting without a cadence counts 0.",
            ),
            (
                "length",
                "How long one occurrence lasts, e.g. `45m` or `1h`. 30m when not given.",
            ),
            (
                "kind",
                "What the meeting is for. `decision` (the default) is held to the rule of eight by \
              `oversized-meeting`; `status` and `broadcast` meetings only share information and may be large.",
            ),
            (
                "day",
                "The weekdays the meeting meets on, each once, e.g. `day tue, thu`. Needs a `time`. \
              A `daily` meeting meets Monday to Friday and ignores `day`; without `day`, the weekday \
              of `starts` is the meeting day.",
            ),
            (
                "time",
                "The local start time on the 24-hour clock, `HH:MM` (`09:30`, `16:00`), in the meeting's \
              zone: its `tz`, else its owner's `tz`, else `timezone` in `coord.toml`, else UTC. \
              With meeting days and a cadence other than `adhoc`, the meeting is *scheduled*: Coord \
              places its occurrences over the next 13 weeks and checks them for clashes \
              (`meeting-clash`) and working hours (`meeting-outside-hours`).",
            ),
            (
                "tz",
                "The IANA time zone of `time`, e.g. \"Europe/Berlin\". Each occurrence is converted \
              on its own date, so a meeting at 16:00 in Berlin stays at 16:00 there across daylight \
              saving changes and moves for everyone else.",
            ),
            (
                "starts",
                "The date of one occurrence; the meeting never meets before it. It fixes which weeks a \
              `biweekly` meeting meets (every second week from this one: two biweekly meetings with \
              `starts` a week apart alternate and never clash) and which weekday of the month a \
              `monthly` or `quarterly` one does (its 3rd Thursday, say). It must fall on one of the \
              meeting's days.",
            ),
        ],
    ),
    (
        ItemKind::Task,
        &[
            (
                "owner",
                "The one person or team accountable for the task; a task without one is `unowned-task`. \
              The owner also decides which teams the task belongs to: the team itself, or the teams the person is in.",
            ),
            (
                "due",
                "When the task must be finished, as YYYY-MM-DD. It must not come before the due date of a task \
              it depends on (`due-before-dependency`); a past date on unfinished work is `overdue-task`.",
            ),
            (
                "start",
                "When work starts, as YYYY-MM-DD. A start after `due` is `invalid-date`.",
            ),
            (
                "depends-on",
                "Tasks that must be finished before this one can be. A dependency on another team's task needs \
              a link between the teams (`uncoordinated-dependency`), and dependencies must not loop (`dependency-cycle`).",
            ),
            (
                "status",
                "Where the work stands; `todo` when not given. Mark finished work `done` so it is no longer \
              reported as overdue or as blocking other teams.",
            ),
        ],
    ),
    (
        ItemKind::Liaison,
        &[
            (
                "from",
                "The liaison's home team: the team that needs the context. \
              The liaison should be in it (`liaison-not-member`).",
            ),
            (
                "to",
                "The team whose meetings the liaison sits in and whose context they carry back. \
              It must differ from `from` (`liaison-to-own-team`), and the liaison should not already be \
              one of its leads or members (`liaison-already-member`): a liaison comes from outside.",
            ),
            (
                "attends",
                "The meetings the liaison sits in. At least one should be a meeting the `to` team attends \
              (`liaison-without-meetings`); each one adds a seat to that meeting and time to the liaison's week.",
            ),
            (
                "needs",
                "What the home team needs to learn, e.g. \"delivery dates\", \"terminology\". Without it, \
              `liaison-without-needs` asks whether meeting notes or an email would do instead.",
            ),
        ],
    ),
    (
        ItemKind::Embedded,
        &[
            (
                "from",
                "The specialist's home team (security, data, design...), where they report and keep up their craft. \
              They should be in it (`liaison-not-member`).",
            ),
            (
                "to",
                "The team they work in day to day; they attend every meeting it attends. \
              It must differ from `from` (`liaison-to-own-team`).",
            ),
        ],
    ),
    (
        ItemKind::Rotation,
        &[
            (
                "from",
                "The team whose people take turns in the seat.",
            ),
            (
                "to",
                "The team the rotation serves. The rotation takes one seat in each meeting this team attends. \
              It must differ from `from` (`liaison-to-own-team`).",
            ),
            (
                "roster",
                "The people who take turns, in order. An empty roster is `rotation-without-period`.",
            ),
            (
                "period",
                "How long each person holds the seat before handing over, e.g. `1w`. \
              A rotation without a period is `rotation-without-period`.",
            ),
        ],
    ),
    (
        ItemKind::CentralizedLiaison,
        &[
            (
                "members",
                "The representatives, one per team. The group links every pair of teams its members are in, \
              so dependencies between those teams count as coordinated.",
            ),
            (
                "meets",
                "The meeting where the group comes together. List the members as that meeting's attendees too: \
              `meets` does not add anyone to it.",
            ),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_field_has_words_and_every_word_a_field() {
        for kind in ItemKind::ALL {
            for spec in schema::fields(kind) {
                let doc = words(kind, spec.key).unwrap_or("");
                assert!(
                    !doc.trim().is_empty(),
                    "{}.{}: no doc",
                    kind.keyword(),
                    spec.key
                );
            }
        }
        for (kind, docs) in WORDS {
            for (key, _) in *docs {
                assert!(
                    schema::field(*kind, key).is_some(),
                    "words for {}.{key}, which the schema does not have",
                    kind.keyword()
                );
            }
        }
        for (key, _) in COMMON {
            assert!(ItemKind::ALL
                .iter()
                .all(|&kind| schema::field(kind, key).is_some()));
        }
    }

    #[test]
    fn shapes_follow_the_schema() {
        let shape_of = |kind, key| field(kind, key).map(|d| d.value.as_str());
        assert_eq!(
            shape_of("meeting", "attendees"),
            Some("PERSON-or-TEAM, ...")
        );
        assert_eq!(
            shape_of("meeting", "day"),
            Some("mon|tue|wed|thu|fri|sat|sun, ...")
        );
        assert_eq!(shape_of("team", "model"), Some("TEAM-MODEL"));
        assert_eq!(shape_of("task", "link"), Some("\"URL\""));
        assert_eq!(shape_of("person", "tz"), Some("STRING"));
        assert_eq!(shape_of("liaison", "needs"), Some("STRING, ..."));
        assert_eq!(shape_of("team", "allow"), Some("RULE, ..."));
    }
}
