//! What an edit of a file changed, for updating an analysis instead of redoing it: [`Shift`],
//! where the places of a file's old text are in its new text, and [`Facts`], which of the
//! model's lists an edit changed (the rules say which they read).

use crate::syntax::{SourceFile, Span};

pub(crate) use super::lower::edit::{same_definitions, ChangedFile, Relowered};

/// A set of the model's lists, by what they hold. A rule names the lists it reads, directly
/// or through the facts derived from them (see [`Facts::ORG`]); when an edit changed none of
/// them, the rule finds what it found before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts(u32);

impl Facts {
    pub const NONE: Facts = Facts(0);
    pub const PEOPLE: Facts = Facts(1 << 0);
    pub const TEAMS: Facts = Facts(1 << 1);
    pub const MEETINGS: Facts = Facts(1 << 2);
    /// The task items as written (their fields, for a rule that reads them from the text).
    pub const TASKS: Facts = Facts(1 << 3);
    pub const LIAISONS: Facts = Facts(1 << 4);
    pub const EMBEDS: Facts = Facts(1 << 5);
    pub const ROTATIONS: Facts = Facts(1 << 6);
    pub const GROUPS: Facts = Facts(1 << 7);
    /// The names written in fields, resolved or not.
    pub const REFERENCES: Facts = Facts(1 << 8);
    /// Fields and values an item's kind does not take, and the `allow` fields.
    pub const FIELD_PROBLEMS: Facts = Facts(1 << 9);
    /// Later definitions of a name already defined.
    pub const DUPLICATES: Facts = Facts(1 << 10);
    /// The files' texts and syntax as such (the syntax errors): changed by every edit.
    pub const SYNTAX: Facts = Facts(1 << 11);
    /// The tasks' owners.
    pub const TASK_OWNERS: Facts = Facts(1 << 12);
    /// The tasks' `depends-on`.
    pub const TASK_DEPENDENCIES: Facts = Facts(1 << 13);
    /// The tasks' `start`, `due` and `status`.
    pub const TASK_DATES: Facts = Facts(1 << 14);
    /// What only the schedules read of a meeting: its owner (the zone of a meeting without
    /// `tz`), and whether a value its schedule depends on is invalid (as an owner that is not
    /// defined is).
    pub const MEETING_SCHEDULING: Facts = Facts(1 << 15);
    /// The meeting items as written (their fields, for a rule that reads them from the text).
    pub const MEETING_ITEMS: Facts = Facts(1 << 16);
    /// Everything the model holds about tasks.
    pub const TASK_ENTRIES: Facts =
        Facts(Facts::TASK_OWNERS.0 | Facts::TASK_DEPENDENCIES.0 | Facts::TASK_DATES.0);
    /// The organisation: everything but the tasks. Who is in which team, who attends which
    /// meeting, each person's meeting time, the links between teams and the schedules are
    /// derived from all of it, so a rule that reads any of those reads this.
    pub const ORG: Facts = Facts(
        Facts::PEOPLE.0
            | Facts::TEAMS.0
            | Facts::MEETINGS.0
            | Facts::LIAISONS.0
            | Facts::EMBEDS.0
            | Facts::ROTATIONS.0
            | Facts::GROUPS.0,
    );

    /// What the schedules are computed from: the organisation and the meetings' scheduling.
    pub const SCHEDULES: Facts = Facts(Facts::ORG.0 | Facts::MEETING_SCHEDULING.0);

    pub const fn union(self, other: Facts) -> Facts {
        Facts(self.0 | other.0)
    }
    pub fn intersects(self, other: Facts) -> bool {
        self.0 & other.0 != 0
    }
    pub fn insert(&mut self, other: Facts) {
        self.0 |= other.0;
    }

    /// What an item of `kind` is, as written: the list it is lowered into (the items of tasks
    /// and meetings have facts of their own for their text).
    pub fn of_item(kind: crate::syntax::ItemKind) -> Facts {
        use crate::syntax::ItemKind::*;
        match kind {
            Person => Facts::PEOPLE,
            Team => Facts::TEAMS,
            Meeting => Facts::MEETING_ITEMS,
            Task => Facts::TASKS,
            Liaison => Facts::LIAISONS,
            Embedded => Facts::EMBEDS,
            Rotation => Facts::ROTATIONS,
            CentralizedLiaison => Facts::GROUPS,
        }
    }
}

impl super::Model {
    /// Brings the model up to date with `ws` after the `changed` files changed, lowering only
    /// them again, and returns what changed; `None`, leaving the model as it was, when
    /// a changed file defines other names or items than before (see
    /// [`super::lower::edit::relower`]). `by_file` is where each file's entries are, kept up
    /// to date.
    pub(crate) fn relower(
        &mut self,
        ws: &crate::workspace::Workspace,
        changed: &[ChangedFile],
        by_file: &mut [super::Entries],
    ) -> Option<Relowered> {
        super::lower::edit::relower(self, ws, changed, by_file)
    }
}

/// Where the places of a file's old text are in its new text: the texts share a start and an
/// end, and differ in between (`start..old_end` in the old text, `start..new_end` in the new).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Shift {
    pub fn between(old: &str, new: &str) -> Shift {
        let (o, n) = (old.as_bytes(), new.as_bytes());
        let start = common_prefix(o, n);
        let suffix = common_suffix(o, n, o.len().min(n.len()) - start);
        Shift {
            start,
            old_end: o.len() - suffix,
            new_end: n.len() - suffix,
        }
    }

    /// Where `span` of the old text is in the new one: the same before the change, moved by the
    /// change's length after it; `None` when it reaches or touches the changed bytes (then
    /// what it covers may have changed).
    pub fn span(&self, span: Span) -> Option<Span> {
        if span.end() < self.start {
            Some(span)
        } else if span.start() > self.old_end {
            Some(Span::new(
                span.start() - self.old_end + self.new_end,
                span.end() - self.old_end + self.new_end,
            ))
        } else {
            None
        }
    }

    /// Whether the old text's bytes `start..end` reach or touch the changed ones.
    pub fn touches(&self, start: usize, end: usize) -> bool {
        end >= self.start && start <= self.old_end
    }

    /// Whether the span of the old text lies in an item the change did not touch in `old`
    /// (the file's old syntax), or outside every item and away from the change: only then is
    /// everything read from the text around it (an item's layout, for a fix) the same.
    pub fn leaves_item_alone(&self, old: &SourceFile, span: Span) -> bool {
        if self.touches(span.start(), span.end()) {
            return false;
        }
        match old.item_at(span.start()) {
            Some(item) => !self.touches(item.span.start(), item.span.end()),
            None => true,
        }
    }

    /// Which lists the items the change touched (in the old syntax or the new) are lowered
    /// into.
    pub fn touched_items(&self, old: &SourceFile, new: &SourceFile) -> Facts {
        let mut facts = Facts::NONE;
        for i in 0..old.items.len().max(new.items.len()) {
            if self.touches_item(old, new, i) {
                for item in old.items.get(i).into_iter().chain(new.items.get(i)) {
                    facts.insert(Facts::of_item(item.kind));
                }
            }
        }
        facts
    }

    /// Whether the change touched item `i` as it was (in `old`, the old syntax) or as it is
    /// (in `new`).
    pub fn touches_item(&self, old: &SourceFile, new: &SourceFile, i: usize) -> bool {
        old.items
            .get(i)
            .is_some_and(|it| self.touches(it.span.start(), it.span.end()))
            || new
                .items
                .get(i)
                .is_some_and(|it| it.span.end() >= self.start && it.span.start() <= self.new_end)
    }
}

/// The length of the longest common prefix of two byte strings.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    const PAGE: usize = 4096;
    while i + PAGE <= n && a[i..i + PAGE] == b[i..i + PAGE] {
        i += PAGE;
    }
    const CHUNK: usize = 64;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// The length of the longest common suffix of two byte strings, at most `max`.
pub(crate) fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    const CHUNK: usize = 64;
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    const PAGE: usize = 4096;
    while i + PAGE <= max && a[la - i - PAGE..la - i] == b[lb - i - PAGE..lb - i] {
        i += PAGE;
    }
    while i + CHUNK <= max && a[la - i - CHUNK..la - i] == b[lb - i - CHUNK..lb - i] {
        i += CHUNK;
    }
    while i < max && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_before_the_change_stay_those_after_it_move_and_those_touching_it_are_unknown() {
        let s = Shift::between("task a { owner ann }", "task a { owner annie }");
        assert_eq!((s.start, s.old_end, s.new_end), (18, 18, 20));
        assert_eq!(s.span(Span::new(5, 6)), Some(Span::new(5, 6)));
        // `ann` ends where the change is: what it covers changed.
        assert_eq!(s.span(Span::new(15, 18)), None);
        assert_eq!(s.span(Span::new(19, 20)), Some(Span::new(21, 22)));
        let same = Shift::between("abc", "abc");
        assert_eq!(same.span(Span::new(0, 1)), Some(Span::new(0, 1)));
    }
}
