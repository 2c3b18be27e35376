//! Links between teams, and what makes each one: the language's "linked" definition as one
//! model fact, used by the report, hover, the teams graph and `uncoordinated-dependency`.
//!
//! Two teams are linked by a liaison, embed or rotation between them (either way), a
//! centralized-liaison group with members in both, a person in both, or a meeting that is not
//! `kind broadcast` attended by someone in each. Liaisons, embeds and rotations are stored per
//! pair when the model is built ([`Model::direct_links`], at most [`REASONS_KEPT`] reasons a
//! pair: linear in the items). Groups, shared people and meetings are found when asked, from
//! each team's sorted lists, so a person in many teams, a large group or a large meeting never
//! costs a stored pair for every two teams it touches.

use super::fxhash::FxHashMap;
use super::*;

/// What makes two teams linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkReason {
    Liaison(LiaisonId),
    Embedded(EmbedId),
    Rotation(RotationId),
    CentralizedLiaison(GroupId),
    /// A person who is in both teams.
    SharedPerson(PersonId),
    /// A meeting, not a broadcast, attended by someone in each team.
    Meeting(MeetingId),
}

/// How many reasons are kept (and shown) for one pair of teams.
pub const REASONS_KEPT: usize = 3;

/// A team linked to another, with its first few reasons (direct ones first, then meetings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub team: TeamId,
    pub reasons: Vec<LinkReason>,
}

impl LinkReason {
    /// A one-word kind for data outputs: `liaison`, `embedded`, `rotation`,
    /// `centralized-liaison`, `shared-person` or `meeting`.
    pub fn kind(self) -> &'static str {
        match self {
            LinkReason::Liaison(_) => "liaison",
            LinkReason::Embedded(_) => "embedded",
            LinkReason::Rotation(_) => "rotation",
            LinkReason::CentralizedLiaison(_) => "centralized-liaison",
            LinkReason::SharedPerson(_) => "shared-person",
            LinkReason::Meeting(_) => "meeting",
        }
    }
}

impl Model {
    /// The name of the person, rotation, group or meeting that makes a link.
    pub fn link_through(&self, r: LinkReason) -> &str {
        let person = |p: Option<At<PersonId>>| p.map_or("?", |p| self.person_name(p.id));
        match r {
            LinkReason::Liaison(l) => person(self.liaisons[l.index()].person),
            LinkReason::Embedded(e) => person(self.embeds[e.index()].person),
            LinkReason::Rotation(r) => self.rotation_name(r),
            LinkReason::CentralizedLiaison(g) => self.group_name(g),
            LinkReason::SharedPerson(p) => self.person_name(p),
            LinkReason::Meeting(m) => self.meeting_name(m),
        }
    }

    /// What makes a link, in a few words: "liaison erin", "embedded tariq", "rotation
    /// support-duty", "tech-leads group", "alice is in both", "meeting payments-planning".
    pub fn describe_link(&self, r: LinkReason) -> String {
        let through = self.link_through(r);
        match r {
            LinkReason::Liaison(l) if self.liaisons[l.index()].person.is_none() => {
                "a liaison".into()
            }
            LinkReason::Embedded(e) if self.embeds[e.index()].person.is_none() => {
                "an embedded person".into()
            }
            LinkReason::Liaison(_) => format!("liaison {through}"),
            LinkReason::Embedded(_) => format!("embedded {through}"),
            LinkReason::Rotation(_) => format!("rotation {through}"),
            LinkReason::CentralizedLiaison(_) => format!("{through} group"),
            LinkReason::SharedPerson(_) => format!("{through} is in both"),
            LinkReason::Meeting(_) => format!("meeting {through}"),
        }
    }

    /// The liaisons, embeds and rotations between two teams (as built), empty when none.
    fn direct_reasons(&self, a: TeamId, b: TeamId) -> &[LinkReason] {
        let list = &self.direct_links[a.index()];
        match list.binary_search_by_key(&b, |l| l.team) {
            Ok(i) => &list[i].reasons,
            Err(_) => &[],
        }
    }

    /// The reasons two teams are linked other than meetings (liaisons, embeds, rotations,
    /// groups, shared people), at most `limit`.
    pub fn standing_reasons(&self, a: TeamId, b: TeamId, limit: usize) -> Vec<LinkReason> {
        let mut out: Vec<LinkReason> = Vec::new();
        if a == b {
            return out;
        }
        out.extend(self.direct_reasons(a, b).iter().take(limit));
        let gb = &self.team_groups[b.index()];
        for &g in &self.team_groups[a.index()] {
            if out.len() >= limit {
                return out;
            }
            if gb.binary_search(&g).is_ok() {
                out.push(LinkReason::CentralizedLiaison(g));
            }
        }
        // `person_teams` is in team order, so membership is a binary search.
        let shared = self.team_people[a.index()]
            .iter()
            .copied()
            .filter(|p| self.person_teams[p.index()].binary_search(&b).is_ok());
        out.extend(
            shared
                .map(LinkReason::SharedPerson)
                .take(limit.saturating_sub(out.len())),
        );
        out
    }

    /// The meetings (not broadcasts) attended by someone in each of two teams, in meeting
    /// order, at most `limit`.
    fn shared_meetings(&self, a: TeamId, b: TeamId, limit: usize) -> Vec<MeetingId> {
        let (ma, mb) = (
            &self.team_meetings[a.index()],
            &self.team_meetings[b.index()],
        );
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < ma.len() && j < mb.len() && out.len() < limit {
            match ma[i].cmp(&mb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if self.meetings[ma[i].index()].kind != MeetingKind::Broadcast {
                        out.push(ma[i]);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    /// A broadcast meeting attended by someone in each team, if any: it links nothing, which
    /// is worth saying when the teams are not linked.
    pub fn shared_broadcast(&self, a: TeamId, b: TeamId) -> Option<MeetingId> {
        let mb = &self.team_meetings[b.index()];
        self.team_meetings[a.index()].iter().copied().find(|m| {
            self.meetings[m.index()].kind == MeetingKind::Broadcast && mb.binary_search(m).is_ok()
        })
    }

    /// Whether teams `a` and `b` are linked.
    pub fn linked(&self, a: TeamId, b: TeamId) -> bool {
        a != b
            && (!self.standing_reasons(a, b, 1).is_empty()
                || !self.shared_meetings(a, b, 1).is_empty())
    }

    /// Why teams `a` and `b` are linked: at most [`REASONS_KEPT`] reasons, those not made by
    /// meetings first; empty when they are not linked.
    #[cfg(test)]
    pub fn link_reasons(&self, a: TeamId, b: TeamId) -> Vec<LinkReason> {
        if a == b {
            return Vec::new();
        }
        let mut out = self.standing_reasons(a, b, REASONS_KEPT);
        let room = REASONS_KEPT.saturating_sub(out.len());
        out.extend(
            self.shared_meetings(a, b, room)
                .into_iter()
                .map(LinkReason::Meeting),
        );
        out
    }

    /// Every team linked to `t`, in team order, each with its first few reasons.
    pub fn links_of(&self, t: TeamId) -> Vec<Link> {
        let mut out: Vec<Link> = self.direct_links[t.index()].clone();
        let mut at: FxHashMap<TeamId, usize> =
            out.iter().enumerate().map(|(i, l)| (l.team, i)).collect();
        let mut add = |other: TeamId, reason: LinkReason| {
            if other == t {
                return;
            }
            let i = *at.entry(other).or_insert_with(|| {
                out.push(Link {
                    team: other,
                    reasons: Vec::new(),
                });
                out.len() - 1
            });
            let reasons = &mut out[i].reasons;
            if reasons.len() < REASONS_KEPT && !reasons.contains(&reason) {
                reasons.push(reason);
            }
        };
        for &g in &self.team_groups[t.index()] {
            for p in &self.groups[g.index()].members {
                for &other in &self.person_teams[p.id.index()] {
                    add(other, LinkReason::CentralizedLiaison(g));
                }
            }
        }
        for &p in &self.team_people[t.index()] {
            for &other in &self.person_teams[p.index()] {
                add(other, LinkReason::SharedPerson(p));
            }
        }
        for &m in &self.team_meetings[t.index()] {
            if self.meetings[m.index()].kind == MeetingKind::Broadcast {
                continue;
            }
            for seat in &self.attendance[m.index()] {
                if let SeatHolder::Person(p) = seat.who {
                    for &other in &self.person_teams[p.index()] {
                        add(other, LinkReason::Meeting(m));
                    }
                }
            }
        }
        out.sort_by_key(|l| l.team);
        out
    }

    /// Whether a dependency between two tasks is uncoordinated: they have teams, share none,
    /// and no team of the one is linked to any team of the other.
    pub fn uncoordinated(&self, a: TaskId, b: TaskId) -> bool {
        let (ta, tb) = (&self.task_teams[a.index()], &self.task_teams[b.index()]);
        if ta.is_empty() || tb.is_empty() || ta.iter().any(|t| tb.contains(t)) {
            return false;
        }
        !ta.iter().any(|&x| tb.iter().any(|&y| self.linked(x, y)))
    }
}

/// Builds [`Model::direct_links`]: the liaison, embed and rotation links of each team, sorted
/// by the other team, at most [`REASONS_KEPT`] reasons a pair.
pub(super) fn direct_links(m: &Model) -> Vec<Vec<Link>> {
    let mut pairs: Vec<(TeamId, TeamId, LinkReason)> = Vec::new();
    let mut add = |a: TeamId, b: TeamId, r: LinkReason| {
        if a != b {
            pairs.push((a, b, r));
            pairs.push((b, a, r));
        }
    };
    for (i, l) in m.liaisons.iter().enumerate() {
        if let (Some(f), Some(t)) = (l.from, l.to) {
            add(f.id, t.id, LinkReason::Liaison(LiaisonId(i as u32)));
        }
    }
    for (i, e) in m.embeds.iter().enumerate() {
        if let (Some(f), Some(t)) = (e.from, e.to) {
            add(f.id, t.id, LinkReason::Embedded(EmbedId(i as u32)));
        }
    }
    for (i, r) in m.rotations.iter().enumerate() {
        if let (Some(f), Some(t)) = (r.from, r.to) {
            add(f.id, t.id, LinkReason::Rotation(RotationId(i as u32)));
        }
    }
    // A stable sort keeps each pair's reasons in the order above.
    pairs.sort_by_key(|&(a, b, _)| (a, b));
    let mut out: Vec<Vec<Link>> = vec![Vec::new(); m.teams.len()];
    for (a, b, r) in pairs {
        let list = &mut out[a.index()];
        match list.last_mut() {
            Some(l) if l.team == b => {
                if l.reasons.len() < REASONS_KEPT && !l.reasons.contains(&r) {
                    l.reasons.push(r);
                }
            }
            _ => list.push(Link {
                team: b,
                reasons: vec![r],
            }),
        }
    }
    out
}

/// Builds [`Model::team_groups`]: the centralized-liaison groups with a member in each team,
/// sorted.
pub(super) fn team_groups(m: &Model) -> Vec<Vec<GroupId>> {
    let mut out: Vec<Vec<GroupId>> = vec![Vec::new(); m.teams.len()];
    for (g, group) in m.groups.iter().enumerate() {
        for p in &group.members {
            for &t in &m.person_teams[p.id.index()] {
                let list = &mut out[t.index()];
                if list.last() != Some(&GroupId(g as u32)) {
                    list.push(GroupId(g as u32));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> (Workspace, Model) {
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        let m = Model::build(&ws);
        (ws, m)
    }

    fn team(m: &Model, name: &str) -> TeamId {
        TeamId(m.lookup(name).unwrap().index)
    }

    fn words(m: &Model, a: &str, b: &str) -> Vec<String> {
        m.link_reasons(team(m, a), team(m, b))
            .into_iter()
            .map(|r| m.describe_link(r))
            .collect()
    }

    const ORG: &str = "team a { lead alice }\nteam b { lead bob }\nteam c { lead carl }\n\
                       person alice\nperson bob\nperson carl\nperson erin\n";

    #[test]
    fn each_kind_of_link_says_what_makes_it() {
        let text = format!(
            "{ORG}liaison alice {{ from a to b }}\nembedded bob {{ from b to c }}\n\
             rotation duty {{ from c to a }}\ncentralized-liaison leads {{ members alice, carl }}\n"
        );
        let (_, m) = model(&text);
        assert_eq!(words(&m, "a", "b"), ["liaison alice"]);
        assert_eq!(words(&m, "b", "a"), ["liaison alice"]);
        assert_eq!(words(&m, "b", "c"), ["embedded bob"]);
        assert_eq!(words(&m, "a", "c"), ["rotation duty", "leads group"]);
    }

    #[test]
    fn a_person_in_both_teams_links_them() {
        let text = ORG.replace("team b { lead bob }", "team b { lead bob, alice }");
        let (_, m) = model(&text);
        assert_eq!(words(&m, "a", "b"), ["alice is in both"]);
        assert!(m.linked(team(&m, "b"), team(&m, "a")));
        assert!(!m.linked(team(&m, "a"), team(&m, "c")));
        let links = m.links_of(team(&m, "a"));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].team, team(&m, "b"));
    }

    #[test]
    fn a_broadcast_links_nobody_and_a_decision_meeting_does() {
        let text = format!(
            "{ORG}meeting all-hands {{ attendees a, b, c  kind broadcast }}\n\
             meeting sync {{ attendees alice, bob }}\n"
        );
        let (_, m) = model(&text);
        assert_eq!(words(&m, "a", "b"), ["meeting sync"]);
        assert!(words(&m, "a", "c").is_empty());
        assert!(!m.linked(team(&m, "b"), team(&m, "c")));
        let all_hands = MeetingId(m.lookup("all-hands").unwrap().index);
        assert_eq!(
            m.shared_broadcast(team(&m, "a"), team(&m, "c")),
            Some(all_hands)
        );
        let links = m.links_of(team(&m, "c"));
        assert!(links.is_empty(), "{links:?}");
    }

    #[test]
    fn a_pair_keeps_its_first_few_reasons() {
        let text = format!(
            "{ORG}liaison alice {{ from a to b }}\nliaison erin {{ from a to b }}\n\
             embedded bob {{ from b to a }}\nrotation duty {{ from a to b }}\n\
             meeting sync {{ attendees alice, bob }}\n"
        );
        let (_, m) = model(&text);
        assert_eq!(
            words(&m, "a", "b"),
            ["liaison alice", "liaison erin", "embedded bob"]
        );
        let links = m.links_of(team(&m, "b"));
        assert_eq!(links[0].reasons.len(), REASONS_KEPT);
    }

    #[test]
    fn meetings_fill_the_reasons_after_direct_links() {
        let text = format!(
            "{ORG}liaison erin {{ from a to b }}\nmeeting sync {{ attendees alice, bob }}\n\
             meeting review {{ attendees a, b }}\n"
        );
        let (_, m) = model(&text);
        assert_eq!(
            words(&m, "a", "b"),
            ["liaison erin", "meeting sync", "meeting review"]
        );
        let links = m.links_of(team(&m, "a"));
        let described: Vec<String> = links[0]
            .reasons
            .iter()
            .map(|&r| m.describe_link(r))
            .collect();
        assert_eq!(
            described,
            ["liaison erin", "meeting sync", "meeting review"]
        );
    }

    #[test]
    fn one_person_in_many_teams_costs_no_pair_per_two_teams() {
        let mut text = String::from("person p\n");
        for i in 0..20_000 {
            text.push_str(&format!("team t{i} {{ lead p }}\n"));
        }
        let (_, m) = model(&text);
        assert!(m.direct_links.iter().all(Vec::is_empty));
        assert_eq!(words(&m, "t0", "t19999"), ["p is in both"]);
    }

    #[test]
    fn uncoordinated_follows_the_definition() {
        let text = format!(
            "{ORG}meeting all-hands {{ attendees a, b  kind broadcast }}\n\
             task x {{ owner a }}\ntask y {{ owner b depends-on x }}\ntask z {{ owner alice depends-on x }}\n"
        );
        let id = |m: &Model, n: &str| TaskId(m.lookup(n).unwrap().index);
        let (_, m) = model(&text);
        assert!(m.uncoordinated(id(&m, "x"), id(&m, "y")));
        assert!(!m.uncoordinated(id(&m, "x"), id(&m, "z")), "same team");
        let linked = text.replace("team b { lead bob }", "team b { lead bob  members alice }");
        let (_, m) = model(&linked);
        assert!(!m.uncoordinated(id(&m, "x"), id(&m, "y")));
    }
}
