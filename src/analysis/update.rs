//! Updating an analysis after an edit instead of redoing it: the changed files are lowered
//! again (when they define the same names in the same items), and only the rules that read a
//! list the edit changed run again; every other rule's findings are kept, moved with the text.
//! What it gives is exactly what a new analysis gives (tested in `host.rs` against one).

use super::{run_rules, Analysis, Run};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::edit::{ChangedFile, Facts};
use crate::rules::{self, Context, LazySchedules};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};
use std::sync::OnceLock;

impl Analysis {
    /// Makes this analysis — of the same files before the `changed` ones changed, with the
    /// same configuration and date — the analysis of `ws`. Returns false, changing nothing,
    /// when the model cannot be updated in place (a changed file defines other names or
    /// items): then analyse again.
    pub(crate) fn update(
        &mut self,
        ws: &Workspace,
        config: &Config,
        changed: &[ChangedFile],
    ) -> bool {
        let files = ws.files.len();
        let mut by_file = match self.by_file.take() {
            Some(Some(b)) => b,
            Some(None) => return false,
            None => match self.model.entries_by_file(files) {
                Some(b) => b,
                None => {
                    self.by_file = Some(None);
                    return false;
                }
            },
        };
        let Some(facts) = self.model.relower(ws, changed, &mut by_file) else {
            self.by_file = Some(Some(by_file));
            return false;
        };
        self.by_file = Some(Some(by_file));

        // Each rule's findings, kept when the rule reads nothing the edit changed and every
        // place they name moves with the text; a rule that finds file by file runs again on
        // the changed files only, keeping what it found in the others; the other rules run
        // again.
        let mut changed_files = vec![false; files];
        let mut edited: Vec<Option<&ChangedFile>> = vec![None; files];
        for c in changed {
            edited[c.file] = Some(c);
            changed_files[c.file] = true;
        }
        let mut run: Vec<Run> = rules::ALL
            .iter()
            .map(|rule| match rule.reads.intersects(facts) {
                false => Run::Skip,
                true if rule.by_file => Run::Changed,
                true => Run::All,
            })
            .collect();
        let mut per_rule: Vec<Vec<Diagnostic>> = vec![Vec::new(); rules::ALL.len()];
        let found = std::mem::take(&mut self.rule_of)
            .into_iter()
            .zip(std::mem::take(&mut self.diagnostics))
            .chain(std::mem::take(&mut self.allowed));
        for (rule, mut d) in found {
            let rule = rule as usize;
            let keep = match run[rule] {
                Run::All => false,
                Run::Changed => !changed_files[d.location.file.index()],
                Run::Skip => true,
            };
            if !keep {
                continue;
            }
            if move_with_text(&mut d, &edited) {
                per_rule[rule].push(d);
            } else {
                run[rule] = Run::All;
                per_rule[rule].clear();
            }
        }
        for c in changed {
            self.may_allow[c.file] = None;
        }

        let schedules = OnceLock::new();
        if !facts.intersects(Facts::ORG) {
            let _ = schedules.set(std::mem::take(&mut self.schedules));
        }
        let today = self.today;
        let cx = Context {
            ws,
            model: &self.model,
            schedules: LazySchedules::new(&schedules, &self.model, config, today),
            config,
            today,
            files: Some(&changed_files),
        };
        let (found, _) = run_rules(&cx, Some(&run));
        for (i, found) in found.into_iter().enumerate() {
            match run[i] {
                Run::Skip => {}
                Run::Changed => per_rule[i].extend(found),
                Run::All => per_rule[i] = found,
            }
        }
        self.schedules = match schedules.into_inner() {
            Some(s) => s,
            None => rules::schedules_for(&self.model, config, today),
        };
        self.settle(ws, per_rule);
        true
    }
}

/// Moves every place `d` names in an edited file with the text; false when some place is not
/// certain (the edit touched it, or the item it is in, whose layout a fix may have read).
fn move_with_text(d: &mut Diagnostic, edited: &[Option<&ChangedFile>]) -> bool {
    let mut certain = true;
    let mut move_span = |file: FileId, span: &mut Span| {
        let Some(Some(c)) = edited.get(file.index()) else {
            return;
        };
        match c
            .shift
            .leaves_item_alone(&c.before.syntax, *span)
            .then(|| c.shift.span(*span))
            .flatten()
        {
            Some(to) => *span = to,
            None => certain = false,
        }
    };
    move_span(d.location.file, &mut d.location.span);
    for l in &mut d.labels {
        move_span(l.location.file, &mut l.location.span);
    }
    for fix in &mut d.fixes {
        for e in &mut fix.edits {
            move_span(e.file, &mut e.span);
        }
    }
    certain
}
