//! Edits no finding depends on: whether a file's new text differs from its old one only in
//! plain comments, in item titles, or in spaces that keep its layout, and if so where each
//! place of the old text is in the new one — so an analysis of the old text can follow the
//! edit by moving its spans instead of running again.
//!
//! Why this is enough: the parser sees only each token's kind and whether a line break comes
//! before it; the tree takes the tokens' texts; the model and the rules read the tree (an
//! item's title only through `Model::title`, at request time), and the text around tokens
//! only for the layout of a fix (a line's indentation, whether a block spans lines, whether
//! the file ends with a line break). So when those are the same, every finding is the same,
//! each at its place moved with the text.
//!
//! A place (a span's start or end) at a token's start or end moves with that token; any other
//! place must be where the edit did not reach (the bytes on both sides of it stay side by
//! side); the end of the text only when the text's end did not change. Otherwise the place is
//! uncertain and the analysis runs again.
//!
//! Only the lines the edit touched are lexed again: a line break ends every token and comment,
//! so each line starts afresh, and the text before the first changed line and after the last
//! is the same in both.

use crate::model::edit::{common_prefix, common_suffix};
use crate::syntax::lexer::{self, Tok};
use crate::syntax::{SourceFile, Span, SyntaxError};
use crate::workspace::PlanFile;

/// Where each place of a file's old text is in its new text, for an edit that changed
/// nothing a finding depends on.
#[derive(Debug)]
pub struct Moved {
    /// Where the lexed window starts: a line start, the same in both texts.
    start: usize,
    /// Where the window ends in the old text (a line break, or the end).
    old_end: usize,
    /// Where it ends in the new text.
    new_end: usize,
    /// How many bytes the texts share at their start.
    prefix: usize,
    /// Where the bytes both texts share at their end start, in the old text.
    old_suffix: usize,
    old_len: usize,
    /// New length minus old length.
    delta: isize,
    /// The window's tokens: their spans in the old text and in the new one, and whether their
    /// texts are the same (a title's may differ).
    tokens: Vec<(Span, Span, bool)>,
}

/// One lexed window: each token's kind, span (in the window), whether a line break comes
/// before it; and the lexer's errors.
struct Window {
    tokens: Vec<(Tok, Span, bool)>,
    errors: Vec<SyntaxError>,
}

fn lex_window(text: &str) -> Window {
    let mut tokens = Vec::new();
    let mut comments = Vec::new();
    let mut errors = Vec::new();
    lexer::lex_into(text, &mut comments, &mut errors, |tok, span, line_break| {
        tokens.push((tok, span, line_break))
    });
    Window { tokens, errors }
}

/// Whether the string token at `span` (in the whole text) is the title of an item.
fn is_title(syntax: &SourceFile, span: Span) -> bool {
    let i = syntax
        .items
        .partition_point(|it| it.span.end() <= span.start());
    syntax
        .items
        .get(i)
        .and_then(|it| it.title_span)
        .is_some_and(|t| t == span)
}

/// The spaces before a token that is first on its line (from the line's start), in `text`.
fn indentation(text: &str, start: usize) -> &str {
    let line_start = text.as_bytes()[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    &text[line_start..start]
}

/// Whether two syntax errors say the same (wherever they are).
fn same_words(a: &SyntaxError, b: &SyntaxError) -> bool {
    a.message == b.message
        && a.help == b.help
        && a.label.as_ref().map(|l| &l.1) == b.label.as_ref().map(|l| &l.1)
}

impl Moved {
    /// How the old file's places move into the new one, when the new text differs only in
    /// what no finding depends on; `None` when it may differ in meaning.
    pub fn between(old: &PlanFile, new: &PlanFile) -> Option<Moved> {
        let (o, n) = (old.text.as_str(), new.text.as_str());
        let (ob, nb) = (o.as_bytes(), n.as_bytes());
        if o.ends_with('\n') != n.ends_with('\n') || o.is_empty() != n.is_empty() {
            return None;
        }
        if old.syntax.errors.len() != new.syntax.errors.len()
            || !old
                .syntax
                .errors
                .iter()
                .zip(&new.syntax.errors)
                .all(|(a, b)| same_words(a, b))
        {
            return None;
        }
        let prefix = common_prefix(ob, nb);
        let suffix = common_suffix(ob, nb, ob.len().min(nb.len()) - prefix);
        let old_suffix = ob.len() - suffix;
        let new_suffix = nb.len() - suffix;
        let start = ob[..prefix]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // The window ends at the first line break of the shared end, the same in both.
        let to_break = ob[old_suffix..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(ob.len() - old_suffix);
        let old_end = old_suffix + to_break;
        let new_end = new_suffix + to_break;
        let (ow, nw) = (&o[start..old_end], &n[start..new_end]);
        // A byte-order mark is skipped only at the very start of a text.
        if start > 0 && (ow.starts_with('\u{feff}') || nw.starts_with('\u{feff}')) {
            return None;
        }
        let (a, b) = (lex_window(ow), lex_window(nw));
        if a.tokens.len() != b.tokens.len()
            || a.errors.len() != b.errors.len()
            || !a
                .errors
                .iter()
                .zip(&b.errors)
                .all(|(x, y)| same_words(x, y))
        {
            return None;
        }
        let shift = |s: Span| Span::new(s.start() + start, s.end() + start);
        let mut tokens = Vec::with_capacity(a.tokens.len());
        for (i, (&(ta, sa, la), &(tb, sb, lb))) in a.tokens.iter().zip(&b.tokens).enumerate() {
            // The window starts a line (unless it starts the text): its first token is first
            // on its line.
            let (la, lb) = (la || (i == 0 && start > 0), lb || (i == 0 && start > 0));
            if ta != tb || la != lb {
                return None;
            }
            let (abs_a, abs_b) = (shift(sa), shift(sb));
            let same = ow[sa.start()..sa.end()] == nw[sb.start()..sb.end()];
            let titles =
                ta == Tok::Str && is_title(&old.syntax, abs_a) && is_title(&new.syntax, abs_b);
            if !(same || titles) {
                return None;
            }
            // The layout a fix copies: the indentation of a line's first token.
            if (la || i == 0) && indentation(ow, sa.start()) != indentation(nw, sb.start()) {
                return None;
            }
            tokens.push((abs_a, abs_b, same));
        }
        Some(Moved {
            start,
            old_end,
            new_end,
            prefix,
            old_suffix,
            old_len: ob.len(),
            delta: nb.len() as isize - ob.len() as isize,
            tokens,
        })
    }

    /// Where the old text's byte at `c` is in the new text, when that is certain.
    fn byte(&self, c: usize) -> Option<usize> {
        if c >= self.old_len {
            return None;
        }
        if c < self.start {
            return Some(c);
        }
        if c >= self.old_end {
            return Some((c as isize + self.delta) as usize);
        }
        let k = self.tokens.partition_point(|t| t.0.end() <= c);
        if let Some(&(o, n, same)) = self.tokens.get(k) {
            if o.start() <= c {
                // In a token: the same place in it (a changed title: its ends only).
                return if same || c == o.start() {
                    Some(n.start() + (c - o.start()))
                } else if c + 1 == o.end() {
                    Some(n.end() - 1)
                } else {
                    None
                };
            }
        }
        // Between tokens: certain only in what both texts share, and in the same gap.
        let m = if c < self.prefix {
            c
        } else if c >= self.old_suffix {
            (c as isize + self.delta) as usize
        } else {
            return None;
        };
        let after_previous = k == 0 || self.tokens[k - 1].1.end() <= m;
        let before_next = self
            .tokens
            .get(k)
            .map_or(m < self.new_end, |t| m < t.1.start());
        (after_previous && before_next).then_some(m)
    }

    /// Where a place between two bytes of the old text (a span's start or end) is in the
    /// new text, when that is certain. A place at a token's start or end moves with the
    /// token (a span from one token to another, or the spaces between two tokens, covers
    /// the same tokens in the new text); any other place must be where the edit did not
    /// reach: the bytes on both sides of it stay side by side.
    fn place(&self, x: usize) -> Option<usize> {
        if x == 0 {
            return Some(0);
        }
        if x == self.old_len {
            // The end of the text (a fix that appends), or the end of its last token: the
            // same place only when the text's end did not change, and a token that ended
            // there still does (an unclosed string ran to the end of the text, and a line
            // break typed into it ends it earlier).
            let to = (x as isize + self.delta) as usize;
            let token_end = self
                .tokens
                .binary_search_by_key(&x, |t| t.0.end())
                .ok()
                .map(|i| self.tokens[i].1.end());
            return (self.old_suffix < self.old_len && token_end.is_none_or(|end| end == to))
                .then_some(to);
        }
        if x < self.start || x > self.old_end {
            return self.byte(x);
        }
        let starting = self
            .tokens
            .binary_search_by_key(&x, |t| t.0.start())
            .ok()
            .map(|i| self.tokens[i].1.start());
        let ending = self
            .tokens
            .binary_search_by_key(&x, |t| t.0.end())
            .ok()
            .map(|i| self.tokens[i].1.end());
        match (starting, ending) {
            (Some(a), Some(b)) => (a == b).then_some(a),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => {
                let after_previous = self.byte(x - 1)? + 1;
                (self.byte(x)? == after_previous).then_some(after_previous)
            }
        }
    }

    /// Where a span of the old text is in the new text, when that is certain.
    pub fn span(&self, s: Span) -> Option<Span> {
        let start = self.place(s.start())?;
        let end = if s.is_empty() {
            start
        } else {
            self.place(s.end())?
        };
        (start <= end).then_some(Span::new(start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(old: &str, new: &str) -> Option<Moved> {
        Moved::between(
            &PlanFile::new("a.plan".into(), old.into()),
            &PlanFile::new("a.plan".into(), new.into()),
        )
    }

    const PLAN: &str = "# a plan\nperson ann \"Ann\"\ntask t \"T\" {\n  owner ann\n}\n";

    #[test]
    fn comments_titles_and_spaces_within_a_line_follow() {
        let m = moved(PLAN, &PLAN.replace("# a plan", "# a plan, edited")).unwrap();
        let owner = PLAN.find("ann\n}").unwrap();
        assert_eq!(
            m.span(Span::new(owner, owner + 3)),
            Some(Span::new(owner + 8, owner + 11))
        );
        let m = moved(PLAN, &PLAN.replace("\"T\"", "\"The task\"")).unwrap();
        let task = PLAN.find("task").unwrap();
        assert_eq!(
            m.span(Span::new(task, task + 4)),
            Some(Span::new(task, task + 4))
        );
        let brace = PLAN.rfind('}').unwrap();
        assert_eq!(
            m.span(Span::new(task, brace + 1)),
            Some(Span::new(task, brace + 8))
        );
        assert!(moved(PLAN, &PLAN.replace("task t", "task  t")).is_some());
        // A blank line between items.
        let m = moved(PLAN, &PLAN.replace("\ntask", "\n\ntask")).unwrap();
        assert_eq!(
            m.span(Span::new(owner, owner + 3)),
            Some(Span::new(owner + 1, owner + 4))
        );
    }

    #[test]
    fn changes_in_meaning_or_layout_do_not() {
        for new in [
            PLAN.replace("owner ann", "owner bob"),
            PLAN.replace("  owner", "    owner"),
            PLAN.replace("\"T\" {", "\"T\"\n{"),
            PLAN.replace("\"Ann\"", "\"Ann"),
            PLAN.replace("\"Ann\"", "\"Ann\\q\""),
            PLAN.trim_end().to_string(),
            PLAN.replace("person ann", "person ann,"),
        ] {
            assert!(moved(PLAN, &new).is_none(), "{new:?}");
        }
        // Doc comments are read only by hover, from the text as it is.
        assert!(moved(PLAN, &PLAN.replace("# a plan", "## a plan")).is_some());
    }

    #[test]
    fn places_move_with_their_tokens_and_those_the_edit_touched_are_uncertain() {
        let new = PLAN.replace("task t", "task  t");
        let m = moved(PLAN, &new).unwrap();
        let task = PLAN.find("task t").unwrap();
        // The end of `task`, and the start of `t`, which moved.
        assert_eq!(m.span(Span::at(task + 4)), Some(Span::at(task + 4)));
        assert_eq!(m.span(Span::at(task + 5)), Some(Span::at(task + 6)));
        // The spaces between them: from the end of one token to the start of the next.
        assert_eq!(
            m.span(Span::new(task + 4, task + 5)),
            Some(Span::new(task + 4, task + 6))
        );
        // Inside spaces the edit replaced: uncertain.
        let old = PLAN.replace("task t", "task  t");
        let m = moved(&old, &PLAN.replace("task t", "task\t t")).unwrap();
        assert_eq!(m.span(Span::at(task + 5)), None);
        assert_eq!(m.span(Span::at(task + 6)), Some(Span::at(task + 6)));
    }

    /// Found by the `edit` fuzz target: a title left unclosed runs to the end of the text; a
    /// line break typed before its last character ends it there, while the text still ends
    /// as before. The string's end is not the end of the text any more.
    #[test]
    fn the_end_of_an_unclosed_title_at_the_end_of_the_text_moves_with_the_title() {
        let old = "task t \"Three pilots ";
        let new = "task t \"Three pilots\n ";
        let m = moved(old, new).expect("a title and spaces changed");
        let title = old.find('"').unwrap();
        // The string's span in the new text ends before the line break, not at the end.
        assert_eq!(m.span(Span::new(title, old.len())), None);
        // Before the edit, the string's start moves as ever.
        assert_eq!(m.span(Span::at(title)), Some(Span::at(title)));
    }
}
