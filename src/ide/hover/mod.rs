//! Hover: what the thing under the cursor is, in Markdown.
//!
//! On a kind keyword, field key, enum value, team model or rule code after `allow`: the
//! reference documentation. On a name: a summary of the person, team, meeting, task, rotation
//! or group from the model (who is in what, who attends, what depends on what), then the item's
//! `##` documentation (`summary.rs`).

use std::fmt::Write as _;

use super::{describe_location, node_at, value_type, Node};
use crate::analysis::Analysis;
use crate::config::Config;
use crate::model::schema::ValueType;
use crate::model::{Model, Resolution, SymbolId};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

mod summary;

pub(crate) use summary::summary_with;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    /// The span the hover is about.
    pub span: Span,
    pub markdown: String,
}

pub fn hover(
    ws: &Workspace,
    analysis: &Analysis,
    config: &Config,
    file: FileId,
    offset: usize,
) -> Option<HoverResult> {
    let about = hover_thing(ws, analysis, config, file, offset);
    let findings = findings_at(analysis, file, offset);
    let Some((first, _)) = findings.first() else {
        return about;
    };
    let mut markdown = findings
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let span = match &about {
        Some(h) => {
            markdown.push_str("\n\n---\n\n");
            markdown.push_str(&h.markdown);
            h.span
        }
        None => *first,
    };
    Some(HoverResult { span, markdown })
}

/// The findings whose primary span touches `offset`: each its severity, rule code, message,
/// help and where to read more, so that every editor shows the rule code and the way to
/// `coord explain` it, whatever its diagnostic float shows.
fn findings_at(analysis: &Analysis, file: FileId, offset: usize) -> Vec<(Span, String)> {
    let first = analysis
        .diagnostics
        .partition_point(|d| d.location.file < file);
    analysis.diagnostics[first..]
        .iter()
        .take_while(|d| d.location.file == file && d.location.span.start() <= offset)
        .filter(|d| d.location.span.touches(offset))
        .map(|d| {
            let mut text = format!(
                "**{} {}**: {}",
                d.severity.as_str(),
                d.code,
                d.message.trim_end()
            );
            if let Some(help) = &d.help {
                let _ = write!(text, "\n\n{}", help.trim_end());
            }
            let _ = write!(
                text,
                "\n\nWhy it matters and how to fix it: `coord explain {}`",
                d.code
            );
            (d.location.span, text)
        })
        .collect()
}

/// What the thing at `offset` is: a reference, a definition, a keyword, key or value.
fn hover_thing(
    ws: &Workspace,
    analysis: &Analysis,
    config: &Config,
    file: FileId,
    offset: usize,
) -> Option<HoverResult> {
    let model = &analysis.model;
    let summary = |ws: &Workspace, model: &Model, config: &Config, id: SymbolId| {
        summary_with(ws, model, &analysis.schedules, config, id)
    };
    // A reference first: the name of a liaison item is a reference, not a definition.
    if let Some(r) = model.reference_at(file, offset) {
        let span = r.location.span;
        let markdown = match r.resolution {
            Resolution::Resolved(id) => summary(ws, model, config, id),
            Resolution::WrongKind(id) => format!(
                "`{}` is {}, but {} is expected here\n\n---\n\n{}",
                r.name(ws),
                model.symbol(id).kind.a(),
                r.expected.describe(),
                summary(ws, model, config, id)
            ),
            Resolution::Undefined => format!(
                "`{}` is not defined anywhere in the workspace: define {} with this name, or fix the name",
                r.name(ws),
                r.expected.describe()
            ),
        };
        return Some(HoverResult { span, markdown });
    }
    let syntax = &ws.file(file).syntax;
    let node = node_at(ws.file(file), offset)?;
    let span = node.span();
    let markdown = match node {
        Node::Keyword(item) => {
            let topic = crate::reference::topic(item.kind.keyword())?;
            format!(
                "**{}** — {}\n\n{}",
                topic.name,
                topic.summary,
                small_headings(topic.body.trim_end())
            )
        }
        Node::Name(_) => {
            if let Some(id) = model.definition_at(file, offset) {
                summary(ws, model, config, id)
            } else if let Some(dup) = model
                .duplicates
                .iter()
                .find(|d| d.location.file == file && d.location.span.touches(offset))
            {
                let first = model.symbol(dup.first);
                format!(
                    "`{}` is already defined at {}: this second definition is ignored\n\n---\n\n{}",
                    first.name,
                    describe_location(ws, first.location.file, first.location.span),
                    summary(ws, model, config, dup.first)
                )
            } else {
                return None;
            }
        }
        Node::Title(_) => return None,
        Node::Key(item, field) => {
            let doc = crate::reference::field(item.kind.keyword(), field.key_text(syntax))?;
            format!(
                "`{} {}` — a field of every {}\n\n{}",
                doc.key, doc.value, item.kind, doc.doc
            )
        }
        Node::Value(item, field, value) => {
            let word = value.as_ident(syntax)?;
            match value_type(syntax, item, field)? {
                ValueType::RuleCode => {
                    let rule = crate::rules::rule(word)?;
                    format!(
                        "**{}** — a rule, {} by default\n\n{}\n\n{}",
                        rule.code,
                        rule.default_severity.as_str(),
                        rule.summary,
                        small_headings(rule.doc.trim_end())
                    )
                }
                ValueType::Enum(_) => enum_hover(field.key_text(syntax), word)?,
                _ => return None,
            }
        }
    };
    Some(HoverResult { span, markdown })
}

/// Reference text for a hover: its `## Heading` lines as bold lines, so that a small float
/// (VS Code's, a terminal's) is not taken over by full-size headings.
fn small_headings(doc: &str) -> String {
    let mut in_code = false;
    doc.lines()
        .map(|line| {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            match line.trim_start_matches('#') {
                rest if !in_code && rest.len() < line.len() && rest.starts_with(' ') => {
                    format!("**{}**", rest.trim())
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The documentation of an allowed value of `cadence`, `kind`, `status` or `model`.
fn enum_hover(key: &str, word: &str) -> Option<String> {
    let (value, doc) = crate::reference::enum_values(key)
        .iter()
        .find(|(v, _)| *v == word)?;
    let mut out = format!("**{value}** — a value of `{key}`\n\n{doc}");
    if key == "model" {
        if let Some(topic) = crate::reference::topic(value) {
            let _ = write!(out, "\n\n---\n\n{}", small_headings(topic.body.trim_end()));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::small_headings;
    use crate::ide::fixture::Fixture;

    /// The hover text at the fixture's one cursor, and the text of the span it is about.
    fn hover(text: &str) -> String {
        let f = Fixture::new(text);
        let c = f.cursor();
        match super::hover(&f.ws, &f.analysis, &f.config, c.file, c.offset) {
            Some(h) => format!("[{}]\n{}", f.text(c.file, h.span), h.markdown),
            None => "(no hover)".into(),
        }
    }

    const ORG: &str = "\
## Alice runs the platform team.
person alice \"Alice Chen\" { role \"Engineering manager\"  email \"alice@example.com\" }
person bob
person carol
person dave
team platform \"Platform\" {
  lead alice
  members bob, carol
  model service-provider
}
team marketing { lead dave }
meeting platform-weekly { owner alice  attendees platform  cadence weekly  length 45m }
liaison dave { from marketing  to platform  attends platform-weekly  needs \"dates\" }
task api-v2 \"Launch API v2\" { owner platform  due 2026-12-01 }
task post { owner marketing  due 2026-12-03  depends-on api-v2 }
";

    #[test]
    fn person_summary_reads_as_plain_text() {
        insta::assert_snapshot!(hover(&ORG.replace("person alice", "person al$0ice")), @r"
        [alice]
        **person alice** — Alice Chen

        Engineering manager · alice@example.com  
        Teams: platform (lead)  
        Meetings: platform-weekly — 45m a week (budget 10h)  
        Owns meetings: platform-weekly  

        ---

        Alice runs the platform team.
        ");
    }

    #[test]
    fn team_summary_names_its_links() {
        insta::assert_snapshot!(hover(&ORG.replace("team platform", "team plat$0form")), @r"
        [platform]
        **team platform** — Platform

        3 people  
        Lead: alice  
        Members: bob, carol  
        Model: service-provider — A team that other teams depend on to reach their own goals.  
        Linked to: marketing (liaison dave; meeting platform-weekly)  
        Meetings: platform-weekly  
        Owns tasks: api-v2
        ");
    }

    #[test]
    fn meeting_summary_says_who_brought_whom() {
        insta::assert_snapshot!(hover(&ORG.replace("meeting platform-weekly", "meeting platform-week$0ly")), @r"
        [platform-weekly]
        **meeting platform-weekly**

        weekly · 45m · decision · owner alice  
        4 attendees (a decision meeting: at most 8)  
        - alice, bob, carol — via team platform  
        - dave — liaison from marketing  
        Costs each attendee 45m a week
        ");
    }

    #[test]
    fn a_reference_shows_its_target() {
        let h = hover(&ORG.replace("depends-on api-v2", "depends-on api$0-v2"));
        assert!(
            h.starts_with("[api-v2]\n**task api-v2** — Launch API v2"),
            "{h}"
        );
        assert!(h.contains("Blocks: post"), "{h}");
        let h = hover(&ORG.replace(
            "task api-v2",
            "## The launch everyone waits for.\ntask api$0-v2",
        ));
        for want in [
            "owner platform · due 2026-12-01",
            "Teams: platform",
            "Blocks: post",
            "The launch everyone waits for.",
        ] {
            assert!(h.contains(want), "missing {want:?} in {h}");
        }
        let h = hover("task t { owner nob$0ody }");
        assert!(
            h.starts_with("[nobody]\n**error undefined-reference**"),
            "{h}"
        );
        assert!(h.contains("`coord explain undefined-reference`"), "{h}");
        assert!(h.contains("not defined anywhere"), "{h}");
    }

    #[test]
    fn a_finding_under_the_cursor_comes_first_with_its_rule_code() {
        let h = hover("person alice\nteam t { lead alice }\ntask sh$0ip { due 2026-12-01 }\n");
        let first_line = h.lines().nth(1).unwrap();
        assert!(first_line.starts_with("**error unowned-task**: "), "{h}");
        assert!(h.contains("`coord explain unowned-task`"), "{h}");
        assert!(h.contains("**task ship**"), "{h}");
    }

    #[test]
    fn keywords_keys_values_and_rule_codes_are_explained() {
        let h = hover("lia$0ison dave { from a  to b }");
        assert!(h.starts_with("[liaison]\n**liaison** — "), "{h}");
        let h = hover("team t { le$0ad zoe }");
        assert!(h.starts_with("[lead]\n`lead "), "{h}");
        assert!(h.contains("a field of every team"), "{h}");
        let h = hover("meeting m { cadence wee$0kly }");
        assert!(h.contains("**weekly** — a value of `cadence`"), "{h}");
        let h = hover("team t { lead zoe  allow empty-t$0eam }\nperson zoe");
        assert!(
            h.contains("**empty-team** — a rule, warning by default"),
            "{h}"
        );
        let h = hover("team t { lead zoe  model tiger$0-team }\nperson zoe");
        let tiger = crate::reference::topic("tiger-team").unwrap();
        assert!(h.contains(&small_headings(tiger.body.trim_end())), "{h}");
        let h = hover("person p { allow orphan-pers$0on }");
        assert!(
            !h.contains("\n## "),
            "headings are bold lines in a hover: {h}"
        );
        assert!(h.contains("**What it checks**"), "{h}");
        assert_eq!(hover("person a \"Ti$0tle\""), "(no hover)");
    }

    #[test]
    fn a_meeting_shows_its_schedule_next_occurrence_and_clashes() {
        let h = hover(
            "person priya { tz \"Europe/Berlin\" }\nteam security { lead priya }\n\
             meeting s$0ync { owner priya  attendees security  cadence weekly  day wed  time 16:00  length 45m }\n\
             meeting review { owner priya  attendees priya  cadence weekly  day wed  time 16:30 }\n",
        );
        assert!(
            h.contains("Meets weekly on Wed at 16:00 Europe/Berlin, 45m (the owner's zone)"),
            "{h}"
        );
        assert!(
            h.contains("Next: Wed 16:00 2026-11-25 Europe/Berlin"),
            "{h}"
        );
        assert!(
            h.contains(
                "Clashes with `review` for priya (13 times in the 13 weeks from 2026-11-16)"
            ),
            "{h}"
        );
        // A meeting without a schedule shows none.
        let h = hover("person p\nmeeting m$0 { owner p  cadence weekly }\n");
        assert!(!h.contains("Meets "), "{h}");
    }
}
