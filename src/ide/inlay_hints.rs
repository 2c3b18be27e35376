//! Inlay hints: how many people attend a meeting (after its `attendees` list), and how many
//! people a team has (after its name).

use crate::analysis::Analysis;
use crate::model::{MeetingId, SymbolKind, TeamId};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (it follows the text before this offset).
    pub offset: usize,
    pub label: String,
    /// Markdown shown when hovering the hint.
    pub tooltip: Option<String>,
}

/// The hints of a file whose position lies within `range`.
pub fn inlay_hints(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    range: Span,
) -> Vec<InlayHint> {
    let model = &analysis.model;
    let mut out = Vec::new();
    for sym in model.symbols.iter().filter(|s| s.location.file == file) {
        match sym.kind {
            SymbolKind::Team => {
                let at = sym.location.span.end();
                if !range.touches(at) {
                    continue;
                }
                let n = model.team_people[TeamId(sym.index).index()].len();
                out.push(InlayHint {
                    offset: at,
                    label: format!("{n} {}", if n == 1 { "person" } else { "people" }),
                    tooltip: Some(format!(
                        "`{}` has {n} {} (leads and members)",
                        sym.name,
                        if n == 1 { "person" } else { "people" }
                    )),
                });
            }
            SymbolKind::Meeting => {
                let (syntax, item) = model.item(ws, sym.item);
                let Some(field) = item.field(syntax, "attendees") else {
                    continue;
                };
                let at = field
                    .values(syntax)
                    .last()
                    .map_or(field.key.span.end(), |v| v.span.end());
                if !range.touches(at) {
                    continue;
                }
                let seats = &model.attendance[MeetingId(sym.index).index()];
                let n = seats.len();
                out.push(InlayHint {
                    offset: at,
                    label: format!("{n} attending"),
                    tooltip: Some(format!(
                        "{n} {} attend `{}`: the attendees (a team counts its leads and members), its liaisons, people embedded in its teams and one seat per rotation",
                        if n == 1 { "seat" } else { "seats" },
                        sym.name
                    )),
                });
            }
            _ => {}
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}
