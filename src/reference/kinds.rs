//! The eight item kinds' reference texts: a one-sentence summary each here, the body in
//! `kinds/NAME.md`.

use super::{Topic, TopicCategory};

/// The eight kind keywords.
pub static KINDS: &[Topic] = &[
    Topic {
        name: "person",
        category: TopicCategory::Kind,
        summary: "A person in the organisation: someone who leads or joins teams, owns tasks and meetings, and attends meetings.",
        body: include_str!("kinds/person.md"),
    },
    Topic {
        name: "team",
        category: TopicCategory::Kind,
        summary: "A group of people with one or more leads, a place in the reporting hierarchy and a declared way of working with other teams.",
        body: include_str!("kinds/team.md"),
    },
    Topic {
        name: "meeting",
        category: TopicCategory::Kind,
        summary: "A meeting with an owner, attendees, a cadence and a length, which either makes decisions or only shares information.",
        body: include_str!("kinds/meeting.md"),
    },
    Topic {
        name: "task",
        category: TopicCategory::Kind,
        summary: "A piece of work with one clear owner, dates, a status and the tasks it depends on.",
        body: include_str!("kinds/task.md"),
    },
    Topic {
        name: "liaison",
        category: TopicCategory::Kind,
        summary: "A person from outside a team who sits in its meetings and carries context back and forth for their home team.",
        body: include_str!("kinds/liaison.md"),
    },
    Topic {
        name: "embedded",
        category: TopicCategory::Kind,
        summary: "A specialist who reports to a home team but works day to day inside another team, as one of its members would.",
        body: include_str!("kinds/embedded.md"),
    },
    Topic {
        name: "rotation",
        category: TopicCategory::Kind,
        summary: "A liaison seat held in turn by the people on a roster for a fixed period, so someone is always available and nobody carries it alone.",
        body: include_str!("kinds/rotation.md"),
    },
    Topic {
        name: "centralized-liaison",
        category: TopicCategory::Kind,
        summary: "A group of liaisons, one from each team, that meets to share information and coordinate across all of those teams.",
        body: include_str!("kinds/centralized-liaison.md"),
    },
];
