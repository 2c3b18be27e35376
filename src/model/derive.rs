//! The derived facts, computed once all items are lowered: team membership, who attends each
//! meeting and who brought whom, each person's meetings and weekly meeting time, each team's
//! meetings, direct links, each task's teams and dependents.

use super::*;

/// Computes the derived facts once all items are lowered; the tasks' on a second thread when
/// `parallel`.
pub(super) fn derive(m: &mut Model, parallel: bool) {
    let (np, nt) = (m.people.len(), m.teams.len());

    // Team membership.
    m.team_people = vec![Vec::new(); nt];
    m.person_teams = vec![Vec::new(); np];
    let mut last_team = vec![u32::MAX; np];
    for (t, team) in m.teams.iter().enumerate() {
        let people = &mut m.team_people[t];
        for p in team.leads.iter().chain(&team.members) {
            if last_team[p.id.index()] != t as u32 {
                last_team[p.id.index()] = t as u32;
                people.push(p.id);
                m.person_teams[p.id.index()].push(TeamId(t as u32));
            }
        }
    }

    // The tasks' facts need only membership: on a large plan they are derived on a second
    // thread while this one derives the meetings' and the links.
    let model: &Model = m;
    let (meetings, tasks) = std::thread::scope(|scope| {
        let tasks = parallel.then(|| scope.spawn(|| task_facts(model)));
        let meetings = meeting_facts(model);
        let tasks = tasks.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (meetings, tasks.unwrap_or_else(|| task_facts(model)))
    });
    m.attendance = meetings.attendance;
    m.person_meetings = meetings.person_meetings;
    m.person_weekly_minutes = meetings.person_weekly_minutes;
    m.team_meetings = meetings.team_meetings;
    m.direct_links = meetings.direct_links;
    m.team_groups = meetings.team_groups;
    m.task_teams = tasks.teams;
    m.dependencies = tasks.dependencies;
    m.dependents = tasks.dependents;
}

/// Derives again the tasks' teams (when `owners`) and their dependencies and dependents (when
/// `dependencies`), when only tasks changed since [`derive`] (the others' facts do not read
/// tasks).
pub(super) fn derive_tasks(m: &mut Model, owners: bool, dependencies: bool) {
    if owners {
        m.task_teams = task_teams(m);
    }
    if dependencies {
        (m.dependencies, m.dependents) = task_dependencies(m);
    }
}

/// Each task's teams, dependencies and dependents.
struct TaskFacts {
    teams: Flat<TeamId>,
    dependencies: Flat<u32>,
    dependents: Flat<TaskId>,
}

fn task_facts(m: &Model) -> TaskFacts {
    let (dependencies, dependents) = task_dependencies(m);
    TaskFacts {
        teams: task_teams(m),
        dependencies,
        dependents,
    }
}

/// Each task's teams: its owner team, or the teams of its owner person.
fn task_teams(m: &Model) -> Flat<TeamId> {
    let (tasks, person_teams) = (&m.tasks, &m.person_teams);
    let nk = tasks.len();
    let mut teams = Flat::with_capacity(nk, nk);
    for t in tasks {
        match t.owner.map(|o| o.id) {
            Some(Owner::Team(team)) => teams.push(team),
            Some(Owner::Person(p)) => {
                for &team in &person_teams[p.index()] {
                    teams.push(team);
                }
            }
            None => {}
        }
        teams.close();
    }
    teams
}

/// Each task's dependencies (as raw indices) and dependents.
fn task_dependencies(m: &Model) -> (Flat<u32>, Flat<TaskId>) {
    let tasks = &m.tasks;
    let nk = tasks.len();
    let edges: usize = tasks.iter().map(|t| t.depends_on.len()).sum();
    let mut dependencies = Flat::with_capacity(nk, edges);
    for t in tasks {
        dependencies.push_list(t.depends_on.iter().map(|d| d.id.0));
    }
    let pairs: Vec<(u32, TaskId)> = tasks
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.depends_on.iter().map(move |d| (d.id.0, TaskId(i as u32))))
        .collect();
    (dependencies, Flat::from_pairs(nk, &pairs))
}

/// Who attends each meeting, each person's meetings and weekly meeting time, each team's
/// meetings, and the links other than through meetings.
struct MeetingFacts {
    attendance: Vec<Vec<Seat>>,
    person_meetings: Vec<Vec<MeetingId>>,
    person_weekly_minutes: Vec<f64>,
    team_meetings: Vec<Vec<MeetingId>>,
    direct_links: Vec<Vec<Link>>,
    team_groups: Vec<Vec<GroupId>>,
}

fn meeting_facts(m: &Model) -> MeetingFacts {
    let (np, nt, nm) = (m.people.len(), m.teams.len(), m.meetings.len());
    // Who attends each meeting.
    let mut embeds_into: Vec<Vec<EmbedId>> = vec![Vec::new(); nt];
    for (e, embed) in m.embeds.iter().enumerate() {
        if let (Some(p), Some(to)) = (embed.person, embed.to) {
            let _ = p;
            embeds_into[to.id.index()].push(EmbedId(e as u32));
        }
    }
    let mut rotations_into: Vec<Vec<RotationId>> = vec![Vec::new(); nt];
    for (r, rot) in m.rotations.iter().enumerate() {
        if let Some(to) = rot.to {
            rotations_into[to.id.index()].push(RotationId(r as u32));
        }
    }
    let mut liaisons_at: Vec<Vec<LiaisonId>> = vec![Vec::new(); nm];
    for (l, liaison) in m.liaisons.iter().enumerate() {
        if liaison.person.is_some() {
            for a in &liaison.attends {
                let at = &mut liaisons_at[a.id.index()];
                if at.last() != Some(&LiaisonId(l as u32)) {
                    at.push(LiaisonId(l as u32));
                }
            }
        }
    }
    let mut attendance = Vec::with_capacity(nm);
    let mut seen_person = vec![u32::MAX; np];
    for (mi, meeting) in m.meetings.iter().enumerate() {
        let mut seats = Vec::new();
        let mut add_person = |p: PersonId, via: Via, seats: &mut Vec<Seat>| {
            if seen_person[p.index()] != mi as u32 {
                seen_person[p.index()] = mi as u32;
                seats.push(Seat {
                    who: SeatHolder::Person(p),
                    via,
                });
            }
        };
        let mut teams_attending = Vec::new();
        for a in &meeting.attendees {
            match a.id {
                Owner::Person(p) => add_person(p, Via::Listed(a.span), &mut seats),
                Owner::Team(t) => {
                    teams_attending.push(t);
                    for &p in &m.team_people[t.index()] {
                        add_person(p, Via::Team(t, a.span), &mut seats);
                    }
                }
            }
        }
        for &l in &liaisons_at[mi] {
            let p = m.liaisons[l.index()].person.expect("filtered").id;
            add_person(p, Via::Liaison(l), &mut seats);
        }
        for &t in &teams_attending {
            for &e in &embeds_into[t.index()] {
                let p = m.embeds[e.index()].person.expect("filtered").id;
                add_person(p, Via::Embedded(e), &mut seats);
            }
        }
        let mut rotation_seen = Vec::new();
        for &t in &teams_attending {
            for &r in &rotations_into[t.index()] {
                if !rotation_seen.contains(&r) {
                    rotation_seen.push(r);
                    seats.push(Seat {
                        who: SeatHolder::Rotation(r),
                        via: Via::Rotation(r),
                    });
                }
            }
        }
        attendance.push(seats);
    }

    // Each person's meetings and weekly time; each team's meetings.
    let mut person_meetings = vec![Vec::new(); np];
    let mut person_weekly_minutes = vec![0.0; np];
    let mut team_meetings = vec![Vec::new(); nt];
    for (mi, seats) in attendance.iter().enumerate() {
        let weekly = m.meetings[mi].weekly_minutes();
        for seat in seats {
            if let SeatHolder::Person(p) = seat.who {
                person_meetings[p.index()].push(MeetingId(mi as u32));
                person_weekly_minutes[p.index()] += weekly;
                for &t in &m.person_teams[p.index()] {
                    team_meetings[t.index()].push(MeetingId(mi as u32));
                }
            }
        }
    }
    for list in &mut team_meetings {
        list.sort_unstable();
        list.dedup();
    }

    // Links other than through meetings (see `links`).
    MeetingFacts {
        attendance,
        person_meetings,
        person_weekly_minutes,
        team_meetings,
        direct_links: super::links::direct_links(m),
        team_groups: super::links::team_groups(m),
    }
}
