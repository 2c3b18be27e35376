//! What the server publishes after an analysis: the diagnostics of the files whose
//! diagnostics, text or version changed, and clearing files no project holds any more.

use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::fast::FixedState;

use super::*;

/// Hashes of what file `own`'s diagnostics publish, given the texts of the files they point
/// into: everything the published form is made of (code, severity, message, help, where
/// they and their labels are, the labels' words, the fixes' titles). The first includes where
/// the labels into other files point (as byte offsets), the second only which file they
/// point into. The fixes' edits are not published (a code action asks for them). One pass:
/// the words are hashed once, into both.
fn published_hashes(diagnostics: &[Diagnostic], own: FileId) -> (u64, u64) {
    let state = FixedState::default();
    let (mut exact, mut within) = (state.build_hasher(), state.build_hasher());
    diagnostics.len().hash(&mut exact);
    diagnostics.len().hash(&mut within);
    for d in diagnostics {
        let mut words = state.build_hasher();
        d.code.hash(&mut words);
        d.severity.hash(&mut words);
        d.location.hash(&mut words);
        d.message.hash(&mut words);
        d.help.hash(&mut words);
        d.labels.len().hash(&mut words);
        for l in &d.labels {
            l.location.file.hash(&mut words);
            if l.location.file == own {
                l.location.span.hash(&mut words);
            } else {
                l.location.span.hash(&mut exact);
            }
            l.message.hash(&mut words);
        }
        d.fixes.len().hash(&mut words);
        for f in &d.fixes {
            f.title.hash(&mut words);
        }
        let words = words.finish();
        words.hash(&mut exact);
        words.hash(&mut within);
    }
    (exact.finish(), within.finish())
}

impl State {
    pub(super) fn changed_diagnostics(&mut self, project: u64, s: &Snapshot) -> Publish {
        let mut out = Vec::new();
        let mut edited = Vec::new();
        let all = &s.analysis().diagnostics;
        let mut start = 0;
        for (i, file) in s.ws().files.iter().enumerate() {
            // The diagnostics are sorted by file.
            let end = start + all[start..].partition_point(|d| d.location.file.index() <= i);
            let here = &all[start..end];
            start = end;
            let version = s.versions[i];
            let rev = s.revs[i];
            let own = FileId(i as u32);
            // A hash of where the labels into other files point, as published (their byte
            // offsets move with every edit before them in those files; their lines and
            // columns seldom do).
            let related = || -> u64 {
                let mut h = FixedState::default().build_hasher();
                for l in here.iter().flat_map(|d| &d.labels) {
                    if l.location.file != own {
                        s.uri(l.location.file).as_str().hash(&mut h);
                        let r = s.range(l.location.file, l.location.span);
                        (r.start.line, r.start.character, r.end.line, r.end.character).hash(&mut h);
                    }
                }
                h.finish()
            };
            // Which files the labels point into, with the revisions of their texts.
            let points_into = || -> Vec<(String, u64)> {
                let mut into: Vec<(String, u64)> = here
                    .iter()
                    .flat_map(|d| &d.labels)
                    .map(|l| l.location.file)
                    .filter(|&f| f != own)
                    .collect::<HashSet<FileId>>()
                    .into_iter()
                    .map(|f| (s.ws().file(f).path.clone(), s.rev(f)))
                    .collect();
                into.sort();
                into
            };
            let hashes = published_hashes(here, own);
            let mut previous = self.published.get_mut(&file.path);
            let same = match &mut previous {
                None => here.is_empty() && version.is_none(),
                Some(p) => {
                    p.version == version
                        && p.count == here.len()
                        && (here.is_empty()
                            || (p.rev == rev
                                && (
                                    // The same, into files that did not change: no need to
                                    // work out where the labels are.
                                    (p.layout == s.layout
                                        && p.points_into.iter().all(|(k, r)| {
                                            s.file_id_of_key(k).map(|f| s.rev(f)) == Some(*r)
                                        })
                                        && p.exact == hashes.0)
                                        || (p.own == hashes.1 && p.related == related() && {
                                            // Published the same: remember them as they
                                            // are now, for the quick comparison next time.
                                            p.exact = hashes.0;
                                            p.points_into = points_into();
                                            p.layout = s.layout;
                                            true
                                        })
                                )))
                }
            };
            let new_version =
                version.is_some() && previous.as_ref().is_none_or(|p| p.version != version);
            if same {
                if let Some(p) = previous {
                    p.project = project;
                }
                continue;
            }
            let converted = crate::lsp::to_proto::diagnostics_json(s, here);
            let uri = s.uris[i].clone();
            self.published.insert(
                file.path.clone(),
                Published {
                    uri: uri.clone(),
                    project,
                    version,
                    rev,
                    layout: s.layout,
                    count: here.len(),
                    exact: hashes.0,
                    own: hashes.1,
                    points_into: points_into(),
                    related: related(),
                },
            );
            let publication = Publication {
                uri,
                diagnostics: converted,
                version,
            };
            if new_version {
                edited.push(publication);
            } else {
                out.push(publication);
            }
        }
        // The edited documents first: they are what the user is typing in, and another
        // file's diagnostics (tens of kilobytes of JSON for the client to read) would delay
        // them. The other files' follow, in the same batch.
        edited.extend(out);
        edited
    }

    /// Empty diagnostics for the files published before that no project holds any more.
    pub(super) fn clear_orphans(&mut self, installed: Option<(u64, &Snapshot)>) -> Publish {
        let ids: HashSet<u64> = self.projects.iter().map(|p| p.id).collect();
        let gone: Vec<String> = self
            .published
            .iter()
            .filter(|(k, p)| {
                let left_installed = installed
                    .is_some_and(|(id, s)| p.project == id && s.file_id_of_key(k).is_none());
                (left_installed || !ids.contains(&p.project)) && !self.owner.contains_key(*k)
            })
            .map(|(k, _)| k.clone())
            .collect();
        let mut out = Vec::new();
        for k in gone {
            if let Some(p) = self.published.remove(&k) {
                if p.count > 0 || p.version.is_some() {
                    out.push(Publication {
                        uri: p.uri,
                        diagnostics: b"[]".to_vec(),
                        version: None,
                    });
                }
            }
        }
        out
    }
}
