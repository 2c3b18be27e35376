//! Updating an analysis after an edit instead of redoing it: the changed files are lowered
//! again (when they define the same names in the same items), and only the rules that read a
//! list the edit changed run again; every other rule's findings are kept, moved with the text.
//! What it gives is exactly what a new analysis gives (tested in `host.rs` against one).

use super::{run_rules, Analysis, Run};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::edit::{ChangedFile, Facts, Relowered};
use crate::model::Model;
use crate::rules::{self, Context, Finds, LazySchedules, Reach};
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
        let Some(Relowered {
            facts,
            tasks: changed_tasks,
            meetings: changed_meetings,
        }) = self.model.relower(ws, changed, &mut by_file)
        else {
            self.by_file = Some(Some(by_file));
            return false;
        };

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
        // The tasks whose findings a rule that finds task by task may change, for each reach:
        // the changed tasks and those they reach, when only tasks changed (and not too many).
        let reach = |r: Reach| {
            if facts.intersects(Facts::ORG) {
                None
            } else {
                reached(&self.model, &changed_tasks, r)
            }
        };
        let (waiting, direct) = (reach(Reach::Waiting), reach(Reach::Direct));
        let mut run: Vec<Run> = rules::ALL
            .iter()
            .map(|rule| match (rule.reads.intersects(facts), rule.finds) {
                (false, _) => Run::Skip,
                (true, Finds::ByFile) => Run::Changed,
                (true, Finds::ByTask(r)) => {
                    let tasks = match r {
                        Reach::Waiting => waiting.as_deref(),
                        Reach::Direct => direct.as_deref(),
                    };
                    tasks.map_or(Run::All, Run::Tasks)
                }
                (true, Finds::Anywhere) => Run::All,
            })
            .collect();
        // Where the items of the tasks marked for each reach are (a finding of a rule that
        // finds task by task is in the item of the task it is about), sorted.
        let items_of = |tasks: Option<&[bool]>| -> Vec<(FileId, usize, usize)> {
            let mut items: Vec<(FileId, usize, usize)> = tasks
                .into_iter()
                .flat_map(|tasks| tasks.iter().enumerate().filter(|(_, m)| **m))
                .map(|(t, _)| {
                    let item = self.model.symbol(self.model.tasks[t].symbol).item;
                    let span = ws.file(item.file).syntax.items[item.index as usize].span;
                    (item.file, span.start(), span.end())
                })
                .collect();
            items.sort_unstable();
            items
        };
        let (waiting_items, direct_items) =
            (items_of(waiting.as_deref()), items_of(direct.as_deref()));
        // Whether the finding `d` of `rule` (which finds task by task) is about a task it
        // checks again: whether it is in one of their items.
        let in_marked = |rule: u8, d: &Diagnostic| -> bool {
            // A place the edit touched is in an item it touched: a task checked again.
            let Some(at) = moved(&edited, d.location.file, d.location.span) else {
                return true;
            };
            let items = match rules::ALL[rule as usize].finds {
                Finds::ByTask(Reach::Waiting) => &waiting_items,
                _ => &direct_items,
            };
            let key = (d.location.file, at.start(), usize::MAX);
            let k = items.partition_point(|item| *item <= key);
            k > 0 && {
                let (file, _, end) = items[k - 1];
                file == d.location.file && at.start() <= end
            }
        };
        // What is kept stays where it is (sorted, and allowed or not as before: a kept
        // finding is in an item the edit did not touch, whose `allow` it did not change). A
        // finding of a rule that finds task by task is kept when it is not about a task
        // checked again.
        let keeps = |run: &[Run], rule: u8, d: &Diagnostic| match run[rule as usize] {
            Run::All => false,
            Run::Changed => !changed_files[d.location.file.index()],
            Run::Tasks(_) => !in_marked(rule, d),
            Run::Skip => true,
        };
        let mut keep: Vec<bool> = self
            .rule_of
            .iter()
            .zip(&self.diagnostics)
            .map(|(&r, d)| keeps(&run, r, d))
            .collect();
        let mut keep_allowed: Vec<bool> = self
            .allowed
            .iter()
            .map(|(r, d)| keeps(&run, *r, d))
            .collect();
        // A rule with a finding to keep that does not move certainly runs whole.
        let mut whole = false;
        let found = self.rule_of.iter().zip(&self.diagnostics).zip(&keep);
        let allowed = self.allowed.iter().map(|(r, d)| (r, d)).zip(&keep_allowed);
        for ((&rule, d), &kept) in found.chain(allowed) {
            if kept && !moves_with_text(d, &edited) {
                run[rule as usize] = Run::All;
                whole = true;
            }
        }
        if whole {
            for (k, &rule) in keep.iter_mut().zip(&self.rule_of) {
                *k &= run[rule as usize] != Run::All;
            }
            for (k, (rule, _)) in keep_allowed.iter_mut().zip(&self.allowed) {
                *k &= run[*rule as usize] != Run::All;
            }
        }
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
        for ((r, mut d), kept) in std::mem::take(&mut self.allowed)
            .into_iter()
            .zip(keep_allowed)
        {
            if kept {
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
        let today = self.today;
        if !facts.intersects(Facts::SCHEDULES) {
            let _ = schedules.set(std::mem::take(&mut self.schedules));
        } else if !facts.intersects(Facts::ORG) {
            // Only some meetings' scheduling changed: only they are scheduled again.
            let mut kept = std::mem::take(&mut self.schedules);
            kept.reschedule(
                &self.model,
                config.timezone.as_deref(),
                today,
                &changed_meetings,
            );
            let _ = schedules.set(kept);
        }
        let cx = Context {
            ws,
            model: &self.model,
            schedules: LazySchedules::new(&schedules, &self.model, config, today),
            config,
            today,
            files: Some(&changed_files),
            tasks: None,
        };
        let (found, _) = run_rules(&cx, Some(&run));
        self.schedules = match schedules.into_inner() {
            Some(s) => s,
            None => rules::schedules_for(&self.model, config, today),
        };
        self.settle(ws, found);
        self.by_file = Some(Some(by_file));
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

/// The tasks `changed` and those they reach (see [`Reach`]), as a mark per task; `None` when
/// that is more than a tenth of the tasks (then checking them all costs little more).
fn reached(m: &Model, changed: &[u32], reach: Reach) -> Option<Vec<bool>> {
    let n = m.tasks.len();
    let limit = n / 10 + 16;
    let mut marked = vec![false; n];
    let mut count = 0;
    // Marks `t`; true when it was not marked yet.
    let mut mark = |t: u32| -> bool {
        let fresh = (t as usize) < n && !marked[t as usize];
        if fresh {
            marked[t as usize] = true;
            count += 1;
        }
        fresh && count <= limit
    };
    let edges = m.dependency_edges();
    let mut stack: Vec<u32> = changed.iter().copied().filter(|&t| mark(t)).collect();
    match reach {
        // What they wait on, directly or through others.
        Reach::Waiting => {
            while let Some(t) = stack.pop() {
                stack.extend(edges[t as usize].iter().copied().filter(|&d| mark(d)));
            }
        }
        // What they depend on and what depends on them, directly.
        Reach::Direct => {
            for t in std::mem::take(&mut stack) {
                for &d in &edges[t as usize] {
                    mark(d);
                }
                for d in &m.dependents[t as usize] {
                    mark(d.0);
                }
            }
        }
    }
    (count <= limit).then_some(marked)
}
