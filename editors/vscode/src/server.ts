// Locating the `coord` binary. No `vscode` import here, so this module is unit-tested
// with plain Node (see test/).
import * as fs from 'fs';
import * as path from 'path';

// Plain text: VS Code shows notification text as is, so no Markdown code spans here.
export const INSTALL_HINT =
  'Install it with "cargo install --path ." from a checkout of the Coord repository ' +
  '(this puts coord in ~/.cargo/bin), or set "coord.server.path" to the binary.';

export interface ResolveOptions {
  /** The PATH to search (defaults to process.env.PATH). */
  envPath?: string;
  /** Windows executable extensions (defaults to process.env.PATHEXT). */
  pathExt?: string;
  platform?: NodeJS.Platform;
  /** Directory that relative paths are taken from (the first workspace folder). */
  cwd?: string;
  /** Home directory, for `~/` paths. */
  home?: string;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the server binary named by the `coord.server.path` setting: a bare name is
 * looked up on PATH, anything with a path separator is taken as a path (relative to
 * `cwd`, `~/` expanded). Returns the absolute path, or undefined when there is no such
 * executable.
 */
export function resolveServerPath(setting: string, options: ResolveOptions = {}): string | undefined {
  const platform = options.platform ?? process.platform;
  const home = options.home ?? process.env.HOME ?? process.env.USERPROFILE ?? '';
  let command = (setting || 'coord').trim();
  if (command === '') {
    command = 'coord';
  }
  if (command === '~' || command.startsWith('~/')) {
    command = path.join(home, command.slice(1));
  }
  const exts =
    platform === 'win32'
      ? ['', ...(options.pathExt ?? process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)]
      : [''];

  const hasSeparator = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  if (hasSeparator || path.isAbsolute(command)) {
    const full = path.resolve(options.cwd ?? process.cwd(), command);
    for (const ext of exts) {
      if (isExecutableFile(full + ext, platform)) {
        return full + ext;
      }
    }
    return undefined;
  }

  const dirs = (options.envPath ?? process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  // cargo installs into ~/.cargo/bin, which GUI-launched editors often lack on PATH.
  if (home) {
    dirs.push(path.join(home, '.cargo', 'bin'));
  }
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** The error shown when the binary cannot be found. */
export function missingServerMessage(setting: string): string {
  return `Coord language server not found: "${setting || 'coord'}" is not an executable. ${INSTALL_HINT}`;
}
