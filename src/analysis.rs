//! The check: build the model, run every enabled rule, apply levels and `allow`, sort.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::schedule::Schedules;
use crate::model::{Entries, Model};
use crate::rules::{self, Context, LazySchedules};
use crate::syntax::{Date, Span};
use crate::workspace::{FileId, Workspace};
use std::sync::OnceLock;

pub(crate) mod moved;
mod update;
use moved::Moved;

/// Today's date in UTC from the system clock (see [`crate::date`]).
pub use crate::date::today;

pub struct Analysis {
    pub(crate) model: Model,
    /// Meeting occurrences over the horizon from today's week, with clashes and
    /// out-of-hours meetings.
    pub(crate) schedules: Schedules,
    /// Sorted by file, then position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The date it was checked on.
    pub(crate) today: Date,
    /// Where each file's entries are in the model's lists, once an edit was followed (`None`
    /// inside when the lists are not in file order: then every entry is visited).
    pub(crate) by_file: Option<Option<Vec<Entries>>>,
    /// For each diagnostic, the rule that found it (its index in [`rules::ALL`]).
    pub(crate) rule_of: Vec<u8>,
    /// What an `allow` silenced, with the rule that found it: with `diagnostics`, everything
    /// each rule found, for [`Analysis::update`] to keep.
    pub(crate) allowed: Vec<(u8, Diagnostic)>,
    /// For each file, whether `allow` is written in it, once known.
    may_allow: Vec<Option<bool>>,
    /// What the last update dropped (findings of rules that ran again), not freed yet.
    discarded: Vec<Diagnostic>,
}

/// Checks a workspace. `today` is the date `overdue-task` compares with.
pub fn analyze(ws: &Workspace, config: &Config, today: Date) -> Analysis {
    let model = Model::build(ws);
    let schedules = OnceLock::new();
    let cx = Context {
        ws,
        model: &model,
        schedules: LazySchedules::new(&schedules, &model, config, today),
        config,
        today,
        files: None,
        tasks: None,
    };
    let (per_rule, may_allow) = run_rules(&cx, None);
    let may_allow: Vec<Option<bool>> = match may_allow {
        Some(found) => found.into_iter().map(Some).collect(),
        None => vec![None; ws.files.len()],
    };
    // Computed during the rules unless no enabled rule read them.
    let schedules = match schedules.into_inner() {
        Some(s) => s,
        None => rules::schedules_for(&model, config, today),
    };
    let mut analysis = Analysis {
        model,
        schedules,
        diagnostics: Vec::new(),
        today,
        by_file: None,
        rule_of: Vec::new(),
        allowed: Vec::new(),
        may_allow,
        discarded: Vec::new(),
    };
    analysis.settle(ws, per_rule);
    analysis
}

impl Analysis {
    /// Files what each rule found (`per_rule`, in the rules' order): silenced by an `allow`,
    /// or a diagnostic, sorted. Merged with the diagnostics already there, which are sorted
    /// and were found by other rules, or in other files (see [`Analysis::update`]).
    fn settle(&mut self, ws: &Workspace, per_rule: Vec<Vec<Diagnostic>>) {
        // Only a file with `allow` written in it can silence a finding: most files are ruled
        // out by one search of their text instead of a look-up per finding (done during the
        // rules on a large plan; here, for the files with findings only, on a small one).
        let may_allow = &mut self.may_allow;
        let mut found: Vec<(u8, Diagnostic)> =
            Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
        let allowed_before = self.allowed.len();
        for (rule, list) in per_rule.into_iter().enumerate() {
            for d in list {
                let file = d.location.file;
                let written =
                    *may_allow[file.index()].get_or_insert_with(|| may_allow_in(ws, file));
                if written && allowed(ws, &d) {
                    self.allowed.push((rule as u8, d));
                } else {
                    found.push((rule as u8, d));
                }
            }
        }
        // What an `allow` silenced, by rule and place (the order does not depend on what was
        // kept and what found again).
        if self.allowed.len() > allowed_before {
            self.allowed
                .sort_by(|(r, a), (q, b)| (r, key(a)).cmp(&(q, key(b))));
        }
        found.sort_by(|(_, a), (_, b)| key(a).cmp(&key(b)));
        if self.diagnostics.is_empty() {
            (self.rule_of, self.diagnostics) = found.into_iter().unzip();
            return;
        }
        // Both sorted: merged in one pass. Equal places and codes come from one rule, and so
        // from one side.
        let had = self.diagnostics.len();
        let mut rule_of = Vec::with_capacity(had + found.len());
        let mut diagnostics = Vec::with_capacity(had + found.len());
        let mut old = std::mem::take(&mut self.rule_of)
            .into_iter()
            .zip(std::mem::take(&mut self.diagnostics))
            .peekable();
        let mut new = found.into_iter().peekable();
        loop {
            let take_old = match (old.peek(), new.peek()) {
                (Some((r, a)), Some((q, b))) => (key(a), r) <= (key(b), q),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let (r, d) = if take_old { old.next() } else { new.next() }.expect("peeked");
            rule_of.push(r);
            diagnostics.push(d);
        }
        (self.rule_of, self.diagnostics) = (rule_of, diagnostics);
    }

    /// What the last [`Analysis::update`] dropped: the findings of the rules that ran again,
    /// kept for the caller to free when it suits it (a language server, after publishing).
    pub(crate) fn take_discarded(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.discarded)
    }

    /// Follows edits that changed nothing a finding depends on (see [`moved`]): moves every
    /// span in the files of `moves` (`moves[file]`, `None` for files that did not change)
    /// with its text. Returns false, changing nothing, when some span's new place is not
    /// certain (then analyse again).
    pub(crate) fn follow(&mut self, moves: &[Option<Moved>]) -> bool {
        let moved = |file: FileId, span: Span| -> Option<Option<Span>> {
            let m = moves.get(file.index())?.as_ref()?;
            Some(m.span(span))
        };
        // One pass moves every span it can, keeping the old places of the files that moved
        // (in the order visited); when some span cannot move, a second pass, visiting in the
        // same order, puts them back: a half-moved analysis is never left behind.
        // Only the model's entries of the files that moved (found once per analysis).
        let files = moves.len();
        let model = &self.model;
        let by_file = self
            .by_file
            .get_or_insert_with(|| model.entries_by_file(files));
        let parts: Vec<Entries> = match by_file {
            Some(by_file) if by_file.len() == files => moves
                .iter()
                .zip(by_file.iter())
                .filter(|(m, _)| m.is_some())
                .map(|(_, part)| part.clone())
                .collect(),
            _ => vec![self.model.all_entries()],
        };
        let mut certain = true;
        let mut old_places = Vec::new();
        self.for_each_span(&parts, |file, span| {
            if let Some(to) = moved(file, *span) {
                old_places.push(*span);
                match to {
                    Some(to) => *span = to,
                    None => certain = false,
                }
            }
        });
        if !certain {
            let mut old_places = old_places.into_iter();
            self.for_each_span(&parts, |file, span| {
                if moves.get(file.index()).is_some_and(Option::is_some) {
                    *span = old_places
                        .next()
                        .expect("the same spans, in the same order");
                }
            });
        }
        certain
    }

    /// The spans of the model's entries `parts` and every span of the diagnostics, with
    /// their files.
    fn for_each_span(&mut self, parts: &[Entries], mut f: impl FnMut(FileId, &mut Span)) {
        self.model.for_each_span_in(parts, &mut f);
        let allowed = self.allowed.iter_mut().map(|(_, d)| d);
        for d in self.diagnostics.iter_mut().chain(allowed) {
            f(d.location.file, &mut d.location.span);
            for l in &mut d.labels {
                f(l.location.file, &mut l.location.span);
            }
            for fix in &mut d.fixes {
                for e in &mut fix.edits {
                    f(e.file, &mut e.span);
                }
            }
        }
    }
}

/// Where a diagnostic goes in the sorted list: by file, then place, then code.
fn key(d: &Diagnostic) -> (FileId, usize, usize, &'static str) {
    (
        d.location.file,
        d.location.span.start(),
        d.location.span.end(),
        d.code,
    )
}

/// Whether `allow` is written anywhere in `file` (only then can a finding there be allowed).
fn may_allow_in(ws: &Workspace, file: FileId) -> bool {
    ws.file(file).text.contains("allow")
}

/// What the rules found (in the rules' order) and, when the rules ran on several threads, for
/// each file whether `allow` is written in it.
type Found = (Vec<Vec<Diagnostic>>, Option<Vec<bool>>);

/// Runs every enabled rule, on all cores: rules are independent, so each thread takes the next
/// rule not yet taken. Results are kept in the rules' order, so the output does not depend on
/// which thread ran what. The search of the files for `allow` is one more job among them.
fn run_rules(cx: &Context, only: Option<&[Run]>) -> Found {
    let threads = crate::cores::available().min(4);
    // Small plans are checked faster than threads start.
    let small = cx.model.symbols.len() < 5_000;
    run_rules_on(cx, if small { 1 } else { threads }, only)
}

/// The rules that take longest on a large plan (measured at 100,000 tasks), longest first.
const SLOW_RULES: [&str; 3] = [
    "undefined-reference",
    "blocking-fan-out",
    "meeting-outside-hours",
];

/// How a rule runs when an analysis is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run<'a> {
    /// Not at all: what it found holds.
    Skip,
    /// On the files `Context::files` marks (a rule that finds file by file).
    Changed,
    /// On the tasks marked (a rule that finds task by task).
    Tasks(&'a [bool]),
    /// On every file.
    All,
}

/// Runs every rule, or those `only` says to run, as it says (`cx.files` marks the files for
/// [`Run::Changed`]), on `threads` threads; with `only`, `allow` is not searched for.
fn run_rules_on(cx: &Context, threads: usize, only: Option<&[Run]>) -> Found {
    let chosen = |i: usize| only.is_none_or(|only| only[i] != Run::Skip);
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let run = |i: usize| -> Vec<Diagnostic> {
        let rule = rules::ALL[i];
        let Some(severity) = cx.config.severity(rule.code, rule.default_severity) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mode = only.map_or(Run::All, |only| only[i]);
        let part = Context {
            files: cx.files.filter(|_| mode == Run::Changed),
            tasks: match mode {
                Run::Tasks(tasks) => Some(tasks),
                _ => None,
            },
            ..*cx
        };
        (rule.check)(&part, &mut found);
        for d in &mut found {
            d.severity = severity;
        }
        found
    };
    if threads < 2 {
        let found = (0..rules::ALL.len())
            .map(|i| if chosen(i) { run(i) } else { Vec::new() })
            .collect();
        return (found, None);
    }
    // The rules that take longest on a large plan start first, so that no thread is left
    // with a long rule when the others are done. First of all, one thread computes the
    // schedules while the others start on rules that do not need them; the search for
    // `allow`, short, comes last.
    let mut order: Vec<Job> = (0..rules::ALL.len())
        .filter(|&i| chosen(i))
        .map(Job::Rule)
        .collect();
    order.sort_by_key(|&job| {
        SLOW_RULES
            .iter()
            .position(|&code| matches!(job, Job::Rule(i) if rules::ALL[i].code == code))
            .unwrap_or(SLOW_RULES.len())
    });
    order.insert(0, Job::Schedules);
    if only.is_none() {
        order.push(Job::Allows);
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Vec<Diagnostic>>> = Mutex::new(vec![Vec::new(); rules::ALL.len()]);
    let allows: Mutex<Vec<bool>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(&job) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match job {
                        Job::Schedules => {
                            let _ = &*cx.schedules;
                        }
                        Job::Allows => {
                            let found = (0..cx.ws.files.len())
                                .map(|f| may_allow_in(cx.ws, FileId(f as u32)))
                                .collect();
                            *allows.lock().unwrap_or_else(|e| e.into_inner()) = found;
                        }
                        Job::Rule(i) => {
                            let found = run(i);
                            results.lock().unwrap_or_else(|e| e.into_inner())[i] = found;
                        }
                    }
                }
            });
        }
    });
    (
        results.into_inner().unwrap_or_else(|e| e.into_inner()),
        only.is_none()
            .then(|| allows.into_inner().unwrap_or_else(|e| e.into_inner())),
    )
}

/// One piece of the work [`run_rules_on`] shares among its threads.
#[derive(Clone, Copy)]
enum Job {
    /// Computes the schedules (which several rules read).
    Schedules,
    /// Searches every file for `allow`.
    Allows,
    /// Runs the rule `rules::ALL[i]`.
    Rule(usize),
}

/// Whether the item around the diagnostic says `allow CODE`.
fn allowed(ws: &Workspace, d: &Diagnostic) -> bool {
    let syntax = &ws.file(d.location.file).syntax;
    syntax
        .item_at(d.location.span.start())
        .is_some_and(|item| item.allows(syntax, d.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_on_several_threads_find_the_same_as_on_one() {
        let sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 6_000,
            files: 3,
            seed: 7,
        });
        let ws = Workspace::from_texts(sources);
        let model = Model::build(&ws);
        let config = Config::default();
        let today = crate::date::from_days_since_epoch(20_779);
        let schedules = OnceLock::new();
        let cx = Context {
            ws: &ws,
            model: &model,
            schedules: LazySchedules::new(&schedules, &model, &config, today),
            config: &config,
            today,
            files: None,
            tasks: None,
        };
        let one = run_rules_on(&cx, 1, None);
        assert!(
            one.0.iter().map(Vec::len).sum::<usize>() > 100,
            "the synthetic plan has findings"
        );
        let two = run_rules_on(&cx, 2, None);
        assert_eq!(two.0, one.0);
        assert_eq!(run_rules_on(&cx, 4, None).0, one.0);
        let allows = two.1.expect("searched on the rules' threads");
        let searched: Vec<bool> = ws.files.iter().map(|f| f.text.contains("allow")).collect();
        assert_eq!(allows, searched);
    }
}
