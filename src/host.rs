//! The library's one entry point: [`Host`] holds a plan's inputs — its files, its `coord.toml`
//! and the date it is checked on — applies changes to them, and hands out their [`Analysis`].
//! The CLI and the language server both hold one; so do the benches and the fuzz targets.

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::moved::Moved;
use crate::analysis::{analyze, Analysis};
use crate::config::Config;
use crate::model::edit::{ChangedFile, Shift};
use crate::syntax::Date;
use crate::workspace::{self, FileId, LoadError, PlanFile, Workspace};

/// A plan's inputs, ready to be analysed.
#[derive(Clone, Default)]
pub struct Host {
    workspace: Workspace,
    config: Config,
    /// `None`: today's date from the system clock, read at each analysis.
    today: Option<Date>,
}

impl Host {
    pub fn new(workspace: Workspace, config: Config) -> Host {
        Host {
            workspace,
            config,
            today: None,
        }
    }

    /// A plan from `(path, text)` pairs, with the default configuration.
    pub fn from_texts(files: Vec<(String, String)>) -> Host {
        Host::new(Workspace::from_texts(files), Config::default())
    }

    /// The plan files under `paths` (files and folders, discovered as `coord check` does),
    /// with the default configuration.
    pub fn load(paths: &[PathBuf]) -> Result<Host, LoadError> {
        Ok(Host::new(workspace::load(paths)?, Config::default()))
    }

    /// Checks as of `today` instead of the system clock (`--today`, tests, snapshots).
    pub fn with_today(mut self, today: Date) -> Host {
        self.today = Some(today);
        self
    }

    pub fn with_config(mut self, config: Config) -> Host {
        self.config = config;
        self
    }

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The date findings are computed for (`overdue-task`, schedules).
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(crate::date::today)
    }

    pub fn set_config(&mut self, config: Config) {
        self.config = config;
    }

    pub fn set_today(&mut self, today: Option<Date>) {
        self.today = today;
    }

    /// Gives one file a new text; only that file is parsed again.
    pub fn set_file_text(&mut self, file: FileId, text: String) {
        self.workspace.replace_file(file, text);
    }

    /// The files, to add, remove or replace some (each file is an `Arc`: a copy of the host
    /// shares every file, and [`Host::follow_edits`] knows a file did not change when it is
    /// the same `Arc`).
    pub(crate) fn workspace_mut(&mut self) -> &mut Workspace {
        &mut self.workspace
    }

    /// Runs every enabled rule over the plan as it is now.
    pub fn analyze(&self) -> Analysis {
        analyze(&self.workspace, &self.config, self.today())
    }

    /// Brings `analysis` — the analysis of `before`, an earlier state of these inputs — up to
    /// date with the inputs as they are now without running the rules again, when that
    /// certainly gives what [`Host::analyze`] gives: the same files (none added, removed or
    /// renamed), configuration and date, and each file that changed changed only in what no
    /// finding depends on (plain comments, item titles, spaces that keep the layout; see
    /// [`crate::analysis::moved`]): then its spans move with the text. Returns false, leaving
    /// the analysis as it was, otherwise.
    pub fn follow_edits(&self, before: &Host, analysis: &mut Analysis) -> bool {
        let Some(changed) = self.changed_since(before, analysis.today) else {
            return false;
        };
        let mut moves: Vec<Option<Moved>> = Vec::with_capacity(self.workspace.files.len());
        moves.resize_with(self.workspace.files.len(), || None);
        for (file, a, b) in changed {
            match Moved::between(a, b) {
                Some(m) => moves[file] = Some(m),
                None => return false,
            }
        }
        analysis.follow(&moves)
    }

    /// The files that changed since `before` (index, old, new), when the inputs are
    /// otherwise those an analysis checked on `checked_on` saw: the same configuration, date
    /// and files (none added, removed or renamed). `None` otherwise.
    fn changed_since<'h>(
        &'h self,
        before: &'h Host,
        checked_on: Date,
    ) -> Option<Vec<(usize, &'h PlanFile, &'h PlanFile)>> {
        let (old, new) = (&before.workspace.files, &self.workspace.files);
        if self.config != before.config || checked_on != self.today() || old.len() != new.len() {
            return None;
        }
        let mut changed = Vec::new();
        for (file, (a, b)) in old.iter().zip(new).enumerate() {
            if Arc::ptr_eq(a, b) {
                continue;
            }
            if a.path != b.path {
                return None;
            }
            changed.push((file, &**a, &**b));
        }
        Some(changed)
    }

    /// The analysis of the inputs as they are now, from `previous` (the analysis of
    /// `before`): followed when [`Host::follow_edits`] can, else updated when
    /// [`Host::update`] can, else a new analysis.
    pub fn reanalyze(&self, before: &Host, mut previous: Analysis) -> Analysis {
        if self.follow_edits(before, &mut previous) || self.update(before, &mut previous) {
            return previous;
        }
        // Freed before the new one is built: one analysis alive at a time.
        drop(previous);
        self.analyze()
    }

    /// Whether [`Host::update`] can bring an analysis of `before` up to date with these
    /// inputs (the same files, configuration and date, and each changed file defines the same
    /// names in the same items), as far as the inputs tell.
    pub fn can_update(&self, before: &Host) -> bool {
        self.changed_since(before, before.today())
            .is_some_and(|changed| {
                changed
                    .iter()
                    .all(|(_, a, b)| crate::model::edit::same_definitions(&a.syntax, &b.syntax))
            })
    }

    /// Brings `analysis` — the analysis of `before`, an earlier state of these inputs — up
    /// to date by lowering again only the files that changed and running again only the
    /// rules that read what they changed, when the files are the same ones (none added,
    /// removed or renamed), with the same configuration and date, and each changed file
    /// defines the same names in the same items. Returns false, leaving the analysis as it
    /// was, otherwise.
    pub fn update(&self, before: &Host, analysis: &mut Analysis) -> bool {
        let Some(changed) = self.changed_since(before, analysis.today) else {
            return false;
        };
        let changed: Vec<ChangedFile> = changed
            .into_iter()
            .map(|(file, a, b)| ChangedFile {
                file,
                before: a,
                shift: Shift::between(&a.text, &b.text),
            })
            .collect();
        analysis.update(&self.workspace, &self.config, &changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    #[test]
    fn an_edit_changes_what_the_analysis_finds() {
        let mut host = Host::from_texts(vec![(
            "a.plan".into(),
            "person ann\ntask t \"T\" { owner ann }\n".into(),
        )]);
        let codes = |host: &Host| -> Vec<&'static str> {
            host.analyze().diagnostics.iter().map(|d| d.code).collect()
        };
        assert!(!codes(&host).contains(&"undefined-reference"));
        host.set_file_text(FileId(0), "task t \"T\" { owner bob }\n".into());
        assert!(codes(&host).contains(&"undefined-reference"));
    }

    /// Found by the `edit` fuzz target: a title left unclosed at the end of the text, and a
    /// line break typed before its last character. The edit changes only a title and spaces,
    /// but the string now ends before the line break, not at the end of the text, so the
    /// analysis cannot just move its places (`src/analysis/moved.rs`).
    #[test]
    fn a_line_break_typed_into_an_unclosed_title_at_the_end_is_not_just_followed() {
        let old = "person ann\ntask x \"Three pilots ";
        let mut host = Host::from_texts(vec![("a.plan".into(), old.into())]);
        let analysis = host.analyze();
        let before = host.clone();
        host.set_file_text(FileId(0), old.replace("pilots ", "pilots\n "));
        let reanalyzed = host.reanalyze(&before, analysis);
        assert_eq!(everything(&reanalyzed), everything(&host.analyze()));
    }

    /// The analysis as a whole, spans and all, for comparing two of them.
    fn everything(a: &Analysis) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            a.model, a.schedules, a.diagnostics, a.rule_of, a.allowed
        )
    }

    const TWO_FILES: [(&str, &str); 2] = [
        (
            "a.plan",
            "# People\nperson ann \"Ann\" { tz \"Europe/Paris\" }\nteam core \"Core\" {\n  lead ann\n}\n",
        ),
        (
            "b.plan",
            "task t \"T\" {\n  owner core\n  depends-on u\n  due 2026-01-05\n}\ntask u \"U\" { owner ann  }\n",
        ),
    ];

    fn two_files() -> Host {
        let files = TWO_FILES.map(|(p, t)| (p.to_string(), t.to_string()));
        Host::from_texts(files.to_vec()).with_today(crate::rules::testing::TODAY)
    }

    /// Edits file `file` of `host` by replacing `from` with `to` (its first occurrence), and
    /// returns whether the previous analysis followed the edit, after checking that what it
    /// gives is exactly a new analysis.
    fn edit(host: &mut Host, analysis: &mut Analysis, file: u32, from: &str, to: &str) -> bool {
        let before = host.clone();
        let text = host
            .workspace()
            .file(FileId(file))
            .text
            .replacen(from, to, 1);
        host.set_file_text(FileId(file), text);
        let followed = host.follow_edits(&before, analysis);
        let fresh = host.analyze();
        if followed {
            assert_eq!(everything(analysis), everything(&fresh));
        } else {
            *analysis = fresh;
        }
        followed
    }

    #[test]
    fn edits_that_change_no_finding_move_the_analysis_instead_of_redoing_it() {
        let mut host = two_files();
        let mut analysis = host.analyze();
        assert!(!analysis.diagnostics.is_empty());
        // A comment, a title, spaces within a line: followed.
        assert!(edit(
            &mut host,
            &mut analysis,
            0,
            "# People",
            "# People we have"
        ));
        assert!(edit(
            &mut host,
            &mut analysis,
            0,
            "\"Core\"",
            "\"The core team\""
        ));
        assert!(edit(&mut host, &mut analysis, 1, "task t", "task   t"));
        assert!(edit(&mut host, &mut analysis, 0, "# People we have", ""));
        // A name, a value, a line break, an indentation (a fix copies it): analysed again.
        assert!(!edit(&mut host, &mut analysis, 0, "lead ann", "lead bob"));
        assert!(!edit(
            &mut host,
            &mut analysis,
            1,
            "2026-01-05",
            "2026-01-06"
        ));
        assert!(!edit(&mut host, &mut analysis, 1, "{ owner", "{\nowner"));
        assert!(!edit(&mut host, &mut analysis, 1, "  due", "    due"));
        // Findings in another file follow an edit before them.
        let other = analysis
            .diagnostics
            .iter()
            .any(|d| d.location.file == FileId(1));
        assert!(other);
        assert!(edit(
            &mut host,
            &mut analysis,
            1,
            "task t \"T\"",
            "task t \"A longer title\""
        ));
    }

    #[test]
    fn when_some_place_cannot_follow_the_analysis_is_left_as_it_was() {
        let text = "task t \"T\" {\n  owner bob\n}\n";
        let mut host = Host::from_texts(vec![("a.plan".into(), text.into())])
            .with_today(crate::rules::testing::TODAY);
        let mut analysis = host.analyze();
        // The fix that creates `bob` appends to the file: a blank line added at the end
        // leaves its place uncertain (the end of the text moved), after the other spans of
        // the file have moved.
        let appends = |a: &Analysis| {
            a.diagnostics
                .iter()
                .flat_map(|d| &d.fixes)
                .flat_map(|f| &f.edits)
                .any(|e| e.span == Span::at(text.len()))
        };
        assert!(appends(&analysis), "{:?}", analysis.diagnostics);
        let as_it_was = everything(&analysis);
        let before = host.clone();
        host.set_file_text(FileId(0), format!("{text}\n"));
        assert!(!host.follow_edits(&before, &mut analysis));
        assert_eq!(everything(&analysis), as_it_was);
        // A blank line in the block moves what follows, the end of the text too.
        analysis = host.analyze();
        let before = host.clone();
        host.set_file_text(FileId(0), format!("{text}\n").replace("{\n", "{\n\n"));
        assert!(host.follow_edits(&before, &mut analysis));
        assert_eq!(everything(&analysis), everything(&host.analyze()));
    }

    #[test]
    fn a_changed_configuration_or_date_is_analysed_again() {
        let host = two_files();
        let mut analysis = host.analyze();
        let later = host
            .clone()
            .with_today(crate::date::from_days_since_epoch(30_000));
        assert!(!later.follow_edits(&host, &mut analysis));
        let config = Config {
            timezone: Some("Asia/Tokyo".into()),
            ..Config::default()
        };
        assert!(!host
            .clone()
            .with_config(config)
            .follow_edits(&host, &mut analysis));
        assert!(host.follow_edits(&host, &mut analysis));
    }

    /// Every plan of the rules' fixtures: between them they make every rule find something.
    fn fixture_plans() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        let mut out = Vec::new();
        let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
        dirs.sort_by_key(|d| d.path());
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
            files.sort_by_key(|f| f.path());
            for f in files {
                let path = f.path();
                if path.extension().is_some_and(|e| e == "plan") {
                    let name = format!(
                        "{}-{}",
                        dir.file_name().to_string_lossy(),
                        path.file_name().unwrap().to_string_lossy()
                    );
                    out.push((name, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out
    }

    /// The char boundary at or before `at`.
    fn boundary(text: &str, at: usize) -> usize {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// One random edit: (file, place, kind, size).
    fn apply(text: &str, place: usize, kind: u8, size: usize) -> String {
        let at = boundary(text, place % (text.len() + 1));
        let line_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let mut t = text.to_string();
        match kind % 10 {
            0 => t.insert(line_end, 'x'),
            1 => t.insert(at, ' '),
            2 => t.insert(at, '\n'),
            3 => {
                let end = boundary(text, at + 1 + size % 4);
                t.replace_range(at..end.max(at), "");
            }
            4 => t.insert_str(line_end, " # note"),
            5 => {
                if let Some(q) = text[at..].find('"') {
                    t.insert(at + q + 1, 'é');
                }
            }
            6 => {
                let pieces = [
                    "ann", "}", "{", "\"", ",", "task x", "\t", "\r\n", "## doc\n", "allow",
                ];
                t.insert_str(at, pieces[size % pieces.len()]);
            }
            7 => t.insert(line_start, ' '),
            8 => t.insert_str(line_end, "  "),
            // At the end of the text, where a fix that appends points.
            _ => t.push_str(["\n", " ", "# end\n", "\r\n"][size % 4]),
        }
        t
    }

    /// One random edit of the word (a name, a key, a value) at or after `place`: a letter
    /// more or less, or another word of the text instead (names that are defined elsewhere).
    fn edit_word(text: &str, place: usize, kind: u8, size: usize) -> String {
        let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let at = boundary(text, place % (text.len() + 1));
        let Some(start) = text[at..].find(word).map(|p| at + p) else {
            return text.to_string();
        };
        let end = text[start..]
            .find(|c| !word(c))
            .map_or(text.len(), |p| start + p);
        let words: Vec<&str> = text.split(|c| !word(c)).filter(|w| !w.is_empty()).collect();
        let mut t = text.to_string();
        match kind % 3 {
            0 => t.insert(end, 'x'),
            1 => {
                let last = text[start..end].chars().last().map_or(0, char::len_utf8);
                t.replace_range(end - last..end, "");
            }
            _ => t.replace_range(start..end, words[size % words.len()]),
        }
        t
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// After any sequence of edits, the analysis brought up to date (followed where it
        /// could be, else updated where it could be) is exactly a new analysis of the files as
        /// they are.
        #[test]
        fn a_followed_or_updated_analysis_is_a_new_analysis(
            picks in proptest::collection::vec(0usize..1000, 2..4),
            edits in proptest::collection::vec((0usize..8, 0usize..100_000, 0u8..16, 0usize..40), 1..12),
        ) {
            let plans = fixture_plans();
            let mut chosen: Vec<(String, String)> =
                picks.iter().map(|&i| plans[i % plans.len()].clone()).collect();
            chosen.sort();
            chosen.dedup_by(|a, b| a.0 == b.0);
            let mut host = Host::from_texts(chosen).with_today(crate::rules::testing::TODAY);
            let mut analysis = host.analyze();
            for (file, place, kind, size) in edits {
                let file = FileId((file % host.workspace().files.len()) as u32);
                let before = host.clone();
                let old = &host.workspace().file(file).text;
                let text = if kind < 10 {
                    apply(old, place, kind, size)
                } else {
                    edit_word(old, place, kind, size)
                };
                host.set_file_text(file, text);
                let fresh = host.analyze();
                if !host.follow_edits(&before, &mut analysis) && !host.update(&before, &mut analysis) {
                    analysis = host.analyze();
                }
                proptest::prop_assert_eq!(everything(&analysis), everything(&fresh));
                // Where each file's entries are, when kept, is where they are.
                if let Some(Some(by_file)) = &analysis.by_file {
                    let files = host.workspace().files.len();
                    let found = fresh.model.entries_by_file(files);
                    proptest::prop_assert_eq!(Some(by_file), found.as_ref());
                }
            }
        }
    }

    #[test]
    fn a_changed_name_is_updated_in_place_and_unrelated_rules_keep_their_findings() {
        let sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 3_000,
            files: 3,
            seed: 11,
        });
        let mut host = Host::from_texts(sources).with_today(crate::rules::testing::TODAY);
        let mut analysis = host.analyze();
        let codes = |a: &Analysis| -> Vec<&str> { a.diagnostics.iter().map(|d| d.code).collect() };
        assert!(codes(&analysis).contains(&"oversized-meeting"));
        let mut updated = 0;
        // The first owner of each file gets a letter more, then loses it again.
        for file in 0..3 {
            let text = host.workspace().file(FileId(file)).text.clone();
            let at = text.find("  owner ").expect("an owner") + 8;
            let end = at + text[at..].find('\n').unwrap();
            for new in [
                format!("{}x{}", &text[..end], &text[end..]),
                text.to_string(),
            ] {
                let before = host.clone();
                host.set_file_text(FileId(file), new);
                if host.update(&before, &mut analysis) {
                    updated += 1;
                } else {
                    analysis = host.analyze();
                }
                assert_eq!(everything(&analysis), everything(&host.analyze()));
            }
        }
        assert_eq!(updated, 6);
        // A name defined differently: the model is built again.
        let before = host.clone();
        let text = host
            .workspace()
            .file(FileId(0))
            .text
            .replacen("task ", "task renamed_", 1);
        host.set_file_text(FileId(0), text);
        assert!(!host.update(&before, &mut analysis));
    }

    /// Each word of each rule's fixture plans edited in turn: a letter more, or another name
    /// the plan defines instead (most such edits keep every definition, so the analysis is
    /// updated, and each changes one fact a rule may read). The updated analysis is a new
    /// analysis every time: a rule that reads a fact it does not declare shows here.
    #[test]
    fn every_word_of_the_fixtures_edited_updates_to_a_new_analysis() {
        let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let mut updated = 0;
        for (path, text) in fixture_plans() {
            let host = Host::from_texts(vec![(path.clone(), text.clone())])
                .with_today(crate::rules::testing::TODAY);
            let mut analysis = host.analyze();
            let names: Vec<String> = analysis
                .model
                .symbols
                .iter()
                .map(|s| s.name.to_string())
                .collect();
            let as_written = everything(&analysis);
            let mut at = 0;
            while let Some(start) = text[at..].find(word).map(|p| at + p) {
                let end = text[start..]
                    .find(|c| !word(c))
                    .map_or(text.len(), |p| start + p);
                at = end;
                // Not in a comment (what no finding depends on is followed, tested above).
                let line = text[..start].rfind('\n').map_or(0, |p| p + 1);
                if text[line..start].contains('#') {
                    continue;
                }
                let others = names.iter().filter(|n| **n != text[start..end]).take(2);
                let edits =
                    std::iter::once(format!("{}x", &text[start..end])).chain(others.cloned());
                for new in edits {
                    // Edited, then back as written: both updates give a new analysis.
                    let mut edited = host.clone();
                    edited.set_file_text(
                        FileId(0),
                        format!("{}{new}{}", &text[..start], &text[end..]),
                    );
                    if edited.update(&host, &mut analysis) {
                        updated += 1;
                        assert_eq!(
                            everything(&analysis),
                            everything(&edited.analyze()),
                            "{path}: `{}` made `{new}` at {start}",
                            &text[start..end]
                        );
                    } else {
                        analysis = edited.analyze();
                    }
                    if host.update(&edited, &mut analysis) {
                        assert_eq!(everything(&analysis), as_written, "{path}: back at {start}");
                    } else {
                        analysis = host.analyze();
                    }
                }
            }
        }
        assert!(updated > 1_000, "{updated} updates");
    }
}
