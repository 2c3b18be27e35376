//! `coord.toml`: rule levels and limits, found next to the plan or in a parent directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use crate::date::WorkingHours;
use crate::diagnostic::Severity;

/// A configured rule level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "info" => Some(Level::Info),
            "off" => Some(Level::Off),
            _ => None,
        }
    }
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub(crate) path: Option<PathBuf>,
    pub(crate) levels: HashMap<String, Level>,
    /// `meeting-limit`: most attendees of a decision meeting.
    pub(crate) meeting_limit: usize,
    /// `liaison-limit`: most distinct teams one person is liaison to.
    pub(crate) liaison_limit: usize,
    /// `fan-out-teams`: other teams waiting on one task that make it a risk.
    pub(crate) fan_out_teams: usize,
    /// `meeting-budget`: default weekly minutes in meetings per person.
    pub(crate) meeting_budget_minutes: u64,
    /// `timezone`: the IANA zone of meetings that name none and whose owner has none.
    pub(crate) timezone: Option<String>,
    /// `working-hours`: start and end, in minutes since midnight, in each person's zone.
    pub(crate) working_hours: WorkingHours,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            levels: HashMap::new(),
            meeting_limit: 8,
            liaison_limit: 2,
            fan_out_teams: 3,
            meeting_budget_minutes: 600,
            timezone: None,
            working_hours: WorkingHours::default(),
        }
    }
}

/// A problem with `coord.toml`; the message names the file and, where known, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The configuration file's name (discovery and workspace roots look for it too).
pub use crate::workspace::CONFIG_FILE_NAME as FILE_NAME;
const TOP_KEYS: [&str; 7] = [
    "rules",
    "meeting-limit",
    "liaison-limit",
    "fan-out-teams",
    "meeting-budget",
    "timezone",
    "working-hours",
];

/// A person's weekly time in meetings against their budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeetingLoad {
    /// Weekly minutes in meetings.
    pub minutes: f64,
    /// Their `meeting-budget`, else the configured default, in minutes.
    pub budget: u64,
}

impl MeetingLoad {
    /// Over budget, allowing for rounding in fractional cadences (a quarterly meeting is 1/13 a
    /// week).
    pub fn is_over(&self) -> bool {
        self.minutes > self.budget as f64 + 1e-6
    }
}

impl Config {
    /// A person's meeting load: the one place that decides their budget, for the
    /// `meeting-overload` rule, the report and hover. `None` when the person wrote a budget that
    /// is not valid (reported already; their real budget is unknown).
    pub(crate) fn meeting_load(
        &self,
        ws: &crate::workspace::Workspace,
        model: &crate::model::Model,
        person: crate::model::PersonId,
    ) -> Option<MeetingLoad> {
        let p = &model.people[person.index()];
        let budget = match p.meeting_budget {
            Some(b) => b,
            None if {
                let (syntax, item) = model.item(ws, model.symbol(p.symbol).item);
                item.field(syntax, "meeting-budget").is_some()
            } =>
            {
                return None
            }
            None => self.meeting_budget_minutes,
        };
        Some(MeetingLoad {
            minutes: model.person_weekly_minutes[person.index()],
            budget,
        })
    }

    /// Parses the text of a `coord.toml`; `path` is used in messages.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let at = e
                .span()
                .map(|s| format!(":{}", line_of(s.start)))
                .unwrap_or_default();
            ConfigError(format!("{path}{at}: invalid TOML: {}", e.message()))
        })?;
        let locate = |key: &str| -> String {
            // The line that starts with the key (bare, quoted, or as a `[table]`), not the
            // first mention of it (which may be in a comment or a value).
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let t = line.trim_start().trim_start_matches(['[', '"', '\'']);
                if let Some(rest) = t.strip_prefix(key) {
                    if rest.starts_with(|c: char| {
                        matches!(c, '=' | ']' | '"' | '\'' | '.') || c.is_whitespace()
                    }) {
                        return format!(":{}", line_of(start));
                    }
                }
                start += line.len();
            }
            text.find(key)
                .map(|o| format!(":{}", line_of(o)))
                .unwrap_or_default()
        };
        let mut config = Config {
            path: Some(PathBuf::from(path)),
            ..Config::default()
        };
        for (key, value) in &table {
            let at = locate(key);
            let limit = |value: &toml::Value| -> Result<usize, ConfigError> {
                match value.as_integer() {
                    Some(n) if n >= 0 => Ok(n as usize),
                    _ => Err(ConfigError(format!(
                        "{path}{at}: `{key}` must be a whole number, like `{key} = 8`"
                    ))),
                }
            };
            match key.as_str() {
                "meeting-limit" => config.meeting_limit = limit(value)?,
                "liaison-limit" => config.liaison_limit = limit(value)?,
                "fan-out-teams" => config.fan_out_teams = limit(value)?,
                "meeting-budget" => {
                    config.meeting_budget_minutes = value
                        .as_str()
                        .and_then(crate::syntax::lexer::parse_duration)
                        .ok_or_else(|| {
                            ConfigError(format!(
                                "{path}{at}: `meeting-budget` must be a duration string, like `meeting-budget = \"10h\"`"
                            ))
                        })?
                }
                "timezone" => {
                    let name = value.as_str().unwrap_or_default();
                    if crate::date::zone(name).is_none() {
                        let hint = crate::date::suggest_zone(name)
                            .map(|s| format!(" (did you mean \"{s}\"?)"))
                            .unwrap_or_default();
                        return Err(ConfigError(format!(
                            "{path}{at}: `timezone` must be an IANA time zone name, like `timezone = \"Europe/Berlin\"`{hint}"
                        )));
                    }
                    config.timezone = Some(name.to_string());
                }
                "working-hours" => {
                    config.working_hours = value
                        .as_str()
                        .and_then(WorkingHours::parse)
                        .ok_or_else(|| {
                            ConfigError(format!(
                                "{path}{at}: `working-hours` must be a start and an end time, start first, like `working-hours = \"08:00-18:00\"`"
                            ))
                        })?
                }
                "rules" => {
                    let Some(rules) = value.as_table() else {
                        return Err(ConfigError(format!(
                            "{path}{at}: `rules` must be a table: `[rules]` followed by lines like `oversized-meeting = \"error\"`"
                        )));
                    };
                    for (code, level) in rules {
                        let at = locate(code);
                        if crate::rules::rule(code).is_none() {
                            let hint = crate::suggest::closest(code, crate::rules::ALL.iter().map(|r| r.code))
                                .map(|s| format!(" (did you mean `{s}`?)"))
                                .unwrap_or_default();
                            return Err(ConfigError(format!("{path}{at}: unknown rule `{code}` in [rules]{hint}")));
                        }
                        let level = level.as_str().and_then(Level::parse).ok_or_else(|| {
                            ConfigError(format!(
                                "{path}{at}: the level of `{code}` must be \"error\", \"warning\", \"info\" or \"off\""
                            ))
                        })?;
                        config.levels.insert(code.clone(), level);
                    }
                }
                other => {
                    let hint = crate::suggest::closest(other, TOP_KEYS.into_iter())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    return Err(ConfigError(format!(
                        "{path}{at}: unknown key `{other}`{hint}; the keys are {}",
                        TOP_KEYS.map(|k| format!("`{k}`")).join(", ")
                    )));
                }
            }
        }
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError(format!(
                "{shown}: cannot be read: {}",
                crate::workspace::io_message(&e)
            ))
        })?;
        Config::parse(&text, &shown)
    }

    /// Looks for `coord.toml` in `start` (a directory, or a file's directory) and its parents.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() {
            start.to_path_buf()
        } else {
            start.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let start = if start.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            start
        };
        let abs = std::fs::canonicalize(&start).unwrap_or(start);
        abs.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Finds and loads the configuration for a check starting at `start`; the default when
    /// there is none.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        match Config::find(start) {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        }
    }

    /// The severity of a rule after configuration; `None` when it is off.
    pub(crate) fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.levels.get(code) {
            Some(level) => level.severity(),
            None => Some(default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_limits() {
        let c = Config::parse(
            "meeting-limit = 6\nmeeting-budget = \"8h\"\n[rules]\noversized-meeting = \"error\"\norphan-person = \"off\"\n",
            "coord.toml",
        )
        .unwrap();
        assert_eq!(c.meeting_limit, 6);
        assert_eq!(c.meeting_budget_minutes, 480);
        assert_eq!(
            c.severity("oversized-meeting", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(c.severity("orphan-person", Severity::Info), None);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = Config::parse("meeting-limit = 6\nmeeting-limt = 3\n", "x/coord.toml").unwrap_err();
        assert!(
            e.0.starts_with(
                "x/coord.toml:2: unknown key `meeting-limt` (did you mean `meeting-limit`?)"
            ),
            "{e}"
        );
        let e = Config::parse("[rules\n", "coord.toml").unwrap_err();
        assert!(e.0.starts_with("coord.toml:1: invalid TOML"), "{e}");
        let e = Config::parse("[rules]\nunowned-tsk = \"off\"\n", "coord.toml").unwrap_err();
        assert!(e.0.contains("unknown rule `unowned-tsk`"), "{e}");
    }

    #[test]
    fn timezone_and_working_hours() {
        let c = Config::parse(
            "timezone = \"Europe/Berlin\"\nworking-hours = \"09:00-17:30\"\n",
            "coord.toml",
        )
        .unwrap();
        assert_eq!(c.timezone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(
            c.working_hours,
            WorkingHours {
                start: 540,
                end: 1050
            }
        );
        assert_eq!(c.working_hours.to_string(), "09:00-17:30");
        assert_eq!(Config::default().working_hours.to_string(), "08:00-18:00");
        let e = Config::parse("timezone = \"Europe/Berln\"\n", "x/coord.toml").unwrap_err();
        assert!(
            e.0.starts_with("x/coord.toml:1: `timezone` must be an IANA time zone name")
                && e.0.contains("did you mean \"Europe/Berlin\"?"),
            "{e}"
        );
        for bad in [
            "\"18:00-08:00\"",
            "\"9:00-17:00\"",
            "\"08:00-24:00\"",
            "\"08:00\"",
            "\"09:00-09:00\"",
            "8",
        ] {
            let e = Config::parse(
                &format!("meeting-limit = 8\nworking-hours = {bad}\n"),
                "coord.toml",
            )
            .unwrap_err();
            assert!(
                e.0.starts_with("coord.toml:2: `working-hours` must be a start and an end time"),
                "{bad}: {e}"
            );
        }
        let e = Config::parse("timezone = 3\n", "coord.toml").unwrap_err();
        assert!(e.0.contains("`timezone` must be"), "{e}");
    }
}
