//! Every span the model holds, visited with the file it is in: how an analysis follows an
//! edit that moved text without changing what it means (see `analysis::moved`).

use super::*;

impl Model {
    /// Calls `f` with every span the model holds and the file it is in. `f` may change the
    /// span (to move it with its text); the model is only consistent again when every span
    /// of a file has been moved the same way.
    pub fn for_each_span(&mut self, mut f: impl FnMut(FileId, &mut Span)) {
        let f = &mut f;
        fn loc(l: &mut Location, f: &mut impl FnMut(FileId, &mut Span)) {
            f(l.file, &mut l.span);
        }
        for s in &mut self.symbols {
            loc(&mut s.location, f);
        }
        for d in &mut self.duplicates {
            loc(&mut d.location, f);
        }
        for r in &mut self.references {
            loc(&mut r.location, f);
        }
        for p in &mut self.field_problems {
            loc(&mut p.location, f);
            if let Some((l, _)) = &mut p.label {
                loc(l, f);
            }
        }
        // The other spans are in the file of their item.
        let symbols = &self.symbols;
        let file_of = |s: SymbolId| symbols[s.index()].item.file;
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
        for p in &mut self.people {
            let file = file_of(p.symbol);
            if let Some(tz) = &mut p.tz {
                f(file, &mut tz.span);
            }
        }
        for t in &mut self.teams {
            let file = file_of(t.symbol);
            all(&mut t.leads, file, f);
            all(&mut t.members, file, f);
            opt(&mut t.parent, file, f);
            if let Some((_, span)) = &mut t.model {
                f(file, span);
            }
        }
        for (m, seats) in self.meetings.iter_mut().zip(&mut self.attendance) {
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
            for seat in seats {
                match &mut seat.via {
                    Via::Listed(span) | Via::Team(_, span) => f(file, span),
                    Via::Liaison(_) | Via::Embedded(_) | Via::Rotation(_) => {}
                }
            }
        }
        for t in &mut self.tasks {
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
        for l in &mut self.liaisons {
            let file = l.item.file;
            opt(&mut l.person, file, f);
            opt(&mut l.from, file, f);
            opt(&mut l.to, file, f);
            all(&mut l.attends, file, f);
            for (_, span) in &mut l.needs {
                f(file, span);
            }
        }
        for e in &mut self.embeds {
            let file = e.item.file;
            opt(&mut e.person, file, f);
            opt(&mut e.from, file, f);
            opt(&mut e.to, file, f);
        }
        for r in &mut self.rotations {
            let file = file_of(r.symbol);
            opt(&mut r.from, file, f);
            opt(&mut r.to, file, f);
            all(&mut r.roster, file, f);
        }
        for g in &mut self.groups {
            let file = file_of(g.symbol);
            all(&mut g.members, file, f);
            if let Some(m) = &mut g.meets {
                at(m, file, f);
            }
        }
    }
}
