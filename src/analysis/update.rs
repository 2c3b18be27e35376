//! Updating an analysis after an edit instead of redoing it: the changed files are lowered
//! again (when they define the same names in the same items), and only the rules that read a
//! list the edit changed run again; every other rule's findings are kept, moved with the text.
//! What it gives is exactly what a new analysis gives (tested in `host.rs` against one).

use super::{run_rules, Analysis, Run};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::edit::Relowered;
use crate::model::edit::{ChangedFile, Facts};
use crate::model::Model;
use crate::rules::Finds;
use crate::rules::{self, Context, LazySchedules};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};
use std::collections::HashSet;
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
        let Some(Relowered {
            facts,
            tasks: changed_tasks,
        }) = self.model.relower(ws, changed, &mut by_file)
        else {
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
        // The tasks whose findings a rule that finds task by task may change: the changed ones
        // and those they wait on, when only tasks changed (and they are not too many).
        let waiting = if facts.intersects(Facts::ORG) {
            None
        } else {
            waited_on(&self.model, &changed_tasks)
        };
        let mut run: Vec<Run> = rules::ALL
            .iter()
            .map(|rule| match (rule.reads.intersects(facts), rule.finds) {
                (false, _) => Run::Skip,
                (true, Finds::ByFile) => Run::Changed,
                (true, Finds::ByWaitingTasks) if waiting.is_some() => Run::Tasks,
                (true, _) => Run::All,
            })
            .collect();
        // Where the findings about those tasks are: at their names.
        let at_waiting: HashSet<(FileId, usize)> = match &waiting {
            Some(waiting) => waiting
                .iter()
                .enumerate()
                .filter(|(_, w)| **w)
                .map(|(t, _)| {
                    let at = self.model.definition(self.model.tasks[t].symbol);
                    (at.file, at.span.start())
                })
                .collect(),
            None => HashSet::default(),
        };
        // What is kept stays where it is (sorted, and allowed or not as before: a kept
        // finding is in an item the edit did not touch, whose `allow` it did not change).
        let keeps = |run: &[Run], rule: u8, d: &Diagnostic| match run[rule as usize] {
            Run::All => false,
            Run::Changed => !changed_files[d.location.file.index()],
            // Not at a task checked again (a place that does not move makes the rule run
            // whole, below).
            Run::Tasks => moved(&edited, d.location.file, d.location.span)
                .is_none_or(|at| !at_waiting.contains(&(d.location.file, at.start()))),
            Run::Skip => true,
        };
        let allowed = self.allowed.iter().map(|(r, d)| (r, d));
        for (&rule, d) in self.rule_of.iter().zip(&self.diagnostics).chain(allowed) {
            if keeps(&run, rule, d) && !moves_with_text(d, &edited) {
                run[rule as usize] = Run::All;
            }
        }
        let keep: Vec<bool> = self
            .rule_of
            .iter()
            .zip(&self.diagnostics)
            .map(|(&r, d)| keeps(&run, r, d))
            .collect();
        // What is dropped is kept aside, to be freed later ([`Analysis::take_discarded`]).
        let mut discarded = Vec::with_capacity(keep.iter().filter(|k| !**k).count());
        let mut diagnostics = Vec::with_capacity(keep.len());
        for (d, kept) in std::mem::take(&mut self.diagnostics).into_iter().zip(&keep) {
            if *kept {
                diagnostics.push(d);
            } else {
                discarded.push(d);
            }
        }
        self.diagnostics = diagnostics;
        for d in &mut self.diagnostics {
            move_with_text(d, &edited);
        }
        let mut at = 0..;
        self.rule_of
            .retain(|_| keep[at.next().expect("one flag each")]);
        for (r, mut d) in std::mem::take(&mut self.allowed) {
            if keeps(&run, r, &d) {
                move_with_text(&mut d, &edited);
                self.allowed.push((r, d));
            } else {
                discarded.push(d);
            }
        }
        self.discarded = discarded;
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
            tasks: waiting.as_deref(),
        };
        let (found, _) = run_rules(&cx, Some(&run));
        self.schedules = match schedules.into_inner() {
            Some(s) => s,
            None => rules::schedules_for(&self.model, config, today),
        };
        self.settle(ws, found);
        true
    }
}

/// Where a place of `file` is after the edit, when certain: not where the edit touched it,
/// nor in an item it touched (whose layout a fix may have read).
fn moved(edited: &[Option<&ChangedFile>], file: FileId, span: Span) -> Option<Span> {
    match edited.get(file.index()) {
        Some(Some(c)) => c
            .shift
            .leaves_item_alone(&c.before.syntax, span)
            .then(|| c.shift.span(span))
            .flatten(),
        _ => Some(span),
    }
}

/// The places `d` names, with their files.
fn places(d: &Diagnostic) -> impl Iterator<Item = (FileId, Span)> + '_ {
    let labels = d.labels.iter().map(|l| (l.location.file, l.location.span));
    let edits = d
        .fixes
        .iter()
        .flat_map(|f| &f.edits)
        .map(|e| (e.file, e.span));
    std::iter::once((d.location.file, d.location.span))
        .chain(labels)
        .chain(edits)
}

/// Whether every place `d` names moves with the text, certainly.
fn moves_with_text(d: &Diagnostic, edited: &[Option<&ChangedFile>]) -> bool {
    places(d).all(|(file, span)| moved(edited, file, span).is_some())
}

/// Moves every place `d` names with the text (each certain: see [`moves_with_text`]).
fn move_with_text(d: &mut Diagnostic, edited: &[Option<&ChangedFile>]) {
    let place = |file: FileId, span: &mut Span| {
        if let Some(to) = moved(edited, file, *span) {
            *span = to;
        }
    };
    place(d.location.file, &mut d.location.span);
    for l in &mut d.labels {
        place(l.location.file, &mut l.location.span);
    }
    for fix in &mut d.fixes {
        for e in &mut fix.edits {
            place(e.file, &mut e.span);
        }
    }
}

/// The tasks `changed` and every task they wait on, directly or through others, as a mark per
/// task; `None` when that is more than a tenth of the tasks (then checking them all costs
/// little more).
fn waited_on(m: &Model, changed: &[u32]) -> Option<Vec<bool>> {
    let n = m.tasks.len();
    let mut marked = vec![false; n];
    let mut count = 0;
    let mut stack: Vec<u32> = Vec::new();
    let edges = m.dependency_edges();
    for &t in changed {
        if (t as usize) < n && !marked[t as usize] {
            marked[t as usize] = true;
            count += 1;
            stack.push(t);
        }
    }
    while let Some(t) = stack.pop() {
        for &d in &edges[t as usize] {
            if !marked[d as usize] {
                marked[d as usize] = true;
                count += 1;
                stack.push(d);
            }
        }
        if count > n / 10 + 16 {
            return None;
        }
    }
    Some(marked)
}
