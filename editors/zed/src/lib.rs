//! Zed extension for Coord `.plan` files: starts `coord lsp`.
//!
//! The binary is `lsp.coord.binary.path` from Zed's settings when set, else `coord`
//! found on the worktree's PATH.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

const INSTALL_HINT: &str = "the Coord language server (`coord`) was not found on PATH: \
    install it with `cargo install --path .` from the Coord repository, or set \
    `lsp.coord.binary.path` in Zed's settings";

struct CoordExtension;

impl zed::Extension for CoordExtension {
    fn new() -> Self {
        CoordExtension
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let command = binary
            .as_ref()
            .and_then(|binary| binary.path.clone())
            .or_else(|| worktree.which("coord"))
            .ok_or_else(|| INSTALL_HINT.to_string())?;
        let args = binary
            .and_then(|binary| binary.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }

    fn language_server_workspace_configuration(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings))
    }
}

zed::register_extension!(CoordExtension);
