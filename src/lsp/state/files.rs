//! A project's plan files as the server holds them: in path order, with their URIs, the
//! position encoding they are spoken of in, and the revision of each file's text.

use super::*;

/// A project's inputs (its [`Host`]: plan files in path order, `coord.toml`, the date) with the
/// files' URIs, what position encoding they are spoken of in, and the revision of each file's
/// text.
#[derive(Clone)]
pub struct Files {
    pub(super) host: Host,
    /// The URI of each file of `ws`, same order.
    pub(super) uris: Vec<Uri>,
    /// File key (see [`key`]) to index in `ws.files`.
    pub(super) index: HashMap<String, usize>,
    /// The revision of each file's text (the state's counter when it was last set), same order.
    pub(super) revs: Vec<u64>,
    /// Changes whenever a file is added or removed (file ids move).
    pub(super) layout: u64,
    /// `None` for UTF-8, else the negotiated wide encoding (a copy of the state's).
    pub encoding: Option<WideEncoding>,
}

impl Files {
    pub(super) fn new(encoding: Option<WideEncoding>) -> Files {
        Files {
            host: Host::default(),
            uris: Vec::new(),
            index: HashMap::new(),
            revs: Vec::new(),
            layout: 0,
            encoding,
        }
    }

    pub fn ws(&self) -> &Workspace {
        self.host.workspace()
    }

    pub fn config(&self) -> &Config {
        self.host.config()
    }

    pub fn file_id(&self, uri: &Uri) -> Option<FileId> {
        self.file_id_of_key(&key(uri))
    }

    pub(super) fn file_id_of_key(&self, k: &str) -> Option<FileId> {
        self.index.get(k).map(|&i| FileId(i as u32))
    }

    pub fn uri(&self, file: FileId) -> &Uri {
        &self.uris[file.index()]
    }

    pub fn uris(&self) -> &[Uri] {
        &self.uris
    }

    /// The revision of a file's text.
    pub fn rev(&self, file: FileId) -> u64 {
        self.revs[file.index()]
    }

    pub(super) fn reindex(&mut self) {
        self.index = self
            .ws()
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        self.layout += 1;
    }

    /// Sets the text of a file, adding it (in path order) if it is new; only that file is
    /// parsed.
    pub(super) fn set_text(&mut self, uri: &Uri, text: String, rev: u64) {
        let k = key(uri);
        match self.index.get(&k) {
            Some(&i) => {
                self.host.set_file_text(FileId(i as u32), text);
                self.uris[i] = uri.clone();
                self.revs[i] = rev;
            }
            None => {
                let files = &mut self.host.workspace_mut().files;
                let at = files.partition_point(|f| f.path < k);
                files.insert(at, Arc::new(PlanFile::new(k, text)));
                self.uris.insert(at, uri.clone());
                self.revs.insert(at, rev);
                self.reindex();
            }
        }
    }

    /// Adds files already parsed (replacing those it holds under the same keys), keeping the
    /// path order; the index is rebuilt once.
    pub(super) fn add_parsed(&mut self, files: Vec<(Uri, Arc<PlanFile>)>, rev: u64) {
        let mut added = false;
        for (uri, file) in files {
            match self.index.get(&file.path) {
                Some(&i) => {
                    self.host.workspace_mut().files[i] = file;
                    self.uris[i] = uri;
                    self.revs[i] = rev;
                }
                None => {
                    self.host.workspace_mut().files.push(file);
                    self.uris.push(uri);
                    self.revs.push(rev);
                    added = true;
                }
            }
        }
        if !added {
            return;
        }
        let mut all: Vec<(Arc<PlanFile>, Uri, u64)> =
            std::mem::take(&mut self.host.workspace_mut().files)
                .into_iter()
                .zip(std::mem::take(&mut self.uris))
                .zip(std::mem::take(&mut self.revs))
                .map(|((f, u), r)| (f, u, r))
                .collect();
        all.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        for (f, u, r) in all {
            self.host.workspace_mut().files.push(f);
            self.uris.push(u);
            self.revs.push(r);
        }
        self.reindex();
    }

    pub(super) fn remove(&mut self, k: &str) -> bool {
        let Some(i) = self.index.get(k).copied() else {
            return false;
        };
        self.host.workspace_mut().files.remove(i);
        self.uris.remove(i);
        self.revs.remove(i);
        self.reindex();
        true
    }

    /// Brings a copy of `live` (an older copy, or `None`) up to date with it, copying only the
    /// files whose text changed since; a copy made before files were added or removed is
    /// replaced by a whole copy.
    pub(super) fn synced(copy: Option<Files>, live: &Files) -> Files {
        match copy {
            Some(mut c) if c.layout == live.layout && c.revs.len() == live.revs.len() => {
                for i in 0..live.revs.len() {
                    if c.revs[i] != live.revs[i] {
                        c.host.workspace_mut().files[i] = live.ws().files[i].clone();
                        c.uris[i] = live.uris[i].clone();
                        c.revs[i] = live.revs[i];
                    }
                }
                c.encoding = live.encoding;
                if c.config() != live.config() {
                    c.host.set_config(live.config().clone());
                }
                c
            }
            _ => live.clone(),
        }
    }
}
