//! The library's one entry point: [`Host`] holds a plan's inputs — its files, its `coord.toml`
//! and the date it is checked on — applies changes to them, and hands out their [`Analysis`].
//! The CLI and the language server both hold one; so do the benches and the fuzz targets.

use std::path::PathBuf;

use crate::analysis::{analyze, Analysis};
use crate::config::Config;
use crate::syntax::Date;
use crate::workspace::{self, FileId, LoadError, Workspace};

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

    /// Runs every enabled rule over the plan as it is now.
    pub fn analyze(&self) -> Analysis {
        analyze(&self.workspace, &self.config, self.today())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
