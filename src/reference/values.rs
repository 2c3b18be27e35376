//! The allowed values of the enum fields (`cadence`, `kind`, `status`, `model`, `day`), each
//! with a one-line doc for hover and completion.

use super::models::*;

/// The allowed values, each with a one-line doc, for the keys `cadence`, `kind`, `status`,
/// `model` and `day`; empty for any other key.
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
