//! Backstage catalog entities (`Group`, `User`, and the `Location`s that point at more
//! catalog files) to `team` and `person` items.
//!
//! Follows Backstage's descriptor format: an entity is a YAML document with `kind`,
//! `metadata.name` (and `metadata.namespace`, default `default`) and `spec`; a file may hold
//! several documents. References are `[kind:][namespace/]name` strings (case-insensitive;
//! the kind and namespace default from the field: `spec.members` names users,
//! `spec.memberOf`, `spec.parent` and `spec.children` name groups, in the referring entity's
//! namespace) or `{kind, namespace, name}` mappings.
//!
//! YAML is read with `saphyr`, the maintained YAML 1.2 loader of the yaml-rust family
//! (`serde_yaml` is archived): it gives every node its line, so each problem is reported at
//! its entity, and a document of the wrong shape is skipped rather than failing the file.
//!
//! Backstage has no notion of a team lead, so imported teams have no `lead`: add one by
//! hand, or better, keep leads in the catalog under an annotation and extend this importer.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::names::Names;
use super::{at, Findings, PlanFile, PlanItem, Value};

/// A YAML node reduced to what the importer reads, with the line it starts on.
#[derive(Debug, Clone)]
struct Node {
    line: usize,
    data: Data,
}

#[derive(Debug, Clone)]
enum Data {
    Text(String),
    Null,
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// Aliases and values that did not resolve.
    Other,
}

impl Node {
    fn from_yaml(y: &MarkedYaml<'_>, depth: usize) -> Node {
        let line = y.span.start.line();
        let data = if depth > 64 {
            Data::Other
        } else {
            match &y.data {
                YamlData::Value(s) => match s {
                    Scalar::Null => Data::Null,
                    Scalar::Boolean(b) => Data::Text(b.to_string()),
                    Scalar::Integer(i) => Data::Text(i.to_string()),
                    Scalar::FloatingPoint(f) => Data::Text(f.to_string()),
                    Scalar::String(s) => Data::Text(s.to_string()),
                },
                YamlData::Representation(s, _, _) => Data::Text(s.to_string()),
                YamlData::Sequence(items) => Data::List(
                    items
                        .iter()
                        .map(|i| Node::from_yaml(i, depth + 1))
                        .collect(),
                ),
                YamlData::Mapping(map) => Data::Map(
                    map.iter()
                        .filter_map(|(k, v)| {
                            let key = match &k.data {
                                YamlData::Value(Scalar::String(s)) => s.to_string(),
                                YamlData::Representation(s, _, _) => s.to_string(),
                                YamlData::Value(Scalar::Integer(i)) => i.to_string(),
                                YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
                                _ => return None,
                            };
                            Some((key, Node::from_yaml(v, depth + 1)))
                        })
                        .collect(),
                ),
                YamlData::Tagged(_, inner) => return Node::from_yaml(inner, depth + 1),
                YamlData::Alias(_) | YamlData::BadValue => Data::Other,
            }
        };
        Node { line, data }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match &self.data {
            Data::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match &self.data {
            Data::Text(s) => Some(s.trim()).filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    /// A text at `path` (`["spec", "profile", "email"]`).
    fn text_at(&self, path: &[&str]) -> Option<&str> {
        let mut node = self;
        for key in path {
            node = node.get(key)?;
        }
        node.text()
    }

    /// The list at `key`: a list's items, a single value as a list of one, nothing for null.
    fn list(&self, key: &str) -> Vec<&Node> {
        match self.get(key) {
            Some(Node {
                data: Data::List(items),
                ..
            }) => items.iter().collect(),
            Some(Node {
                data: Data::Null, ..
            })
            | None => Vec::new(),
            Some(other) => vec![other],
        }
    }
}

/// The three kinds an entity reference may name here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum EntityKind {
    Group,
    User,
}

impl EntityKind {
    fn word(self) -> &'static str {
        match self {
            EntityKind::Group => "group",
            EntityKind::User => "user",
        }
    }
}

/// An entity's identity: kind, namespace and name, lower case (references are
/// case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    kind: String,
    namespace: String,
    name: String,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}/{}", self.kind, self.namespace, self.name)
    }
}

/// Parses a reference (string or `{kind, namespace, name}` mapping), filling in the
/// defaults. `None` when it is neither.
fn parse_ref(node: &Node, default_kind: EntityKind, default_ns: &str) -> Option<Key> {
    let (kind, ns, name) = match &node.data {
        Data::Text(s) => {
            let s = s.trim();
            let (kind, rest) = match s.split_once(':') {
                Some((k, r)) => (Some(k), r),
                None => (None, s),
            };
            let (ns, name) = match rest.split_once('/') {
                Some((n, r)) => (Some(n), r),
                None => (None, rest),
            };
            (
                kind.map(str::to_string),
                ns.map(str::to_string),
                name.to_string(),
            )
        }
        Data::Map(_) => (
            node.text_at(&["kind"]).map(str::to_string),
            node.text_at(&["namespace"]).map(str::to_string),
            node.text_at(&["name"])?.to_string(),
        ),
        _ => return None,
    };
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    Some(Key {
        kind: kind
            .map(|k| k.trim().to_lowercase())
            .unwrap_or_else(|| default_kind.word().to_string()),
        namespace: ns
            .map(|n| n.trim().to_lowercase())
            .unwrap_or_else(|| default_ns.to_lowercase()),
        name: name.to_lowercase(),
    })
}

/// One Group or User entity.
#[derive(Debug)]
struct Entity {
    kind: EntityKind,
    key: Key,
    /// `metadata.name` as written.
    name: String,
    file: PathBuf,
    doc: Node,
}

impl Entity {
    fn subject(&self) -> Option<String> {
        let kind = match self.kind {
            EntityKind::Group => "Group",
            EntityKind::User => "User",
        };
        Some(format!("{kind} {}", self.name))
    }
}

/// What `coord import backstage` read and made.
pub struct Imported {
    pub files: Vec<PlanFile>,
}

/// Reads the catalog files and folders in `inputs` (and every local file their `Location`
/// entities point at) and makes `teams.plan` and `people.plan`. `source` and `command` go
/// into the files' header.
pub fn import(inputs: &[PathBuf], command: &str, findings: &mut Findings) -> Imported {
    let entities = load_entities(inputs, findings);

    // Names: groups first, then users, each in the order read.
    let mut names = Names::new();
    let mut plan_name: HashMap<Key, String> = HashMap::new();
    for kind in [EntityKind::Group, EntityKind::User] {
        for e in entities.iter().filter(|e| e.kind == kind) {
            let word = match kind {
                EntityKind::Group => "team",
                EntityKind::User => "person",
            };
            plan_name.insert(e.key.clone(), names.unique(&e.name, word));
        }
    }
    let by_key: HashMap<&Key, &Entity> = entities.iter().map(|e| (&e.key, e)).collect();

    // Resolves one reference of `entity`, reporting a dangling or mistyped one.
    let resolve = |entity: &Entity,
                   node: &Node,
                   want: EntityKind,
                   field: &str,
                   findings: &mut Findings|
     -> Option<Key> {
        let Some(key) = parse_ref(node, want, &entity.key.namespace) else {
            findings.problem(
                at(&entity.file, node.line),
                entity.subject(),
                format!("`{field}` holds something that is not an entity reference: left out"),
            );
            return None;
        };
        if key.kind != want.word() {
            findings.problem(
                at(&entity.file, node.line),
                entity.subject(),
                format!(
                    "`{field}` names {key}, which is not a {}: left out",
                    want.word()
                ),
            );
            return None;
        }
        if !by_key.contains_key(&key) {
            findings.problem(
                at(&entity.file, node.line),
                entity.subject(),
                format!(
                    "`{field}` names {key}, which is not in the catalog files read: left out \
                     (import the file that defines it too)"
                ),
            );
            return None;
        }
        Some(key)
    };

    let mut members: BTreeMap<Key, BTreeSet<String>> = BTreeMap::new();
    let mut parent: HashMap<Key, (Key, &Entity)> = HashMap::new();
    for e in &entities {
        match e.kind {
            EntityKind::Group => {
                let spec = e.doc.get("spec");
                if let Some(spec) = spec {
                    for m in spec.list("members") {
                        if let Some(k) = resolve(e, m, EntityKind::User, "spec.members", findings) {
                            members
                                .entry(e.key.clone())
                                .or_default()
                                .insert(plan_name[&k].clone());
                        }
                    }
                    if let Some(p) = spec.get("parent").filter(|p| !matches!(p.data, Data::Null)) {
                        if let Some(k) = resolve(e, p, EntityKind::Group, "spec.parent", findings) {
                            parent.insert(e.key.clone(), (k, e));
                        }
                    }
                }
            }
            EntityKind::User => {
                if let Some(spec) = e.doc.get("spec") {
                    for g in spec.list("memberOf") {
                        if let Some(k) = resolve(e, g, EntityKind::Group, "spec.memberOf", findings)
                        {
                            members
                                .entry(k)
                                .or_default()
                                .insert(plan_name[&e.key].clone());
                        }
                    }
                }
            }
        }
    }
    // `spec.children` gives the parent of groups that do not name one themselves.
    for e in entities.iter().filter(|e| e.kind == EntityKind::Group) {
        let Some(spec) = e.doc.get("spec") else {
            continue;
        };
        for c in spec.list("children") {
            let Some(child) = resolve(e, c, EntityKind::Group, "spec.children", findings) else {
                continue;
            };
            match parent.get(&child) {
                None => {
                    parent.insert(child, (e.key.clone(), e));
                }
                Some((p, _)) if *p == e.key => {}
                Some((p, _)) => findings.problem(
                    at(&e.file, c.line),
                    e.subject(),
                    format!(
                        "lists {child} as a child, but that group's parent is {p}: kept {p} \
                         (fix one of the two in the catalog)"
                    ),
                ),
            }
        }
    }

    let mut teams = Vec::new();
    let mut people = Vec::new();
    for e in &entities {
        let name = plan_name[&e.key].clone();
        let title = e
            .doc
            .text_at(&["spec", "profile", "displayName"])
            .or_else(|| e.doc.text_at(&["metadata", "title"]))
            .map(str::to_string);
        let email = e.doc.text_at(&["spec", "profile", "email"]);
        let mut item = PlanItem::new(
            match e.kind {
                EntityKind::Group => "team",
                EntityKind::User => "person",
            },
            name,
            title,
        );
        if let Some(d) = e.doc.text_at(&["metadata", "description"]) {
            item.doc.extend(d.lines().map(str::to_string));
        }
        match e.kind {
            EntityKind::Group => {
                if let Some(t) = e.doc.text_at(&["spec", "type"]) {
                    item.doc.push(format!("Backstage group type: {t}."));
                }
                let m: Vec<Value> = members
                    .get(&e.key)
                    .into_iter()
                    .flatten()
                    .map(|n| Value::Ident(n.clone()))
                    .collect();
                item.field("members", m);
                if let Some((p, _)) = parent.get(&e.key) {
                    item.field("parent", vec![Value::Ident(plan_name[p].clone())]);
                }
                if let Some(email) = email {
                    // Teams have no `email` field: keep the address where a reader finds it.
                    item.doc.push(format!("Email: {email}"));
                }
                teams.push(item);
            }
            EntityKind::User => {
                if let Some(email) = email {
                    item.field("email", vec![Value::Str(email.to_string())]);
                }
                people.push(item);
            }
        }
    }

    let mut files = Vec::new();
    if !teams.is_empty() {
        let header = super::header(
            "the Backstage catalog",
            inputs,
            command,
            &[
                "Backstage has no team leads, so these teams have no `lead`: add them after",
                "each import (the diff of a re-import shows them as removed).",
            ],
        );
        files.push(PlanFile {
            file_name: "teams.plan".into(),
            text: super::render_plan(&header, &teams),
            summary: count(teams.len(), "team", "teams"),
        });
    }
    if !people.is_empty() {
        let header = super::header("the Backstage catalog", inputs, command, &[]);
        files.push(PlanFile {
            file_name: "people.plan".into(),
            text: super::render_plan(&header, &people),
            summary: count(people.len(), "person", "people"),
        });
    }
    Imported { files }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Reads every input file (folders: every `.yaml`/`.yml` file under them) and the local
/// targets of `Location` entities, once each, and returns the Group and User entities.
fn load_entities(inputs: &[PathBuf], findings: &mut Findings) -> Vec<Entity> {
    let mut queue: std::collections::VecDeque<(PathBuf, Option<String>)> = Default::default();
    for input in inputs {
        if input.is_dir() {
            for file in yaml_files_under(input) {
                queue.push_back((file, None));
            }
        } else {
            queue.push_back((input.clone(), None));
        }
    }
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut first_at: HashMap<Key, String> = HashMap::new();
    while let Some((file, referrer)) = queue.pop_front() {
        let canonical = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if !seen_files.insert(canonical) {
            continue;
        }
        let text = match std::fs::read(&file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    findings.problem(
                        file.display().to_string(),
                        None,
                        "not UTF-8 text, so not a catalog file: skipped",
                    );
                    continue;
                }
            },
            Err(e) => {
                let place = referrer.unwrap_or_else(|| file.display().to_string());
                findings.problem(
                    place,
                    None,
                    format!(
                        "cannot read {}: {}: skipped",
                        file.display(),
                        crate::workspace::io_message(&e)
                    ),
                );
                continue;
            }
        };
        let docs = match MarkedYaml::load_from_str(&text) {
            Ok(docs) => docs,
            Err(e) => {
                findings.problem(
                    at(&file, e.marker().line()),
                    None,
                    format!("not valid YAML ({}): file skipped", e.info()),
                );
                continue;
            }
        };
        for doc in &docs {
            let doc = Node::from_yaml(doc, 0);
            if matches!(doc.data, Data::Null) {
                continue;
            }
            let kind = doc.text_at(&["kind"]);
            let name = doc.text_at(&["metadata", "name"]);
            let (Some(kind), Some(name)) = (kind, name) else {
                findings.problem(
                    at(&file, doc.line),
                    None,
                    "not a Backstage entity (it needs `kind` and `metadata.name`): skipped",
                );
                continue;
            };
            let namespace = doc
                .text_at(&["metadata", "namespace"])
                .unwrap_or("default")
                .to_lowercase();
            let subject = Some(format!("{kind} {name}"));
            let entity_kind = match kind.to_lowercase().as_str() {
                "group" => EntityKind::Group,
                "user" => EntityKind::User,
                "location" => {
                    for (target, line) in location_targets(&file, &doc, findings, &subject) {
                        queue.push_back((target, Some(at(&file, line))));
                    }
                    continue;
                }
                _ => {
                    findings.problem(
                        at(&file, doc.line),
                        subject,
                        "only Group, User and Location entities are imported: skipped",
                    );
                    continue;
                }
            };
            let key = Key {
                kind: entity_kind.word().to_string(),
                namespace,
                name: name.to_lowercase(),
            };
            if let Some(first) = first_at.get(&key) {
                findings.problem(
                    at(&file, doc.line),
                    subject,
                    format!("defined again (first at {first}): this one is skipped"),
                );
                continue;
            }
            first_at.insert(key.clone(), at(&file, doc.line));
            entities.push(Entity {
                kind: entity_kind,
                key,
                name: name.to_string(),
                file: file.clone(),
                doc,
            });
        }
    }
    entities
}

/// The local files a `Location` entity points at, resolved against the location file's
/// folder, each with the line of its target. Remote targets are reported: the importer
/// reads local files only.
fn location_targets(
    file: &Path,
    doc: &Node,
    findings: &mut Findings,
    subject: &Option<String>,
) -> Vec<(PathBuf, usize)> {
    let base = file.parent().unwrap_or(Path::new(""));
    let Some(spec) = doc.get("spec") else {
        findings.problem(
            at(file, doc.line),
            subject.clone(),
            "a Location without `spec`: nothing to follow",
        );
        return Vec::new();
    };
    let mut targets: Vec<&Node> = spec.list("targets");
    if let Some(t) = spec.get("target") {
        targets.insert(0, t);
    }
    let mut out = Vec::new();
    for t in targets {
        let Some(target) = t.text() else {
            findings.problem(
                at(file, t.line),
                subject.clone(),
                "a Location target that is not a string: skipped",
            );
            continue;
        };
        if target.contains("://") {
            findings.problem(
                at(file, t.line),
                subject.clone(),
                format!(
                    "target {target} is not a local file: download it and pass the file to \
                     `coord import backstage`"
                ),
            );
            continue;
        }
        let target = target.strip_prefix("file:").unwrap_or(target);
        let target = target.trim_start_matches("./");
        if target.contains(['*', '?', '[', '{']) {
            let matched = glob_under(base, target);
            if matched.is_empty() {
                findings.problem(
                    at(file, t.line),
                    subject.clone(),
                    format!("target {target} matches no file"),
                );
            }
            out.extend(matched.into_iter().map(|p| (p, t.line)));
        } else {
            out.push((base.join(target), t.line));
        }
    }
    out
}

/// The files under `base` whose path relative to it matches `pattern` (`./teams/*.yaml`).
fn glob_under(base: &Path, pattern: &str) -> Vec<PathBuf> {
    let pattern = pattern.trim_start_matches("./");
    let Ok(glob) = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    })
    .build()
    .filter_map(Result::ok)
    .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
    .filter_map(|e| {
        let rel = e
            .path()
            .strip_prefix(if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base
            })
            .ok()?
            .to_path_buf();
        matcher.is_match(&rel).then(|| base.join(rel))
    })
    .collect();
    out.sort();
    out
}

/// Every `.yaml` and `.yml` file under `dir`, sorted (hidden files and what `.gitignore`
/// excludes are skipped, as `coord check` does for plans).
fn yaml_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(yaml: &str) -> Node {
        let docs = MarkedYaml::load_from_str(yaml).unwrap();
        Node::from_yaml(&docs[0], 0)
    }

    #[test]
    fn references_take_their_defaults_from_the_field() {
        let k = |s: &str, kind| parse_ref(&node(s), kind, "Default").unwrap().to_string();
        assert_eq!(k("jdoe", EntityKind::User), "user:default/jdoe");
        assert_eq!(
            k("user:default/JDoe", EntityKind::User),
            "user:default/jdoe"
        );
        assert_eq!(k("group:team-a", EntityKind::Group), "group:default/team-a");
        assert_eq!(k("ops/team-b", EntityKind::Group), "group:ops/team-b");
        assert_eq!(
            k("{kind: Group, namespace: x, name: y}", EntityKind::User),
            "group:x/y"
        );
        assert!(parse_ref(&node("[1, 2]"), EntityKind::User, "default").is_none());
        assert!(parse_ref(&node("'user:'"), EntityKind::User, "default").is_none());
    }
}
