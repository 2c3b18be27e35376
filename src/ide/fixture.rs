//! Test support for editor features: multi-file fixtures with `$0` cursor markers.
//!
//! A fixture is plan text; `//- name.plan` lines start a new file (the first file needs none:
//! it is `main.plan`). Each `$0` marks a cursor and is removed from the text. The result holds
//! the workspace, its analysis (default configuration, a fixed date) and the cursors, so a test
//! reads like the editor session it stands for:
//!
//! ```text
//! person al$0ice
//! //- teams.plan
//! team platform { lead alice }
//! ```

use crate::analysis::{analyze, Analysis};
use crate::config::Config;
use crate::workspace::{FileId, Workspace};

pub use crate::rules::testing::TODAY;

/// A cursor: a file and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub file: FileId,
    pub offset: usize,
}

pub struct Fixture {
    pub ws: Workspace,
    pub config: Config,
    pub analysis: Analysis,
    pub cursors: Vec<Cursor>,
}

impl Fixture {
    pub fn new(text: &str) -> Fixture {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut marks: Vec<(usize, usize)> = Vec::new();
        let mut current = (String::from("main.plan"), String::new());
        for line in text.split_inclusive('\n') {
            if let Some(name) = line.trim_end().strip_prefix("//- ") {
                if !(sources.is_empty() && current.1.is_empty()) {
                    sources.push(std::mem::take(&mut current));
                }
                current.0 = name.trim().to_string();
                continue;
            }
            let mut rest = line;
            while let Some(at) = rest.find("$0") {
                current.1.push_str(&rest[..at]);
                marks.push((sources.len(), current.1.len()));
                rest = &rest[at + 2..];
            }
            current.1.push_str(rest);
        }
        sources.push(current);
        let names: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
        let ws = Workspace::from_texts(sources);
        let cursors = marks
            .into_iter()
            .map(|(i, offset)| Cursor {
                file: ws.find(&names[i]).expect("fixture file"),
                offset,
            })
            .collect();
        let config = Config::default();
        let analysis = analyze(&ws, &config, TODAY);
        Fixture {
            ws,
            config,
            analysis,
            cursors,
        }
    }

    /// The only cursor of the fixture.
    pub fn cursor(&self) -> Cursor {
        assert_eq!(self.cursors.len(), 1, "the fixture should have one `$0`");
        self.cursors[0]
    }

    /// The text a span covers in a file.
    pub fn text(&self, file: FileId, span: crate::syntax::Span) -> &str {
        &self.ws.file(file).text[span.range()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_cursors() {
        let f = Fixture::new("person al$0ice\n//- teams.plan\nteam t { lead $0alice }\n");
        assert_eq!(f.cursors.len(), 2);
        let a = f.cursors[0];
        assert_eq!(&f.ws.file(a.file).text[a.offset..a.offset + 3], "ice");
        let b = f.cursors[1];
        assert!(f.ws.file(b.file).path.ends_with("teams.plan"));
        assert_eq!(&f.ws.file(b.file).text[b.offset..b.offset + 5], "alice");
        assert!(
            f.analysis.diagnostics.is_empty(),
            "{:?}",
            f.analysis.diagnostics
        );
    }
}
