//! What the server publishes after an analysis: the diagnostics of the files whose
//! diagnostics, text or version changed, and clearing files no project holds any more.

use super::*;

/// Whether two diagnostics of file `own` publish the same, but for where their labels into
/// other files point (compared as published, by line and column, apart).
fn same_in_file(a: &Diagnostic, b: &Diagnostic, own: FileId) -> bool {
    a.code == b.code
        && a.severity == b.severity
        && a.location == b.location
        && a.message == b.message
        && a.help == b.help
        && a.labels.len() == b.labels.len()
        && a.labels.iter().zip(&b.labels).all(|(x, y)| {
            x.message == y.message
                && x.location.file == y.location.file
                && (x.location.file != own || x.location.span == y.location.span)
        })
        && a.fixes.len() == b.fixes.len()
        && a.fixes
            .iter()
            .zip(&b.fixes)
            .all(|(x, y)| x.title == y.title)
}

impl State {
    pub(super) fn changed_diagnostics(
        &mut self,
        project: u64,
        s: &Snapshot,
    ) -> Vec<(Uri, Vec<lsp::Diagnostic>, Option<i32>)> {
        let mut out = Vec::new();
        let mut edited = Vec::new();
        let all = &s.analysis.diagnostics;
        let mut start = 0;
        for (i, file) in s.ws().files.iter().enumerate() {
            // The diagnostics are sorted by file.
            let end = start + all[start..].partition_point(|d| d.location.file.index() <= i);
            let here = &all[start..end];
            start = end;
            let version = s.versions[i];
            let rev = s.revs[i];
            let own = FileId(i as u32);
            // Where the labels into other files point, as published (their byte offsets move
            // with every edit before them in those files; their lines and columns seldom do).
            let related = || -> Vec<lsp::Location> {
                here.iter()
                    .flat_map(|d| &d.labels)
                    .filter(|l| l.location.file != own)
                    .map(|l| s.location(l.location))
                    .collect()
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
            let mut previous = self.published.get_mut(&file.path);
            let same = match &mut previous {
                None => here.is_empty() && version.is_none(),
                Some(p) => {
                    p.version == version
                        && p.diagnostics.len() == here.len()
                        && (here.is_empty()
                            || (p.rev == rev
                                && (
                                    // The same, into files that did not change: no need to
                                    // work out where the labels are.
                                    (p.layout == s.layout
                                        && p.points_into.iter().all(|(k, r)| {
                                            s.file_id_of_key(k).map(|f| s.rev(f)) == Some(*r)
                                        })
                                        && p.diagnostics == here)
                                        || (p
                                            .diagnostics
                                            .iter()
                                            .zip(here)
                                            .all(|(a, b)| same_in_file(a, b, own))
                                            && related() == p.related
                                            && {
                                                // Published the same: remember them as they
                                                // are now (labels and fixes are all that can
                                                // differ), for the quick comparison next time.
                                                for (a, b) in p.diagnostics.iter_mut().zip(here) {
                                                    for (x, y) in a.labels.iter_mut().zip(&b.labels)
                                                    {
                                                        x.location = y.location;
                                                    }
                                                    if a.fixes != b.fixes {
                                                        a.fixes = b.fixes.clone();
                                                    }
                                                }
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
            let converted: Vec<lsp::Diagnostic> = here.iter().map(|d| s.diagnostic(d)).collect();
            let uri = s.uris[i].clone();
            self.published.insert(
                file.path.clone(),
                Published {
                    uri: uri.clone(),
                    project,
                    version,
                    rev,
                    layout: s.layout,
                    diagnostics: here.to_vec(),
                    points_into: points_into(),
                    related: related(),
                },
            );
            if new_version {
                edited.push((uri, converted, version));
            } else {
                out.push((uri, converted, version));
            }
        }
        // The edited documents last: when the client has their new version's diagnostics,
        // it has every other file's of the same analysis too.
        out.extend(edited);
        out
    }

    /// Empty diagnostics for the files published before that no project holds any more.
    pub(super) fn clear_orphans(
        &mut self,
        installed: Option<(u64, &Snapshot)>,
    ) -> Vec<(Uri, Vec<lsp::Diagnostic>, Option<i32>)> {
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
                if !p.diagnostics.is_empty() || p.version.is_some() {
                    out.push((p.uri, Vec::new(), None));
                }
            }
        }
        out
    }
}
