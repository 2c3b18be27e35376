//! The derived facts, computed once all items are lowered: team membership, who attends each
//! meeting and who brought whom, each person's meetings and weekly meeting time, each team's
//! meetings, direct links, each task's teams and dependents.

use super::*;

/// Computes the derived facts once all items are lowered.
pub(super) fn derive(m: &mut Model) {
    let (np, nt, nm, nk) = (
        m.people.len(),
        m.teams.len(),
        m.meetings.len(),
        m.tasks.len(),
    );

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
    m.attendance = Vec::with_capacity(nm);
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
        m.attendance.push(seats);
    }

    // Each person's meetings and weekly time; each team's meetings.
    m.person_meetings = vec![Vec::new(); np];
    m.person_weekly_minutes = vec![0.0; np];
    m.team_meetings = vec![Vec::new(); nt];
    for (mi, seats) in m.attendance.iter().enumerate() {
        let weekly = m.meetings[mi].weekly_minutes();
        for seat in seats {
            if let SeatHolder::Person(p) = seat.who {
                m.person_meetings[p.index()].push(MeetingId(mi as u32));
                m.person_weekly_minutes[p.index()] += weekly;
                for &t in &m.person_teams[p.index()] {
                    m.team_meetings[t.index()].push(MeetingId(mi as u32));
                }
            }
        }
    }
    for list in &mut m.team_meetings {
        list.sort_unstable();
        list.dedup();
    }

    // Links other than through meetings (see `links`).
    m.direct_links = super::links::direct_links(m);
    m.team_groups = super::links::team_groups(m);

    // Tasks: teams and dependents.
    let mut task_teams = Flat::with_capacity(nk, nk);
    for t in &m.tasks {
        match t.owner.map(|o| o.id) {
            Some(Owner::Team(team)) => task_teams.push(team),
            Some(Owner::Person(p)) => {
                for &team in &m.person_teams[p.index()] {
                    task_teams.push(team);
                }
            }
            None => {}
        }
        task_teams.close();
    }
    m.task_teams = task_teams;
    let edges: usize = m.tasks.iter().map(|t| t.depends_on.len()).sum();
    let mut dependencies = Flat::with_capacity(nk, edges);
    for t in &m.tasks {
        dependencies.push_list(t.depends_on.iter().map(|d| d.id.0));
    }
    m.dependencies = dependencies;
    let pairs: Vec<(u32, TaskId)> = m
        .tasks
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.depends_on.iter().map(move |d| (d.id.0, TaskId(i as u32))))
        .collect();
    m.dependents = Flat::from_pairs(nk, &pairs);
}
