//! A team's meetings "by listing": the meetings that name the team in `attendees` (the
//! team's meetings as the language defines them), and their weekly time — the one home of
//! that fact for the report, the calendar and the teams graph.

use super::{MeetingId, Model, Owner};

impl Model {
    /// The meetings that list each team in `attendees`, each once, in meeting order.
    pub fn team_listed_meetings(&self) -> Vec<Vec<MeetingId>> {
        let mut out: Vec<Vec<MeetingId>> = vec![Vec::new(); self.teams.len()];
        for (i, m) in self.meetings.iter().enumerate() {
            for a in &m.attendees {
                if let Owner::Team(t) = a.id {
                    let list = &mut out[t.index()];
                    if list.last() != Some(&MeetingId(i as u32)) {
                        list.push(MeetingId(i as u32));
                    }
                }
            }
        }
        out
    }

    /// Weekly minutes of each team's listed meetings (cadence × length, not rounded).
    pub fn team_listed_minutes(&self) -> Vec<f64> {
        self.team_listed_meetings()
            .iter()
            .map(|list| {
                list.iter()
                    .map(|m| self.meetings[m.index()].weekly_minutes())
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{MeetingId, Model, TeamId};
    use crate::workspace::Workspace;

    #[test]
    fn only_meetings_that_list_the_team_count_once_each() {
        let text = "person p\nteam a { lead p }\nteam b { lead p }\n\
                    meeting m { attendees a, a  cadence weekly  length 1h }\n\
                    meeting n { attendees p  cadence daily }\n\
                    meeting o { attendees b, a  cadence biweekly  length 30m }\n";
        let ws = Workspace::from_texts(vec![("p.plan".into(), text.into())]);
        let model = Model::build(&ws);
        let listed = model.team_listed_meetings();
        let a = TeamId(model.lookup("a").unwrap().index);
        assert_eq!(listed[a.index()], [MeetingId(0), MeetingId(2)]);
        assert_eq!(model.team_listed_minutes()[a.index()], 75.0);
    }
}
