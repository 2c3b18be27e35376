//! Every span the model holds, visited with the file it is in: how an analysis follows an
//! edit that moved text without changing what it means (see `analysis::moved`).

use std::ops::Range;

use super::*;

/// Which entries of each of the model's lists to visit (each entry's spans are all in one
/// file: its item's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entries {
    pub(crate) symbols: Range<usize>,
    pub(crate) duplicates: Range<usize>,
    pub(crate) references: Range<usize>,
    pub(crate) people: Range<usize>,
    pub(crate) teams: Range<usize>,
    pub(crate) meetings: Range<usize>,
    pub(crate) tasks: Range<usize>,
    pub(crate) liaisons: Range<usize>,
    pub(crate) embeds: Range<usize>,
    pub(crate) rotations: Range<usize>,
    pub(crate) groups: Range<usize>,
}

/// For each file, where its entries are in a list sorted by file; `None` when the list is not
/// sorted by file.
fn by_file<T>(
    list: &[T],
    files: usize,
    file_of: impl Fn(&T) -> FileId,
) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::with_capacity(files);
    let mut start = 0;
    for f in 0..files {
        let mut end = start;
        while end < list.len() && file_of(&list[end]).index() == f {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    // Every entry was taken: the list is sorted by file.
    (start == list.len()).then_some(out)
}

impl Model {
    /// Every entry of every list.
    pub(crate) fn all_entries(&self) -> Entries {
        Entries {
            symbols: 0..self.symbols.len(),
            duplicates: 0..self.duplicates.len(),
            references: 0..self.references.len(),
            people: 0..self.people.len(),
            teams: 0..self.teams.len(),
            meetings: 0..self.meetings.len(),
            tasks: 0..self.tasks.len(),
            liaisons: 0..self.liaisons.len(),
            embeds: 0..self.embeds.len(),
            rotations: 0..self.rotations.len(),
            groups: 0..self.groups.len(),
        }
    }

    /// The entries of each of `files` files, when every list is in file order (as lowering
    /// makes them); `None` otherwise.
    pub(crate) fn entries_by_file(&self, files: usize) -> Option<Vec<Entries>> {
        let symbols = &self.symbols;
        let of = |s: SymbolId| symbols[s.index()].item.file;
        let s = by_file(&self.symbols, files, |s| s.location.file)?;
        let d = by_file(&self.duplicates, files, |d| d.location.file)?;
        let r = by_file(&self.references, files, |r| r.location.file)?;
        let p = by_file(&self.people, files, |p| of(p.symbol))?;
        let t = by_file(&self.teams, files, |t| of(t.symbol))?;
        let m = by_file(&self.meetings, files, |m| of(m.symbol))?;
        let k = by_file(&self.tasks, files, |t| of(t.symbol))?;
        let l = by_file(&self.liaisons, files, |l| l.item.file)?;
        let e = by_file(&self.embeds, files, |e| e.item.file)?;
        let o = by_file(&self.rotations, files, |r| of(r.symbol))?;
        let g = by_file(&self.groups, files, |g| of(g.symbol))?;
        Some(
            (0..files)
                .map(|f| Entries {
                    symbols: s[f].clone(),
                    duplicates: d[f].clone(),
                    references: r[f].clone(),
                    people: p[f].clone(),
                    teams: t[f].clone(),
                    meetings: m[f].clone(),
                    tasks: k[f].clone(),
                    liaisons: l[f].clone(),
                    embeds: e[f].clone(),
                    rotations: o[f].clone(),
                    groups: g[f].clone(),
                })
                .collect(),
        )
    }

    /// Calls `f` with every span the model holds and the file it is in. `f` may change the
    /// span (to move it with its text); the model is only consistent again when every span
    /// of a file has been moved the same way.
    #[cfg(test)]
    pub fn for_each_span(&mut self, f: impl FnMut(FileId, &mut Span)) {
        let all = self.all_entries();
        self.for_each_span_in(&[all], f);
    }

    /// [`Model::for_each_span`], over the entries of `parts` only (which must not overlap),
    /// and every field problem (whose labels may point into any file); always in the same
    /// order for the same arguments.
    pub(crate) fn for_each_span_in(
        &mut self,
        parts: &[Entries],
        mut f: impl FnMut(FileId, &mut Span),
    ) {
        let f = &mut f;
        fn loc(l: &mut Location, f: &mut impl FnMut(FileId, &mut Span)) {
            f(l.file, &mut l.span);
        }
        for p in &mut self.field_problems {
            loc(&mut p.location, f);
            if let Some((l, _)) = &mut p.label {
                loc(l, f);
            }
        }
        for part in parts {
            self.visit(part, f);
        }
    }

    fn visit(&mut self, part: &Entries, f: &mut impl FnMut(FileId, &mut Span)) {
        for s in &mut self.symbols[part.symbols.clone()] {
            f(s.location.file, &mut s.location.span);
        }
        for d in &mut self.duplicates[part.duplicates.clone()] {
            f(d.location.file, &mut d.location.span);
        }
        for r in &mut self.references[part.references.clone()] {
            f(r.location.file, &mut r.location.span);
        }
        // The other spans are in the file of their item.
        let symbols = &self.symbols;
        let meetings = part.meetings.clone();
        let lists = Lists {
            people: &mut self.people[part.people.clone()],
            teams: &mut self.teams[part.teams.clone()],
            meetings: &mut self.meetings[meetings.clone()],
            attendance: Some(&mut self.attendance[meetings]),
            tasks: &mut self.tasks[part.tasks.clone()],
            liaisons: &mut self.liaisons[part.liaisons.clone()],
            embeds: &mut self.embeds[part.embeds.clone()],
            rotations: &mut self.rotations[part.rotations.clone()],
            groups: &mut self.groups[part.groups.clone()],
        };
        lists.visit(&|s: SymbolId| symbols[s.index()].item.file, f);
    }
}

/// Entries of the kinds' lists, whose spans are all in the file of their item.
pub(crate) struct Lists<'a> {
    pub(crate) people: &'a mut [Person],
    pub(crate) teams: &'a mut [Team],
    pub(crate) meetings: &'a mut [Meeting],
    /// The meetings' seats, when visited with them.
    pub(crate) attendance: Option<&'a mut [Vec<Seat>]>,
    pub(crate) tasks: &'a mut [Task],
    pub(crate) liaisons: &'a mut [Liaison],
    pub(crate) embeds: &'a mut [Embed],
    pub(crate) rotations: &'a mut [Rotation],
    pub(crate) groups: &'a mut [Group],
}

impl Lists<'_> {
    /// Calls `f` with every span of these entries and its file (`file_of` gives the file of a
    /// symbol's item), always in the same order.
    pub(crate) fn visit(
        self,
        file_of: &dyn Fn(SymbolId) -> FileId,
        f: &mut impl FnMut(FileId, &mut Span),
    ) {
        fn at<T>(a: &mut At<T>, file: FileId, f: &mut impl FnMut(FileId, &mut Span)) {
            f(file, &mut a.span);
        }
        fn all<T>(v: &mut [At<T>], file: FileId, f: &mut impl FnMut(FileId, &mut Span)) {
            for a in v {
                f(file, &mut a.span);
            }
        }
        fn opt<T>(a: &mut Option<At<T>>, file: FileId, f: &mut impl FnMut(FileId, &mut Span)) {
            if let Some(a) = a {
                f(file, &mut a.span);
            }
        }
        for p in self.people.iter_mut() {
            let file = file_of(p.symbol);
            if let Some(tz) = &mut p.tz {
                f(file, &mut tz.span);
            }
        }
        for t in self.teams.iter_mut() {
            let file = file_of(t.symbol);
            all(&mut t.leads, file, f);
            all(&mut t.members, file, f);
            opt(&mut t.parent, file, f);
            if let Some((_, span)) = &mut t.model {
                f(file, span);
            }
        }
        let mut seats = self.attendance.map(|a| a.iter_mut());
        for m in self.meetings.iter_mut() {
            let file = file_of(m.symbol);
            opt(&mut m.owner, file, f);
            all(&mut m.attendees, file, f);
            if let Some((_, span)) = &mut m.days {
                f(file, span);
            }
            if let Some((_, span)) = &mut m.time {
                f(file, span);
            }
            if let Some(tz) = &mut m.tz {
                f(file, &mut tz.span);
            }
            if let Some((_, span)) = &mut m.starts {
                f(file, span);
            }
            for seat in seats
                .as_mut()
                .and_then(Iterator::next)
                .into_iter()
                .flatten()
            {
                match &mut seat.via {
                    Via::Listed(span) | Via::Team(_, span) => f(file, span),
                    Via::Liaison(_) | Via::Embedded(_) | Via::Rotation(_) => {}
                }
            }
        }
        for t in self.tasks.iter_mut() {
            let file = file_of(t.symbol);
            opt(&mut t.owner, file, f);
            if let Some((_, span)) = &mut t.due {
                f(file, span);
            }
            if let Some((_, span)) = &mut t.start {
                f(file, span);
            }
            all(&mut t.depends_on, file, f);
        }
        for l in self.liaisons.iter_mut() {
            let file = l.item.file;
            opt(&mut l.person, file, f);
            opt(&mut l.from, file, f);
            opt(&mut l.to, file, f);
            all(&mut l.attends, file, f);
            for (_, span) in &mut l.needs {
                f(file, span);
            }
        }
        for e in self.embeds.iter_mut() {
            let file = e.item.file;
            opt(&mut e.person, file, f);
            opt(&mut e.from, file, f);
            opt(&mut e.to, file, f);
        }
        for r in self.rotations.iter_mut() {
            let file = file_of(r.symbol);
            opt(&mut r.from, file, f);
            opt(&mut r.to, file, f);
            all(&mut r.roster, file, f);
        }
        for g in self.groups.iter_mut() {
            let file = file_of(g.symbol);
            all(&mut g.members, file, f);
            if let Some(m) = &mut g.meets {
                at(m, file, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span with its file, in the order visited.
    fn spans(model: &mut Model, parts: Option<&[Entries]>) -> Vec<(FileId, Span)> {
        let mut out = Vec::new();
        match parts {
            Some(parts) => model.for_each_span_in(parts, |f, s| out.push((f, *s))),
            None => model.for_each_span(|f, s| out.push((f, *s))),
        }
        out
    }

    #[test]
    fn the_entries_of_each_file_hold_exactly_the_spans_in_that_file() {
        let sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 2_000,
            files: 5,
            seed: 3,
        });
        let ws = Workspace::from_texts(sources);
        let mut model = Model::build(&ws);
        let by_file = model
            .entries_by_file(5)
            .expect("lowering keeps every list in file order");
        let mut all = spans(&mut model, None);
        let problems = model.field_problems.len();
        assert!(all.len() > 10_000);
        for (f, part) in by_file.iter().enumerate() {
            let here = spans(&mut model, Some(std::slice::from_ref(part)));
            // Past the field problems (visited every time), every span is in file `f`.
            let own: Vec<_> = here.iter().skip(problems).collect();
            assert!(own.iter().all(|(file, _)| file.index() == f), "file {f}");
            all.retain(|s| !own.contains(&s));
        }
        // What is left is the field problems'.
        assert!(
            all.len() <= problems * 2,
            "{} spans no file's entries hold",
            all.len()
        );
    }
}
