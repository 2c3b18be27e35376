//! What the server publishes after an analysis: the diagnostics of the files whose
//! diagnostics, text or version changed, and clearing files no project holds any more.

use super::*;

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
        for (i, file) in s.ws.files.iter().enumerate() {
            // The diagnostics are sorted by file.
            let end = start + all[start..].partition_point(|d| d.location.file.index() <= i);
            let here = &all[start..end];
            start = end;
            let version = s.versions[i];
            let rev = s.revs[i];
            let points_into_same = |into: &[(String, u64)]| {
                into.iter()
                    .all(|(k, r)| s.file_id_of_key(k).map(|f| s.rev(f)) == Some(*r))
            };
            // The ranges of the labels into other files (which move when those files change
            // before them).
            let related = || -> Vec<lsp::Range> {
                here.iter()
                    .flat_map(|d| &d.labels)
                    .filter(|l| l.location.file.index() != i)
                    .map(|l| s.range(l.location.file, l.location.span))
                    .collect()
            };
            let mut previous = self.published.get_mut(&file.path);
            let same = match &mut previous {
                None => here.is_empty() && version.is_none(),
                Some(p) => {
                    p.version == version
                        && p.diagnostics == here
                        && (here.is_empty()
                            || (p.rev == rev
                                && (points_into_same(&p.points_into) || {
                                    // A file a label points into changed: the same
                                    // diagnostics still, if the labels' ranges did not move.
                                    let unmoved = related() == p.related;
                                    if unmoved {
                                        for (k, r) in &mut p.points_into {
                                            if let Some(f) = s.file_id_of_key(k) {
                                                *r = s.rev(f);
                                            }
                                        }
                                    }
                                    unmoved
                                })))
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
            let mut points_into: Vec<(String, u64)> = here
                .iter()
                .flat_map(|d| &d.labels)
                .map(|l| l.location.file)
                .filter(|&f| f.index() != i)
                .collect::<HashSet<FileId>>()
                .into_iter()
                .map(|f| (s.ws.file(f).path.clone(), s.rev(f)))
                .collect();
            points_into.sort();
            let converted: Vec<lsp::Diagnostic> = here.iter().map(|d| s.diagnostic(d)).collect();
            let uri = s.uris[i].clone();
            self.published.insert(
                file.path.clone(),
                Published {
                    uri: uri.clone(),
                    project,
                    version,
                    rev,
                    diagnostics: here.to_vec(),
                    points_into,
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
