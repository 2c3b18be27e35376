//! The ten team coordination models' reference texts: a one-sentence summary each here, the
//! body in `models/NAME.md`. They follow Jade Rubick's series on coordination models
//! (rubick.com/coordination-models), written in our own words.

use super::{Topic, TopicCategory};

pub(super) const SERVICE_PROVIDER_SUMMARY: &str =
    "A team that other teams depend on to reach their own goals.";
pub(super) const CONSULTANT_SUMMARY: &str =
    "A team that advises other teams on how to do their work but is never something they must wait for.";
pub(super) const SELF_SERVICE_SUMMARY: &str =
    "A team that packages its work so other teams can use it on their own, without working with it.";
pub(super) const INDEPENDENT_EXECUTOR_SUMMARY: &str =
    "A team that delivers its goals without needing other teams to finish anything for it.";
pub(super) const SINGLE_THREADED_OWNER_SUMMARY: &str =
    "Everyone needed to deliver one outcome reports to a single owner who works on nothing else.";
pub(super) const MERGED_GROUP_SUMMARY: &str =
    "Two groups that kept handing work to each other become one team with one backlog.";
pub(super) const TASK_FORCE_SUMMARY: &str =
    "A temporary team drawn from several teams to deliver one outcome, disbanded when it is done.";
pub(super) const AWAY_TEAM_SUMMARY: &str =
    "A team that works in another team's area, such as its codebase or product, for the length of a project.";
pub(super) const TIGER_TEAM_SUMMARY: &str =
    "A long-lived team with no fixed area that moves into other teams' areas to solve the most important problems.";
pub(super) const OBJECTIVE_EXPERT_SUMMARY: &str =
    "A team that produces measurements, analyses or reports that other teams use to make decisions.";

/// The ten team coordination models.
pub static MODELS: &[Topic] = &[
    Topic {
        name: "service-provider",
        category: TopicCategory::Model,
        summary: SERVICE_PROVIDER_SUMMARY,
        body: include_str!("models/service-provider.md"),
    },
    Topic {
        name: "consultant",
        category: TopicCategory::Model,
        summary: CONSULTANT_SUMMARY,
        body: include_str!("models/consultant.md"),
    },
    Topic {
        name: "self-service",
        category: TopicCategory::Model,
        summary: SELF_SERVICE_SUMMARY,
        body: include_str!("models/self-service.md"),
    },
    Topic {
        name: "independent-executor",
        category: TopicCategory::Model,
        summary: INDEPENDENT_EXECUTOR_SUMMARY,
        body: include_str!("models/independent-executor.md"),
    },
    Topic {
        name: "single-threaded-owner",
        category: TopicCategory::Model,
        summary: SINGLE_THREADED_OWNER_SUMMARY,
        body: include_str!("models/single-threaded-owner.md"),
    },
    Topic {
        name: "merged-group",
        category: TopicCategory::Model,
        summary: MERGED_GROUP_SUMMARY,
        body: include_str!("models/merged-group.md"),
    },
    Topic {
        name: "task-force",
        category: TopicCategory::Model,
        summary: TASK_FORCE_SUMMARY,
        body: include_str!("models/task-force.md"),
    },
    Topic {
        name: "away-team",
        category: TopicCategory::Model,
        summary: AWAY_TEAM_SUMMARY,
        body: include_str!("models/away-team.md"),
    },
    Topic {
        name: "tiger-team",
        category: TopicCategory::Model,
        summary: TIGER_TEAM_SUMMARY,
        body: include_str!("models/tiger-team.md"),
    },
    Topic {
        name: "objective-expert",
        category: TopicCategory::Model,
        summary: OBJECTIVE_EXPERT_SUMMARY,
        body: include_str!("models/objective-expert.md"),
    },
];
