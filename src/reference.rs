//! Reference texts for the plan language: item kinds, team coordination models, fields and enum values.
//!
//! These texts back `coord explain NAME` and hover in the editor for everything that is not a
//! rule (each rule carries its own documentation). The coordination models follow Jade Rubick's
//! series on coordination models (rubick.com/coordination-models), written in our own words.

/// Whether a topic is an item kind keyword or a team coordination model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicCategory {
    Kind,
    Model,
}

/// One reference text.
#[derive(Debug)]
pub struct Topic {
    /// The keyword or model name, e.g. `liaison` or `service-provider`.
    pub name: &'static str,
    pub category: TopicCategory,
    /// One sentence, no trailing newline.
    pub summary: &'static str,
    /// Markdown, with sections `## What it is`, `## When to use it` (or `## Why it matters`),
    /// `## How to write it` / `## Pitfalls`, and `## Example` holding a ```` ```plan ```` block.
    pub body: &'static str,
}

/// The documentation of one field a kind takes.
#[derive(Debug)]
pub struct FieldDoc {
    pub key: &'static str,
    /// The shape of the value, e.g. `PERSON-or-TEAM, ...`.
    pub value: &'static str,
    /// One to three sentences.
    pub doc: &'static str,
}

/// Looks up a kind keyword, then a team model, by name.
pub fn topic(name: &str) -> Option<&'static Topic> {
    KINDS
        .iter()
        .chain(MODELS.iter())
        .find(|topic| topic.name == name)
}

/// The fields a kind takes (including `allow` and `link`); empty for an unknown kind.
pub fn fields(kind: &str) -> &'static [FieldDoc] {
    match kind {
        "person" => PERSON_FIELDS,
        "team" => TEAM_FIELDS,
        "meeting" => MEETING_FIELDS,
        "task" => TASK_FIELDS,
        "liaison" => LIAISON_FIELDS,
        "embedded" => EMBEDDED_FIELDS,
        "rotation" => ROTATION_FIELDS,
        "centralized-liaison" => CENTRALIZED_LIAISON_FIELDS,
        _ => &[],
    }
}

/// The documentation of one field of a kind, if the kind takes that key.
pub fn field(kind: &str, key: &str) -> Option<&'static FieldDoc> {
    fields(kind).iter().find(|doc| doc.key == key)
}

/// The allowed values, each with a one-line doc, for the keys `cadence`, `kind`, `status` and
/// `model`; empty for any other key.
pub fn enum_values(key: &str) -> &'static [(&'static str, &'static str)] {
    match key {
        "cadence" => CADENCE_VALUES,
        "kind" => MEETING_KIND_VALUES,
        "status" => STATUS_VALUES,
        "model" => MODEL_VALUES,
        "day" => DAY_VALUES,
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------------
// Enum values

static CADENCE_VALUES: &[(&str, &str)] = &[
    (
        "daily",
        "Every working day: counts 5 times per week toward each attendee's meeting time.",
    ),
    ("weekly", "Once a week: counts once per week."),
    (
        "biweekly",
        "Every two weeks: counts half a meeting per week.",
    ),
    (
        "monthly",
        "Once a month: counts a quarter of a meeting per week.",
    ),
    (
        "quarterly",
        "Once a quarter: counts 1/13 of a meeting per week.",
    ),
    (
        "adhoc",
        "Only when needed: not counted toward weekly meeting time.",
    ),
];

static DAY_VALUES: &[(&str, &str)] = &[
    ("mon", "Monday."),
    ("tue", "Tuesday."),
    ("wed", "Wednesday."),
    ("thu", "Thursday."),
    ("fri", "Friday."),
    (
        "sat",
        "Saturday: a weekend day for `meeting-outside-hours`.",
    ),
    ("sun", "Sunday: a weekend day for `meeting-outside-hours`."),
];

static MEETING_KIND_VALUES: &[(&str, &str)] = &[
    (
        "decision",
        "The default: the meeting makes decisions, so it is held to the rule of eight (`oversized-meeting`).",
    ),
    (
        "status",
        "The meeting shares progress and problems; it does not decide, so its size is not limited.",
    ),
    (
        "broadcast",
        "The meeting informs a wide audience (all-hands, demo, launch review); its size is not limited.",
    ),
];

static STATUS_VALUES: &[(&str, &str)] = &[
    ("todo", "The default: work has not started."),
    ("doing", "Work is in progress."),
    (
        "blocked",
        "Work cannot go on until something outside the task changes.",
    ),
    (
        "done",
        "Finished: no longer reported as overdue or as blocking other teams.",
    ),
];

static MODEL_VALUES: &[(&str, &str)] = &[
    ("service-provider", SERVICE_PROVIDER_SUMMARY),
    ("consultant", CONSULTANT_SUMMARY),
    ("self-service", SELF_SERVICE_SUMMARY),
    ("independent-executor", INDEPENDENT_EXECUTOR_SUMMARY),
    ("single-threaded-owner", SINGLE_THREADED_OWNER_SUMMARY),
    ("merged-group", MERGED_GROUP_SUMMARY),
    ("task-force", TASK_FORCE_SUMMARY),
    ("away-team", AWAY_TEAM_SUMMARY),
    ("tiger-team", TIGER_TEAM_SUMMARY),
    ("objective-expert", OBJECTIVE_EXPERT_SUMMARY),
];

// ---------------------------------------------------------------------------------------------
// Fields

const ALLOW: FieldDoc = FieldDoc {
    key: "allow",
    value: "RULE, ...",
    doc: "Silences the named rules for this item only, e.g. `allow oversized-meeting`. \
          Use it for an exception you have looked at and accepted, and say why in a comment above.",
};

const LINK: FieldDoc = FieldDoc {
    key: "link",
    value: "\"URL\"",
    doc: "Where this item lives elsewhere: a wiki page, ticket, dashboard or document. \
          Shown on hover.",
};

static PERSON_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "role",
        value: "STRING",
        doc: "The person's job title or role, e.g. \"Staff engineer\". Shown on hover.",
    },
    FieldDoc {
        key: "email",
        value: "STRING",
        doc: "How to reach the person. Shown on hover.",
    },
    FieldDoc {
        key: "meeting-budget",
        value: "DURATION",
        doc: "How many hours a week this person can spend in meetings, e.g. `12h`. \
              Overrides the workspace default (`meeting-budget` in `coord.toml`, 10h unless changed); \
              `meeting-overload` warns when their meetings add up to more.",
    },
    FieldDoc {
        key: "tz",
        value: "STRING",
        doc: "The person's time zone, as an IANA zone name such as \"Asia/Tokyo\" or \"America/Los_Angeles\" \
              (a city in the zone, not an abbreviation like PST, so daylight saving is applied per date). \
              Meetings they attend are checked against their working hours in this zone \
              (`meeting-outside-hours`), clashes are shown in their local time, and meetings they own \
              without a `tz` of their own take this one.",
    },
    ALLOW,
    LINK,
];

static TEAM_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "lead",
        value: "PERSON, ...",
        doc: "Who leads the team: one person, or several co-leads (`lead priya, tomas`) when the team \
              has co-equal chairs. Every lead is in the team: they attend every meeting the team attends, \
              and the tasks they own count as the team's.",
    },
    FieldDoc {
        key: "members",
        value: "PERSON, ...",
        doc: "The people in the team besides its leads. A person may be in several teams: \
              each team brings them to its meetings, and a person in two teams links those teams.",
    },
    FieldDoc {
        key: "parent",
        value: "TEAM",
        doc: "The team this one reports into, following the real reporting line. \
              Parent chains must not loop (`hierarchy-cycle`).",
    },
    FieldDoc {
        key: "model",
        value: "TEAM-MODEL",
        doc: "How the team works with other teams: one of the ten team coordination models, \
              e.g. `service-provider` or `independent-executor`. `coord explain MODEL` describes each.",
    },
    ALLOW,
    LINK,
];

static MEETING_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "owner",
        value: "PERSON",
        doc: "The person who runs the meeting and answers for its agenda, its size and its outcome.",
    },
    FieldDoc {
        key: "attendees",
        value: "PERSON-or-TEAM, ...",
        doc: "Who is invited. A team stands for its lead and all its members, each person counted once. \
              Liaisons that attend, people embedded into attending teams and rotation seats come on top.",
    },
    FieldDoc {
        key: "cadence",
        value: "daily|weekly|biweekly|monthly|quarterly|adhoc",
        doc: "How often the meeting happens. For weekly meeting time, daily counts 5 per week, weekly 1, \
              biweekly 1/2, monthly 1/4, quarterly 1/13 and adhoc 0; a meeting without a cadence counts 0.",
    },
    FieldDoc {
        key: "length",
        value: "DURATION",
        doc: "How long one occurrence lasts, e.g. `45m` or `1h`. 30m when not given.",
    },
    FieldDoc {
        key: "kind",
        value: "decision|status|broadcast",
        doc: "What the meeting is for. `decision` (the default) is held to the rule of eight by \
              `oversized-meeting`; `status` and `broadcast` meetings only share information and may be large.",
    },
    FieldDoc {
        key: "day",
        value: "mon|tue|wed|thu|fri|sat|sun, ...",
        doc: "The weekdays the meeting meets on, each once, e.g. `day tue, thu`. Needs a `time`. \
              A `daily` meeting meets Monday to Friday and ignores `day`; without `day`, the weekday \
              of `starts` is the meeting day.",
    },
    FieldDoc {
        key: "time",
        value: "TIME",
        doc: "The local start time on the 24-hour clock, `HH:MM` (`09:30`, `16:00`), in the meeting's \
              zone: its `tz`, else its owner's `tz`, else `timezone` in `coord.toml`, else UTC. \
              With meeting days and a cadence other than `adhoc`, the meeting is *scheduled*: Coord \
              places its occurrences over the next 13 weeks and checks them for clashes \
              (`meeting-clash`) and working hours (`meeting-outside-hours`).",
    },
    FieldDoc {
        key: "tz",
        value: "STRING",
        doc: "The IANA time zone of `time`, e.g. \"Europe/Berlin\". Each occurrence is converted \
              on its own date, so a meeting at 16:00 in Berlin stays at 16:00 there across daylight \
              saving changes and moves for everyone else.",
    },
    FieldDoc {
        key: "starts",
        value: "DATE",
        doc: "The date of one occurrence; the meeting never meets before it. It fixes which weeks a \
              `biweekly` meeting meets (every second week from this one: two biweekly meetings with \
              `starts` a week apart alternate and never clash) and which weekday of the month a \
              `monthly` or `quarterly` one does (its 3rd Thursday, say). It must fall on one of the \
              meeting's days.",
    },
    ALLOW,
    LINK,
];

static TASK_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "owner",
        value: "PERSON-or-TEAM",
        doc: "The one person or team accountable for the task; a task without one is `unowned-task`. \
              The owner also decides which teams the task belongs to: the team itself, or the teams the person is in.",
    },
    FieldDoc {
        key: "due",
        value: "DATE",
        doc: "When the task must be finished, as YYYY-MM-DD. It must not come before the due date of a task \
              it depends on (`due-before-dependency`); a past date on unfinished work is `overdue-task`.",
    },
    FieldDoc {
        key: "start",
        value: "DATE",
        doc: "When work starts, as YYYY-MM-DD. A start after `due` is `invalid-date`.",
    },
    FieldDoc {
        key: "depends-on",
        value: "TASK, ...",
        doc: "Tasks that must be finished before this one can be. A dependency on another team's task needs \
              a link between the teams (`uncoordinated-dependency`), and dependencies must not loop (`dependency-cycle`).",
    },
    FieldDoc {
        key: "status",
        value: "todo|doing|blocked|done",
        doc: "Where the work stands; `todo` when not given. Mark finished work `done` so it is no longer \
              reported as overdue or as blocking other teams.",
    },
    ALLOW,
    LINK,
];

static LIAISON_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "from",
        value: "TEAM",
        doc: "The liaison's home team: the team that needs the context. \
              The liaison should be in it (`liaison-not-member`).",
    },
    FieldDoc {
        key: "to",
        value: "TEAM",
        doc: "The team whose meetings the liaison sits in and whose context they carry back. \
              It must differ from `from` (`liaison-to-own-team`), and the liaison should not already be \
              one of its leads or members (`liaison-already-member`): a liaison comes from outside.",
    },
    FieldDoc {
        key: "attends",
        value: "MEETING, ...",
        doc: "The meetings the liaison sits in. At least one should be a meeting the `to` team attends \
              (`liaison-without-meetings`); each one adds a seat to that meeting and time to the liaison's week.",
    },
    FieldDoc {
        key: "needs",
        value: "STRING, ...",
        doc: "What the home team needs to learn, e.g. \"delivery dates\", \"terminology\". Without it, \
              `liaison-without-needs` asks whether meeting notes or an email would do instead.",
    },
    ALLOW,
    LINK,
];

static EMBEDDED_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "from",
        value: "TEAM",
        doc: "The specialist's home team (security, data, design...), where they report and keep up their craft. \
              They should be in it (`liaison-not-member`).",
    },
    FieldDoc {
        key: "to",
        value: "TEAM",
        doc: "The team they work in day to day; they attend every meeting it attends. \
              It must differ from `from` (`liaison-to-own-team`).",
    },
    ALLOW,
    LINK,
];

static ROTATION_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "from",
        value: "TEAM",
        doc: "The team whose people take turns in the seat.",
    },
    FieldDoc {
        key: "to",
        value: "TEAM",
        doc: "The team the rotation serves. The rotation takes one seat in each meeting this team attends. \
              It must differ from `from` (`liaison-to-own-team`).",
    },
    FieldDoc {
        key: "roster",
        value: "PERSON, ...",
        doc: "The people who take turns, in order. An empty roster is `rotation-without-period`.",
    },
    FieldDoc {
        key: "period",
        value: "DURATION",
        doc: "How long each person holds the seat before handing over, e.g. `1w`. \
              A rotation without a period is `rotation-without-period`.",
    },
    ALLOW,
    LINK,
];

static CENTRALIZED_LIAISON_FIELDS: &[FieldDoc] = &[
    FieldDoc {
        key: "members",
        value: "PERSON, ...",
        doc: "The representatives, one per team. The group links every pair of teams its members are in, \
              so dependencies between those teams count as coordinated.",
    },
    FieldDoc {
        key: "meets",
        value: "MEETING",
        doc: "The meeting where the group comes together. List the members as that meeting's attendees too: \
              `meets` does not add anyone to it.",
    },
    ALLOW,
    LINK,
];

// ---------------------------------------------------------------------------------------------
// Item kinds

/// The eight kind keywords.
pub static KINDS: &[Topic] = &[
    Topic {
        name: "person",
        category: TopicCategory::Kind,
        summary: "A person in the organisation: someone who leads or joins teams, owns tasks and meetings, and attends meetings.",
        body: r##"## What it is

`person NAME` defines someone who takes part in the plan. The name is the handle used
everywhere else: in a team's `lead` and `members`, a meeting's `owner` and `attendees`, a
task's `owner`, and as the subject of `liaison` and `embedded` items. The optional string
after the name is the display name.

## Why it matters

Coordination is done by people, and each of them has a limited week. The checker adds up
every meeting a person sits in, whether invited by name, through a team they are in, as a
liaison or as an embedded specialist, and `meeting-overload` warns when the weekly total goes
over their budget (10h unless `coord.toml` or the person says otherwise).

A person who is in no team is reported as `orphan-person`. Nobody reaches them through a
team's meetings, and the tasks they own belong to no team, so the checker cannot tell whether
work that depends on those tasks is coordinated.

## How to write it

- `role` and `email` are free text, shown on hover.
- `meeting-budget` sets this person's weekly meeting hours. Raise it for a manager whose job
  is mostly meetings; lower it for someone who needs long stretches of focus.
- Put people into teams on the team (`lead`, `members`), not on the person.

## Example

```plan
## Runs the payments team; also the payments rep in the tech leads group.
person amara "Amara Osei" {
  role "Engineering manager"
  email "amara@example.com"
  meeting-budget 14h
}

team payments "Payments" { lead amara  members ben, chloe }
person ben
person chloe
```
"##,
    },
    Topic {
        name: "team",
        category: TopicCategory::Kind,
        summary: "A group of people with one or more leads, a place in the reporting hierarchy and a declared way of working with other teams.",
        body: r##"## What it is

`team NAME` defines a team. Its `lead` (one person, or several co-leads) and `members` are
the people **in** the team;
`parent` places it in the existing reporting hierarchy; `model` says which team
coordination model it follows (`service-provider`, `consultant`, `self-service`,
`independent-executor`, `single-threaded-owner`, `merged-group`, `task-force`,
`away-team`, `tiger-team` or `objective-expert`; `coord explain` any of them).

## Why it matters

Teams are the unit the checker reasons about:
- A task belongs to its owner's teams: the owner itself if it is a team, otherwise every
  team the owner person is in.
- A team listed in a meeting's `attendees` brings its leads and every member.
- Two teams are **linked** by a liaison, embed or rotation between them, by a centralized
  liaison with members in both, by a person who is in both, or by a meeting someone from
  each attends — unless it is `kind broadcast`: an all-hands shares news one way and
  coordinates nobody, so it links no teams. Hover on a team, the report and the teams graph
  name what makes each link. A task that depends on another team's task without such a link
  is an `uncoordinated-dependency`.

A team with neither a lead nor members is `empty-team`; a `parent` chain that loops is
`hierarchy-cycle`.

## How to write it

- Name the `lead`, or every co-lead when the team has co-equal chairs:
  `lead priya, tomas`. Nobody becomes "the" lead by the accident of being listed first;
  hover, the report and the graph show them all. Leave leads out of `members`; they are in
  the team either way.
- A person may be in several teams (a task force, a shared specialist). Each team then brings
  them to its meetings, so check their meeting time.
- Keep `parent` to the real reporting line; do not invent a parallel hierarchy for
  coordination. Liaisons and shared meetings are how teams coordinate across it.
- Listing a whole team in a meeting uses one seat per person: a team of seven in a decision
  meeting leaves one seat under the rule of eight.

## Example

```plan
## Owns the checkout flow end to end.
team checkout "Checkout" {
  lead priya
  members tomas, wen, lukas
  parent commerce
  model independent-executor
  link "https://wiki.example.com/teams/checkout"
}

## Co-chaired: two leads, neither above the other.
team commerce "Commerce" { lead rosa, omar }
person omar
person priya
person tomas
person wen
person lukas
person rosa
```
"##,
    },
    Topic {
        name: "meeting",
        category: TopicCategory::Kind,
        summary: "A meeting with an owner, attendees, a cadence and a length, which either makes decisions or only shares information.",
        body: r##"## What it is

`meeting NAME` defines a meeting: its `owner`, its `attendees` (people or teams), how often it
happens (`cadence`), how long it lasts (`length`, 30m by default) and what it is for (`kind`:
`decision` by default, or `status` or `broadcast`).

Who attends a meeting is more than its attendee list. The checker counts each person once:
the people listed, the lead and members of each team listed, every liaison that `attends`
it, every person `embedded` into an attending team, and one seat for each rotation serving
an attending team.

## Why it matters

**The rule of eight.** A meeting of more than eight people does not make decisions: some
people stop talking, others defer, and the real decision moves to a corridor. Meetings also
drift upward in size, one invitee at a time. `oversized-meeting` warns when a `decision`
meeting has more than eight attendees (`meeting-limit` in `coord.toml`) and shows who
brought whom. `status` and `broadcast` meetings are exempt: they share information, and
can be large for that reason.

**Meetings cost time.** Each meeting's `length` times its cadence counts against every
attendee's weekly budget (`meeting-overload`): daily counts five times a week, weekly once,
biweekly half, monthly a quarter, quarterly 1/13; `adhoc` meetings and meetings without a
cadence count nothing.

## Pitfalls

- When a decision meeting passes eight, change who comes (one representative per team
  instead of whole teams) or change its format (make it `kind status` and decide elsewhere).
- Splitting into a small "real" meeting plus a large one rarely works: the large one keeps
  trying to decide unless it is told plainly that it does not, and two meetings share less
  context than one.
- Marking a meeting `broadcast` to silence the warning, while it still decides things, only
  hides the problem.

## Example

```plan
## Where the platform team decides what to build next.
meeting platform-planning "Platform planning" {
  owner alice
  attendees platform
  cadence weekly
  length 45m
}

## Monthly demo for everyone in engineering: information only.
meeting eng-demo "Engineering demo" {
  owner zoe
  attendees engineering, platform, mobile
  cadence monthly
  length 1h
  kind broadcast
}
```
"##,
    },
    Topic {
        name: "task",
        category: TopicCategory::Kind,
        summary: "A piece of work with one clear owner, dates, a status and the tasks it depends on.",
        body: r##"## What it is

`task NAME` defines a piece of work: who owns it (`owner`, a person or a team), when it
starts and is due (`start`, `due`), what must be finished first (`depends-on`) and where it
stands (`status`: `todo` by default, `doing`, `blocked` or `done`).

## Why it matters

- **One clear owner.** Work that crosses teams stalls when nobody in particular owns it.
  A task without an `owner` is `unowned-task`. A team may own a task, but when one person
  drives it, name that person.
- **Visible dependencies.** `depends-on` makes the order of work explicit. The checker
  reports loops (`dependency-cycle`), dependencies on another team's work that no liaison,
  embed, rotation or shared meeting covers (`uncoordinated-dependency`), and unfinished tasks
  that the work of three or more other teams waits on, directly or through other tasks
  (`blocking-fan-out`): the risk to raise early.
- **Consistent dates.** A task due before something it depends on is `due-before-dependency`;
  a start after the due date is `invalid-date`; unfinished work past its due date is
  `overdue-task`.

## How to write it

- Give every task an `owner` and a `due` date.
- Put the dependency on the task that waits: `depends-on` lists what must finish first.
- Keep `status` current and mark finished work `done`, so it stops being reported as
  overdue or as blocking others.

## Example

```plan
task schema-freeze "Freeze the v2 schema" {
  owner bob
  due 2027-01-15
  status doing
}

task api-v2 "Launch API v2" {
  owner platform
  start 2027-01-18
  due 2027-03-01
  depends-on schema-freeze
  link "https://tracker.example.com/API-212"
}
```
"##,
    },
    Topic {
        name: "liaison",
        category: TopicCategory::Kind,
        summary: "A person from outside a team who sits in its meetings and carries context back and forth for their home team.",
        body: r##"## What it is

`liaison NAME` says that an existing person (NAME is a reference, not a new name) acts as a
liaison: they belong to their home team (`from`), attend some meetings of another team (`to`,
via `attends`) and carry context both ways. A liaison is someone from **outside** the `to`
team: a person who already leads or belongs to it is an insider there, and the plan should
say they are in both teams instead (`liaison-already-member`). `needs` writes down what
the home team needs to learn there. One person may have several liaison items, one per team.

Product marketing is the classic case: it needs delivery dates, benefits, terminology, and
how a feature looks and fits the offering, from the engineering team building it.

## When to use it

A liaison fits when all of these hold:
- The coordination is with another part of the organisation made of a team or a set of teams.
- The liaison will be **stable**: the same person, long enough to build context. Moving
  liaisons around resets it.
- The home team needs **more than minimal context**. If meeting notes or an email would do,
  you do not need a liaison; `liaison-without-needs` asks you to write the needs down.
- There is **room** in the other team's meetings: adding the liaison keeps its decision
  meetings within the rule of eight (`oversized-meeting` counts liaisons).
- There is a **natural place** for them in the other team's meetings
  (`liaison-without-meetings` warns when they attend none of them).

Prefer **embedded** when deep context or real joint work is needed: a liaison visits, an
embedded person lives there. Prefer a **rotation** when what matters is that someone is
available (triage, escalations) and the burden should be shared.

A liaison is cheap, a few meetings a week for one person, and scales at about one liaison
per product line. If one person is a liaison to many teams (`liaison-sprawl`, more than two
by default), or liaisons are sprinkled everywhere, suspect poor information flow or a
structural problem instead.

## A point of contact is not a liaison

Many organisations use the word for something lighter: a named contact on another team
(say, a steering-committee member assigned to a working group) who is reachable when needed,
reads its notes, and escalates, but does not sit in its meetings. That is useful, but it is
not the liaison of Rubick's model, which works only because the liaison is in the room, week
after week, building context in both directions. An on-call or advisory contact builds
little of that context.

You can still record such a contact as a `liaison` (it links the two teams, which is usually
what you want to see), but say what it is and switch off the rules that assume attendance:
- on the item: `allow liaison-without-meetings` (and `liaison-without-needs` if nothing
  specific is carried), with a `##` comment saying it is a point of contact;
- or, when the whole workspace uses liaisons this way, in `coord.toml`:
  `[rules]` `liaison-without-meetings = "off"`.

If someone must be *available* to the other team and the duty should be shared, a
`rotation` says that better. If the contact is already in the other team, they are not a
liaison at all: list them in both teams.

## How to write it

- Choose someone from the home team who is not in the `to` team.
- Tell the meeting why the liaison is there and what they need; `needs` is that list.
- Map liaisons along the existing hierarchy rather than building a parallel one.
- The liaison should be in their `from` team (`liaison-not-member`) and not in the `to` team
  (`liaison-already-member`), and `from` and `to` must differ (`liaison-to-own-team`).
- The liaison's meetings count toward their own weekly meeting time.

## Example

```plan
team marketing "Product marketing" { lead dave  members erin }
team platform "Platform" { lead alice  members bob, carol }

meeting platform-weekly "Platform weekly" {
  owner alice
  attendees platform
  cadence weekly
  length 45m
}

liaison dave {
  from marketing
  to platform
  attends platform-weekly
  needs "delivery dates", "feature benefits", "terminology"
}

## Point of contact for platform; reads the notes, does not attend.
liaison erin {
  from marketing
  to platform
  needs "launch dates"
  allow liaison-without-meetings
}
```
"##,
    },
    Topic {
        name: "embedded",
        category: TopicCategory::Kind,
        summary: "A specialist who reports to a home team but works day to day inside another team, as one of its members would.",
        body: r##"## What it is

`embedded NAME` says that an existing person (NAME is a reference) belongs to a home team of
specialists (`from`) but spends nearly all their time in another team (`to`): in its
meetings, its planning and its daily work. They keep their home team for their craft,
standards, peers and career.

The checker treats them as an attendee of every meeting the `to` team attends, so they
count toward those meetings' size and toward their own weekly meeting time.

## When to use it

- Deep context or real joint work is needed: a security engineer inside a payments team, a
  data scientist inside a growth team, a designer inside a product team.
- The specialist's advice is needed every day, not once a month.

Prefer a **liaison** when the home team only needs context carried back, not daily work in
the other team; prefer the **consultant** model when occasional advice is enough; prefer a
**rotation** when availability matters more than depth and the load should be shared.

## Pitfalls

- Embedding costs a whole person. Embedding one person into several teams does not work:
  at best they become a liaison to each.
- The embedded person takes a seat in each of the `to` team's meetings; check its decision
  meetings against the rule of eight (`oversized-meeting`).
- Keep a light link home (the specialists' own weekly meeting), or the embedded person
  drifts away from their discipline.
- They should be in their `from` team (`liaison-not-member`); `from` and `to` must differ
  (`liaison-to-own-team`).

## Example

```plan
team security "Security" { lead farah  members gus, ines }
team payments "Payments" { lead amara  members ben, chloe }

## Gus works with payments on PCI scope and fraud controls.
embedded gus {
  from security
  to payments
}
```
"##,
    },
    Topic {
        name: "rotation",
        category: TopicCategory::Kind,
        summary: "A liaison seat held in turn by the people on a roster for a fixed period, so someone is always available and nobody carries it alone.",
        body: r##"## What it is

`rotation NAME` defines a new item: a seat that people from one team (`from`) take in turn
(`roster`), each for a fixed `period`, to serve another team (`to`). The rotation takes one
seat in each meeting the `to` team attends, whoever holds it this week.

## When to use it

- Someone must be **available**: triaging customer problems for support, handling
  interrupts, answering another team's questions the same day.
- The burden should be **shared**, because the work is disruptive or dull for one person
  to carry forever.

A common pairing: support has a liaison in engineering, and engineering runs a rotation into
support to triage customer problems.

A rotation builds less context than a stable liaison, because each person holds the seat for
a short time. When the home team needs deep, steady context, prefer a **liaison** or an
**embedded** person.

## Pitfalls

- A rotation needs a `period` and a non-empty `roster` (`rotation-without-period`).
- Handover is the weak point: agree on what the outgoing person passes on.
- Keep the roster to people in the `from` team; `from` and `to` must differ
  (`liaison-to-own-team`).

## Example

```plan
team api "API team" { lead alice  members bob, carol, dan }
team support "Customer support" { lead sam  members tara }

## One API engineer a week triages escalated tickets with support.
rotation api-support-triage "API triage duty" {
  from api
  to support
  roster bob, carol, dan
  period 1w
}
```
"##,
    },
    Topic {
        name: "centralized-liaison",
        category: TopicCategory::Kind,
        summary: "A group of liaisons, one from each team, that meets to share information and coordinate across all of those teams.",
        body: r##"## What it is

`centralized-liaison NAME` defines a group made of one representative per team (`members`)
and the meeting where it comes together (`meets`). A technical leadership group with one
tech lead per team is the usual example; a staff meeting of team leads is another.

The group links every pair of teams its members are in, so dependencies between those
teams count as coordinated (see `uncoordinated-dependency`).

## When to use it

- Many teams need the same cross-cutting information: standards, architecture, release
  plans, shared risks.
- Pairwise liaisons would multiply: with ten teams, every pair needing a link is 45 links,
  while one group needs ten seats.

## Pitfalls

- The group's meeting is held to the rule of eight like any decision meeting. With more
  than eight teams, split the group along the existing hierarchy (one group per area, plus
  one of area representatives), or make the meeting `kind status` and decide elsewhere.
- `meets` does not add anyone to the meeting: list the members as its `attendees` too.
- Each member should be in the team they represent; a member in no team links nothing.
- Keep one representative per team; two from the same team only makes the meeting bigger.

## Example

```plan
## One tech lead per product team.
centralized-liaison tech-leads "Tech leads group" {
  members bob, ivan, maya
  meets tech-leads-sync
}

meeting tech-leads-sync "Tech leads sync" {
  owner bob
  attendees bob, ivan, maya
  cadence weekly
  length 1h
}
```
"##,
    },
];

// ---------------------------------------------------------------------------------------------
// Team coordination models

const SERVICE_PROVIDER_SUMMARY: &str =
    "A team that other teams depend on to reach their own goals.";
const CONSULTANT_SUMMARY: &str =
    "A team that advises other teams on how to do their work but is never something they must wait for.";
const SELF_SERVICE_SUMMARY: &str =
    "A team that packages its work so other teams can use it on their own, without working with it.";
const INDEPENDENT_EXECUTOR_SUMMARY: &str =
    "A team that delivers its goals without needing other teams to finish anything for it.";
const SINGLE_THREADED_OWNER_SUMMARY: &str =
    "Everyone needed to deliver one outcome reports to a single owner who works on nothing else.";
const MERGED_GROUP_SUMMARY: &str =
    "Two groups that kept handing work to each other become one team with one backlog.";
const TASK_FORCE_SUMMARY: &str =
    "A temporary team drawn from several teams to deliver one outcome, disbanded when it is done.";
const AWAY_TEAM_SUMMARY: &str =
    "A team that works in another team's area, such as its codebase or product, for the length of a project.";
const TIGER_TEAM_SUMMARY: &str =
    "A long-lived team with no fixed area that moves into other teams' areas to solve the most important problems.";
const OBJECTIVE_EXPERT_SUMMARY: &str =
    "A team that produces measurements, analyses or reports that other teams use to make decisions.";

/// The ten team coordination models.
pub static MODELS: &[Topic] = &[
    Topic {
        name: "service-provider",
        category: TopicCategory::Model,
        summary: SERVICE_PROVIDER_SUMMARY,
        body: r##"## What it is

A service provider is a team whose work other teams need in order to succeed: an
infrastructure team, an internal platform, a team that owns a shared API. Its tasks show up
in other teams' `depends-on`. Declare it with `model service-provider` on the team.

## When to use it

- The work needs specialised skills, or must be done one way across the organisation, so it
  belongs in one team.
- Other teams cannot reasonably do it themselves, and packaging it for self-service is not
  (yet) worth the cost.

## Pitfalls

- It becomes a bottleneck: every customer team's plan waits on its queue. It needs a clear
  way to take requests, set priorities and say no, and its commitments must be visible.
- Watch `blocking-fan-out`: an unfinished task that the work of three or more other teams
  waits on, directly or through other tasks, is the delay that hurts most.
- Dependencies on it need a link (`uncoordinated-dependency`): a rotation that fields
  requests, a liaison from its biggest customers, or a shared planning meeting.
- When most teams only need to *use* what it builds, move toward `self-service`.

## Example

```plan
## Runs the shared data platform other teams build on.
team data-platform "Data platform" {
  lead noor
  members omar, pia, quinn
  model service-provider
}

## One data-platform engineer a week answers requests from the growth team.
rotation data-requests "Data platform request duty" {
  from data-platform
  to growth
  roster omar, pia, quinn
  period 1w
}

task event-pipeline-v2 "Event pipeline v2" { owner noor  due 2027-03-01 }
task growth-dashboards "Growth dashboards" {
  owner growth
  due 2027-04-01
  depends-on event-pipeline-v2
}
```
"##,
    },
    Topic {
        name: "consultant",
        category: TopicCategory::Model,
        summary: CONSULTANT_SUMMARY,
        body: r##"## What it is

A consultant team advises: security reviews, architecture guidance, accessibility audits,
data modelling help. The team it advises keeps ownership and does the work itself. Declare it
with `model consultant` on the team.

## When to use it

- Expertise is needed now and then, not full time.
- The teams being advised can go ahead without the consultant; advice makes their work
  better, not possible.

## Pitfalls

- The moment a consultant's sign-off is required before another team can ship, the
  consultant has become a gate, in effect a `service-provider`. Plan it as one, with the
  dependency written down, or remove the gate.
- In the plan, a consultant team's tasks should not appear in other teams' `depends-on`.
- Consultants spread thin. Regular office hours (a `status` meeting, or `adhoc`) keep
  demand visible without a meeting per team.
- When a team needs help every day, embed a specialist instead (`embedded`).

## Example

```plan
## Advises product teams on threat models; does not block releases.
team appsec-advisory "AppSec advisory" {
  lead rhea
  members sven
  model consultant
}

meeting appsec-office-hours "AppSec office hours" {
  owner rhea
  attendees appsec-advisory
  cadence weekly
  length 1h
  kind status
}
```
"##,
    },
    Topic {
        name: "self-service",
        category: TopicCategory::Model,
        summary: SELF_SERVICE_SUMMARY,
        body: r##"## What it is

A self-service team offers its work as a product: a developer portal, a CI system, a design
system with documentation, an API with self-serve onboarding. Other teams use it without a
meeting, a ticket or a handoff. Declare it with `model self-service` on the team.

## When to use it

- Many teams need the same thing, and the need is standard enough to package.
- The number of customer teams is growing faster than the team could talk to them.
  Self-service scales best, because it costs no coordination per customer.

## Pitfalls

- It costs more up front: documentation, sensible defaults, guard rails, migration guides.
- If customers keep filing requests and waiting on the team, it is a `service-provider` in
  practice; plan it as one until the product really serves itself.
- Routine use should not appear as `depends-on`; only real new capabilities other teams
  wait for belong there.
- A `broadcast` meeting (changelog, demo) keeps users informed without pulling them into
  decisions.

## Example

```plan
## Owns the CI system; teams onboard themselves from the docs.
team dev-tools "Developer tools" {
  lead uma
  members vik, wanda
  model self-service
  link "https://docs.example.com/ci"
}

meeting dev-tools-changelog "Developer tools changelog" {
  owner uma
  attendees engineering
  cadence monthly
  length 30m
  kind broadcast
}
```
"##,
    },
    Topic {
        name: "independent-executor",
        category: TopicCategory::Model,
        summary: INDEPENDENT_EXECUTOR_SUMMARY,
        body: r##"## What it is

An independent executor has the people and the access it needs to deliver on its own. Its
tasks depend on its own tasks, or on work that is already done. Declare it with
`model independent-executor` on the team.

## When to use it

- As the default for product teams, wherever the work can be cut that way: it keeps
  coordination cost lowest and lets the team move at its own pace.
- When a team keeps waiting on others, ask what it would take to make it independent (a
  missing skill, an access right, ownership of one more component) before adding
  coordination.

## Pitfalls

- Independence drifts. If its tasks start depending on other teams' open work, either the
  model is no longer true, or the plan is missing a link (`uncoordinated-dependency`).
- Independent is not isolated: the team still owes others context about what it ships.
- Several independent teams may quietly build the same thing twice.

## Example

```plan
## Owns onboarding end to end: UI, backend and experiments.
team onboarding "Onboarding" {
  lead xena
  members yusuf, zara, adam
  model independent-executor
}

task new-signup-flow "New signup flow" { owner onboarding  due 2027-02-15 }
task signup-experiment "Signup A/B test" {
  owner zara
  due 2027-03-15
  depends-on new-signup-flow
}
```
"##,
    },
    Topic {
        name: "single-threaded-owner",
        category: TopicCategory::Model,
        summary: SINGLE_THREADED_OWNER_SUMMARY,
        body: r##"## What it is

A single-threaded owner is one leader dedicated to one outcome, with the people it needs
(engineers, design, product, data) reporting to them rather than to their functions. The
idea was made popular by Amazon. Declare it with `model single-threaded-owner` on the team
and make the owner its `lead`.

## When to use it

- An important outcome keeps stalling between teams, and the cost of coordinating across
  them is higher than the cost of reorganising.
- The outcome is large and lasting enough to justify a team of its own.

## Pitfalls

- It needs a real reorganisation, and an owner who truly works on nothing else; an owner
  with three other jobs is not single-threaded.
- Specialists lose touch with their discipline. Keep a light link back, such as a
  `centralized-liaison` of designers or a specialists' meeting.
- If its tasks still depend on many other teams, the team does not yet hold everything the
  outcome needs.

## Example

```plan
## Everyone needed to ship self-serve billing reports to Bea.
team self-serve-billing "Self-serve billing" {
  lead bea
  members carl, dina, eli, fay
  parent commerce
  model single-threaded-owner
}

task billing-portal "Billing portal GA" { owner bea  due 2027-06-30 }
```
"##,
    },
    Topic {
        name: "merged-group",
        category: TopicCategory::Model,
        summary: MERGED_GROUP_SUMMARY,
        body: r##"## What it is

A merged group is what you get when two groups that kept handing work back and forth become
one team, with one lead, one backlog and one planning meeting. Declare it with
`model merged-group` on the new team.

## When to use it

- The handoffs between two teams are constant: tickets bounce, each waits on the other, and
  problems fall between them. Front end and back end of one product, or development and
  operations of one service, are common cases.
- The work is really one flow that was cut in two.

## Pitfalls

- The merged team can grow too large: keep its decision meetings within eight
  (`oversized-meeting`), and if it must be split again, split by outcome, not by function.
- The two groups bring different habits; agree on one way of planning and one definition of
  done.
- In the plan, replace the two teams with one, remove the liaisons between them, and let
  their dependencies become internal.

## Example

```plan
## Was "search-frontend" and "search-backend" until 2026.
team search "Search" {
  lead gil
  members hana, ivo, jade, kofi
  parent product-eng
  model merged-group
}

meeting search-planning "Search planning" {
  owner gil
  attendees search
  cadence weekly
  length 1h
}
```
"##,
    },
    Topic {
        name: "task-force",
        category: TopicCategory::Model,
        summary: TASK_FORCE_SUMMARY,
        body: r##"## What it is

A task force is a temporary merged team: people from several teams join for one outcome (a
compliance deadline, a migration, the follow-up to a major incident) and go back when it is
done. Declare it with `model task-force` on the team.

## When to use it

- One outcome needs several teams' skills at once, urgently, for a bounded time.
- Coordinating through liaisons and dependencies would be too slow.

## Pitfalls

- "Temporary" teams linger. Give it an end: tasks with `due` dates, and a decision to
  disband when they are `done`.
- Members are usually still in their home teams, so they carry both teams' meetings; check
  their weekly time (`meeting-overload`).
- Home teams lose capacity while it runs; their plans should show it.

## Example

```plan
## Until SOC 2 type II is signed off.
team soc2-taskforce "SOC 2 task force" {
  lead lena
  members mo, nadia, oscar
  parent engineering
  model task-force
}

task soc2-evidence "Collect SOC 2 evidence" { owner soc2-taskforce  due 2027-03-31 }
task soc2-audit "SOC 2 audit window" {
  owner lena
  due 2027-05-31
  depends-on soc2-evidence
}
```
"##,
    },
    Topic {
        name: "away-team",
        category: TopicCategory::Model,
        summary: AWAY_TEAM_SUMMARY,
        body: r##"## What it is

An away team goes and works in another team's area (its codebase, its service, its product)
for the length of a project, instead of waiting in that team's queue. The host team keeps
ownership; the away team follows its rules and hands the work back. Declare it with
`model away-team` on the visiting team.

## When to use it

- The team that owns an area lacks the capacity to build what another team needs soon.
- The visiting team has the skills, and the host agrees to review and take the work over.

## Pitfalls

- Without the host's agreement and review, the result is code nobody owns.
- The away team must learn the host's conventions; a `liaison` into the host's meetings (or
  a host engineer `embedded` with the visitors) is the usual link.
- Plan the hand-back: documentation, and a task the host owns that depends on the visitors'
  work.

## Example

```plan
team mobile "Mobile" { lead pat  members quin, ravi  model away-team }
team identity "Identity" { lead sara  members theo }

meeting identity-weekly "Identity weekly" {
  owner sara
  attendees identity
  cadence weekly
  length 30m
}

## Pat sits in identity's weekly while mobile builds passkeys there.
liaison pat {
  from mobile
  to identity
  attends identity-weekly
  needs "code review expectations", "release schedule"
}
```
"##,
    },
    Topic {
        name: "tiger-team",
        category: TopicCategory::Model,
        summary: TIGER_TEAM_SUMMARY,
        body: r##"## What it is

A tiger team is long-lived but has no fixed area. It moves to wherever the most important
problem is (performance, reliability, a stuck migration), works in other teams' areas to
solve it, then moves on. Declare it with `model tiger-team` on the team.

## When to use it

- Hard cross-cutting problems keep coming back, and no single team can or should own them.
- You have senior people able to work well in unfamiliar code and with unfamiliar teams.

## Pitfalls

- Host teams may feel overruled. Agree on the mission with the host, and link to it for the
  duration (a `liaison` or an `embedded` person).
- Work left behind with no owner: each mission should end with a task the host owns.
- Staffing it with the best people drains the other teams; choosing too many "most important"
  problems spreads it thin.

## Example

```plan
## Goes where latency hurts most; this quarter: checkout.
team perf-squad "Performance squad" {
  lead uri
  members vera, wes
  model tiger-team
}

embedded vera {
  from perf-squad
  to checkout
}
```
"##,
    },
    Topic {
        name: "objective-expert",
        category: TopicCategory::Model,
        summary: OBJECTIVE_EXPERT_SUMMARY,
        body: r##"## What it is

An objective expert is a team whose product is information: analytics, user research,
benchmarking, quality measurement, financial reporting. It is trusted because it is neutral
and because its methods are sound. Declare it with `model objective-expert` on the team.

## When to use it

- Decisions need numbers that no product team should produce about itself.
- The measurement needs specialised methods or tools.

## Pitfalls

- Reports nobody reads: agree up front which decisions each report feeds.
- It turns into a request queue and becomes a `service-provider` in practice.
- Distance from the teams it measures makes its numbers miss context; a `liaison` into
  their planning helps.
- When a decision waits on a report, write the dependency down, so the report is due
  before the decision (`due-before-dependency`).

## Example

```plan
## Independent measurement of product health.
team insights "Product insights" {
  lead ada
  members bo
  model objective-expert
}

meeting insights-readout "Quarterly insights readout" {
  owner ada
  attendees insights, product-leads
  cadence quarterly
  length 1h
  kind broadcast
}

task q1-retention-report "Q1 retention report" { owner insights  due 2027-04-10 }
task h2-roadmap "H2 roadmap decision" {
  owner product-leads
  due 2027-05-01
  depends-on q1-retention-report
}
```
"##,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const KIND_NAMES: [&str; 8] = [
        "person",
        "team",
        "meeting",
        "task",
        "liaison",
        "embedded",
        "rotation",
        "centralized-liaison",
    ];

    const MODEL_NAMES: [&str; 10] = [
        "service-provider",
        "consultant",
        "self-service",
        "independent-executor",
        "single-threaded-owner",
        "merged-group",
        "task-force",
        "away-team",
        "tiger-team",
        "objective-expert",
    ];

    /// The fields of each kind in the spec table (without `allow` and `link`).
    const SPEC_FIELDS: [(&str, &[&str]); 8] = [
        ("person", &["role", "email", "meeting-budget", "tz"]),
        ("team", &["lead", "members", "parent", "model"]),
        (
            "meeting",
            &[
                "owner",
                "attendees",
                "cadence",
                "length",
                "kind",
                "day",
                "time",
                "tz",
                "starts",
            ],
        ),
        ("task", &["owner", "due", "start", "depends-on", "status"]),
        ("liaison", &["from", "to", "attends", "needs"]),
        ("embedded", &["from", "to"]),
        ("rotation", &["from", "to", "roster", "period"]),
        ("centralized-liaison", &["members", "meets"]),
    ];

    fn all_topics() -> impl Iterator<Item = &'static Topic> {
        KINDS.iter().chain(MODELS.iter())
    }

    #[test]
    fn kinds_and_models_are_the_spec_lists() {
        let kinds: Vec<_> = KINDS.iter().map(|t| t.name).collect();
        assert_eq!(kinds, KIND_NAMES);
        let models: Vec<_> = MODELS.iter().map(|t| t.name).collect();
        assert_eq!(models, MODEL_NAMES);
        assert!(KINDS.iter().all(|t| t.category == TopicCategory::Kind));
        assert!(MODELS.iter().all(|t| t.category == TopicCategory::Model));
    }

    #[test]
    fn names_are_unique() {
        let mut seen = HashSet::new();
        for topic in all_topics() {
            assert!(seen.insert(topic.name), "duplicate topic {}", topic.name);
        }
    }

    #[test]
    fn every_topic_has_summary_body_and_example() {
        for topic in all_topics() {
            let name = topic.name;
            assert!(!topic.summary.trim().is_empty(), "{name}: empty summary");
            assert!(
                !topic.summary.ends_with('\n'),
                "{name}: summary ends with newline"
            );
            assert!(!topic.summary.contains('\n'), "{name}: summary spans lines");
            assert!(
                topic.summary.ends_with('.'),
                "{name}: summary is not a sentence"
            );
            assert!(!topic.body.trim().is_empty(), "{name}: empty body");
            assert!(
                topic.body.starts_with("## What it is"),
                "{name}: no What it is"
            );
            assert!(
                topic.body.contains("## When to use it")
                    || topic.body.contains("## Why it matters"),
                "{name}: no When to use it / Why it matters"
            );
            assert!(
                topic.body.contains("## How to write it") || topic.body.contains("## Pitfalls"),
                "{name}: no How to write it / Pitfalls"
            );
            let example = topic.body.find("## Example").expect("## Example section");
            assert!(
                topic.body[example..].contains("```plan\n"),
                "{name}: no plan block in the example"
            );
            assert!(!plan_blocks(topic.body).is_empty(), "{name}: no plan block");
        }
    }

    #[test]
    fn model_topics_show_their_model() {
        for topic in MODELS {
            let line = format!("model {}", topic.name);
            assert!(
                plan_blocks(topic.body).iter().any(|b| b.contains(&line)),
                "{}: example does not declare `{line}`",
                topic.name
            );
        }
    }

    #[test]
    fn topic_lookup() {
        assert_eq!(topic("liaison").map(|t| t.name), Some("liaison"));
        assert_eq!(
            topic("service-provider").map(|t| t.category),
            Some(TopicCategory::Model)
        );
        assert!(topic("oversized-meeting").is_none());
        assert!(topic("").is_none());
    }

    #[test]
    fn fields_cover_the_spec_table() {
        for (kind, keys) in SPEC_FIELDS {
            let docs = fields(kind);
            let mut expected: Vec<&str> = keys.to_vec();
            expected.extend(["allow", "link"]);
            let actual: Vec<&str> = docs.iter().map(|d| d.key).collect();
            let mut a = actual.clone();
            let mut e = expected.clone();
            a.sort_unstable();
            e.sort_unstable();
            assert_eq!(a, e, "fields of {kind}");
            for doc in docs {
                assert!(!doc.value.is_empty(), "{kind}.{}: empty value", doc.key);
                assert!(!doc.doc.trim().is_empty(), "{kind}.{}: empty doc", doc.key);
                assert!(
                    field(kind, doc.key).is_some_and(|f| std::ptr::eq(f, doc)),
                    "field({kind}, {})",
                    doc.key
                );
            }
        }
        assert!(fields("nope").is_empty());
        assert!(fields("service-provider").is_empty());
        assert!(field("task", "lead").is_none());
        assert!(field("nope", "allow").is_none());
    }

    #[test]
    fn enum_values_cover_the_spec() {
        let names = |key: &str| -> Vec<&str> { enum_values(key).iter().map(|v| v.0).collect() };
        assert_eq!(
            names("cadence"),
            [
                "daily",
                "weekly",
                "biweekly",
                "monthly",
                "quarterly",
                "adhoc"
            ]
        );
        assert_eq!(names("kind"), ["decision", "status", "broadcast"]);
        assert_eq!(names("status"), ["todo", "doing", "blocked", "done"]);
        assert_eq!(names("model"), MODEL_NAMES);
        for (model, doc) in enum_values("model") {
            assert_eq!(Some(*doc), topic(model).map(|t| t.summary));
        }
        for key in ["cadence", "kind", "status", "model"] {
            for (value, doc) in enum_values(key) {
                assert!(!doc.trim().is_empty(), "{key} {value}: empty doc");
                assert!(!doc.contains('\n'), "{key} {value}: doc spans lines");
            }
        }
        assert!(enum_values("owner").is_empty());
    }

    // --- A small, independent reading of the plan language, to keep the examples valid. ---

    fn plan_blocks(body: &str) -> Vec<&str> {
        let mut blocks = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find("```plan\n") {
            let after = &rest[start + "```plan\n".len()..];
            let end = after.find("```").expect("unterminated plan block");
            blocks.push(&after[..end]);
            rest = &after[end + 3..];
        }
        blocks
    }

    #[derive(Debug, PartialEq)]
    enum Tok {
        Word(String),
        Str,
        Date,
        Duration,
        Number,
        Open,
        Close,
        Comma,
    }

    fn valid_date(s: &str) -> bool {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return false;
        }
        let (Ok(y), Ok(m), Ok(d)) = (
            s[0..4].parse::<u32>(),
            s[5..7].parse::<u32>(),
            s[8..10].parse::<u32>(),
        ) else {
            return false;
        };
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        d >= 1 && d <= days
    }

    fn lex(text: &str) -> Result<Vec<Tok>, String> {
        let mut toks = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '#' {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            } else if c == '{' || c == '}' || c == ',' {
                toks.push(match c {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    _ => Tok::Comma,
                });
                i += 1;
            } else if c == '"' {
                i += 1;
                loop {
                    match chars.get(i) {
                        None | Some('\n') => return Err("unterminated string".into()),
                        Some('"') => break,
                        Some('\\') => {
                            if !matches!(chars.get(i + 1), Some('"' | '\\' | 'n' | 't')) {
                                return Err("bad escape".into());
                            }
                            i += 2;
                        }
                        Some(_) => i += 1,
                    }
                }
                i += 1;
                toks.push(Tok::Str);
            } else {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '{' | '}' | ',' | '"' | '#')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let first = word.chars().next().unwrap();
                if first.is_alphabetic() || first == '_' {
                    if !word
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    {
                        return Err(format!("bad identifier {word}"));
                    }
                    toks.push(Tok::Word(word));
                } else if word.chars().all(|c| c.is_ascii_digit()) {
                    toks.push(Tok::Number);
                } else if valid_date(&word) {
                    toks.push(Tok::Date);
                } else if word.len() > 1
                    && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit())
                    && matches!(word.chars().last(), Some('m' | 'h' | 'd' | 'w'))
                {
                    toks.push(Tok::Duration);
                } else {
                    return Err(format!("bad token {word}"));
                }
            }
        }
        Ok(toks)
    }

    /// Checks the grammar, that keys are ones the kind takes, and the enum values.
    fn check_plan(text: &str) -> Result<(), String> {
        let toks = lex(text)?;
        let mut i = 0;
        while i < toks.len() {
            let Tok::Word(kind) = &toks[i] else {
                return Err(format!("expected a kind, found {:?}", toks[i]));
            };
            if !KIND_NAMES.contains(&kind.as_str()) {
                return Err(format!("unknown kind {kind}"));
            }
            i += 1;
            match toks.get(i) {
                Some(Tok::Word(name)) if !KIND_NAMES.contains(&name.as_str()) => i += 1,
                other => return Err(format!("{kind}: expected a name, found {other:?}")),
            }
            if toks.get(i) == Some(&Tok::Str) {
                i += 1;
            }
            if toks.get(i) != Some(&Tok::Open) {
                continue;
            }
            i += 1;
            let mut seen = HashSet::new();
            loop {
                match toks.get(i) {
                    Some(Tok::Close) => {
                        i += 1;
                        break;
                    }
                    Some(Tok::Word(key)) => {
                        if field(kind, key).is_none() {
                            return Err(format!("{kind} takes no key {key}"));
                        }
                        if !seen.insert(key.clone()) {
                            return Err(format!("{kind}: repeated key {key}"));
                        }
                        i += 1;
                        loop {
                            let value = toks.get(i).ok_or("missing value")?;
                            match value {
                                Tok::Word(w) => {
                                    let allowed = enum_values(key);
                                    if !allowed.is_empty() && !allowed.iter().any(|v| v.0 == w) {
                                        return Err(format!("{key}: bad value {w}"));
                                    }
                                }
                                Tok::Str | Tok::Date | Tok::Duration | Tok::Number => {}
                                other => return Err(format!("{key}: bad value {other:?}")),
                            }
                            i += 1;
                            if toks.get(i) == Some(&Tok::Comma) {
                                i += 1;
                            } else {
                                break;
                            }
                        }
                    }
                    other => return Err(format!("{kind}: expected a key, found {other:?}")),
                }
            }
        }
        Ok(())
    }

    #[test]
    fn examples_are_valid_plan_language() {
        for topic in all_topics() {
            for block in plan_blocks(topic.body) {
                if let Err(e) = check_plan(block) {
                    panic!("{}: invalid example: {e}\n{block}", topic.name);
                }
            }
        }
    }

    #[test]
    fn the_example_checker_rejects_bad_plans() {
        assert!(check_plan("task a { owner b  due 2026-02-30 }").is_err());
        assert!(check_plan("task a { length 45min }").is_err());
        assert!(check_plan("task a { lead b }").is_err());
        assert!(check_plan("meeting m { cadence hourly }").is_err());
        assert!(check_plan("person task").is_err());
        assert!(check_plan("person a \"A\" { role \"x\" email \"y\" }").is_ok());
    }
}
