#!/usr/bin/env node
// The Coord VS Code extension end to end, in the real VS Code: code-server 4.100.3
// (VS Code 1.100.3 in the browser), driven by Playwright and Debian's Chromium.
//
// Builds the .vsix as editors/vscode/README.md says (npm ci, npx vsce package), installs it
// into code-server, opens a copy of examples/showcase with `coord.server.path` set to the
// `coord` under test, and checks, as a user would see it:
//   problems  the status bar's problem counts equal `coord check --format json`'s
//   hover     hovering the `liaison` keyword shows the liaison documentation
//   definition F12 on `amir` in broken.plan opens northwind.plan at `person amir`
//   restart   "Coord: Restart Language Server" starts a new server and the problems return
//   rename    F2 `amir` -> `amira`, Save All: both files changed on disk, every mention
//   not-found `coord.server.path` naming no binary gives the extension's error notification
// Screenshots go to target/vscode-e2e/ (kept by CI). Ends with one line
// "vscode-e2e: N passed, N failed".
//
// Needs: code-server (install.sh), playwright-core (npm ci here), /usr/bin/chromium, and the
// coord binary (COORD_BIN, else target/debug/coord). When one is missing the test prints why
// and exits 0, or fails under COORD_REQUIRE_ALL=1.
//
//   COORD_BIN        the coord binary to test (default target/debug/coord)
//   CODE_SERVER_DIR  where install.sh put code-server (same default as install.sh)
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   E2E_KEEP=1       keep the temporary folder (workspace, logs, profiles)
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const CODE_SERVER_VERSION = '4.100.3';
const repo = path.resolve(__dirname, '..', '..', '..');
const extensionDir = path.join(repo, 'editors', 'vscode');
const shotsDir = path.join(repo, 'target', 'vscode-e2e');
const requireAll = process.env.COORD_REQUIRE_ALL === '1';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const codeServerDir =
  process.env.CODE_SERVER_DIR ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'coord-e2e', `code-server-${CODE_SERVER_VERSION}`);
const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const coordBin = path.resolve(process.env.COORD_BIN || path.join(repo, 'target', 'debug', 'coord'));

// Chromium as this machine runs it: no sandbox (root), no GPU, and none of the background
// connections that a closed network refuses.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function log(message) {
  console.log(`vscode-e2e: ${message}`);
}

function skipOrFail(reason) {
  if (requireAll) {
    log(`FAILED: ${reason} (COORD_REQUIRE_ALL=1 requires this test)`);
    log('0 passed, 1 failed');
    process.exit(1);
  }
  log(`skipped: ${reason}`);
  process.exit(0);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed (exit ${result.status}):\n${result.stdout || ''}${result.stderr || ''}`,
    );
  }
  return result.stdout;
}

// --- prerequisites --------------------------------------------------------------------

function prerequisites() {
  if (!fs.existsSync(chromiumPath)) {
    skipOrFail(`no Chromium at ${chromiumPath} (apt-get install chromium)`);
  }
  let playwright;
  try {
    playwright = require(require.resolve('playwright-core', { paths: [__dirname] }));
  } catch {
    skipOrFail(`playwright-core is not installed (run tests/editors/vscode_e2e/install.sh)`);
  }
  if (!fs.existsSync(codeServerEntry)) {
    skipOrFail(`code-server ${CODE_SERVER_VERSION} is not installed at ${codeServerDir} (run tests/editors/vscode_e2e/install.sh)`);
  }
  if (!fs.existsSync(coordBin)) {
    skipOrFail(`no coord binary at ${coordBin} (cargo build, or set COORD_BIN)`);
  }
  return playwright;
}

// --- the .vsix, built as editors/vscode/README.md says -------------------------------

function buildVsix() {
  const version = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8')).version;
  const vsix = path.join(extensionDir, `coord-plan-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  log('building the .vsix: npm ci; npx vsce package --allow-missing-repository --skip-license');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: extensionDir });
  run('npx', ['--no-install', 'vsce', 'package', '--allow-missing-repository', '--skip-license'], {
    cwd: extensionDir,
  });
  if (!fs.existsSync(vsix)) {
    throw new Error(`vsce package did not write ${vsix}`);
  }
  return vsix;
}

// --- what `coord check` says ----------------------------------------------------------

function expectedCounts(workspace) {
  const result = spawnSync(coordBin, ['check', '--format', 'json', '.'], { cwd: workspace, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`coord check failed (exit ${result.status}): ${result.stderr}`);
  }
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of JSON.parse(result.stdout).diagnostics) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/** The first paragraph of `coord explain NAME`, as plain text (code spans unquoted). */
function explainSummary(name) {
  const text = run(coordBin, ['explain', name]);
  const paragraph = text.split(/\n\s*\n/).find((p) => p.trim() && !p.trim().startsWith('#'));
  return paragraph.replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

function countsText(c) {
  return `${c.errors} errors, ${c.warnings} warnings, ${c.infos} infos`;
}

// --- code-server ----------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5 * SECOND, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Polls `probe` until it answers a truthy value, and returns that value. */
async function waitFor(what, timeoutMs, probe, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    // A probe answers a value (falsy: not yet) or { ok, detail } (ok falsy: not yet).
    last = await probe();
    const value = last && typeof last === 'object' && 'ok' in last ? last.ok : last;
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      const detail = last && last.detail ? `: ${last.detail}` : '';
      throw new Error(`timed out after ${Math.round(timeoutMs / SECOND)} s waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The environment code-server and everything it starts run in: nothing of the user's. */
function isolatedEnv(tmp) {
  const env = { ...process.env };
  env.XDG_CONFIG_HOME = path.join(tmp, 'xdg-config');
  env.XDG_DATA_HOME = path.join(tmp, 'xdg-data');
  env.XDG_CACHE_HOME = path.join(tmp, 'xdg-cache');
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  return env;
}

function writeSettings(userDataDir, serverPath) {
  const settings = {
    'coord.server.path': serverPath,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'editor.hover.delay': 100,
    'files.autoSave': 'off',
  };
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

async function startCodeServer(tmp, workspace, userDataDir, extensionsDir, logFile) {
  const port = await freePort();
  const configFile = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    env: isolatedEnv(tmp),
    stdio: ['ignore', out, out],
    detached: true, // its own process group, so the whole tree is stopped at the end
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('code-server to answer /healthz', 3 * MINUTE, async () => {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited (${child.exitCode}); log: ${logFile}`);
    }
    return (await httpStatus(`${url}/healthz`)) === 200;
  });
  return { child, url };
}

function stopProcessGroup(child) {
  if (child && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Pids of the running `coord` servers started (at any depth) by the process `rootPid`. */
function serverPids(rootPid) {
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const real = fs.realpathSync(coordBin);
  const pids = [];
  for (const pid of parents.keys()) {
    let exe;
    try {
      exe = fs.readlinkSync(`/proc/${pid}/exe`);
    } catch {
      continue;
    }
    if (exe !== real) continue;
    for (let p = parents.get(pid); p && p > 1; p = parents.get(p)) {
      if (p === rootPid) {
        pids.push(pid);
        break;
      }
    }
  }
  return pids.sort((a, b) => a - b);
}

// --- the workbench, as a user drives it ----------------------------------------------

async function statusProblems(page) {
  const item = page.locator('[id="status.problems"]');
  if ((await item.count()) === 0) return undefined;
  const labels = await item.evaluate((el) =>
    [el.getAttribute('aria-label'), ...Array.from(el.querySelectorAll('[aria-label]'), (e) => e.getAttribute('aria-label'))]
      .filter(Boolean)
      .join(' | '),
  );
  const number = (word) => {
    const m = new RegExp(`${word}: (\\d+)`).exec(labels);
    return m ? Number(m[1]) : 0;
  };
  return { errors: number('Errors'), warnings: number('Warnings'), infos: number('Infos'), label: labels };
}

async function notificationTexts(page) {
  return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
}

async function waitForProblems(page, expected, timeoutMs) {
  return waitFor(`the status bar to show ${countsText(expected)}`, timeoutMs, async () => {
    const seen = await statusProblems(page);
    const notes = await notificationTexts(page);
    const failure = notes.find((n) => /coord/i.test(n) && /(fail|crash|not found|couldn't|error)/i.test(n));
    if (failure) {
      throw new Error(`the extension reported: ${failure}`);
    }
    const ok =
      seen && seen.errors === expected.errors && seen.warnings === expected.warnings && seen.infos === expected.infos;
    const detail = `status bar says "${seen ? seen.label : 'no problems item'}"; notifications: ${JSON.stringify(notes)}`;
    return { ok: ok && detail, detail };
  });
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30 * SECOND });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 30 * SECOND });
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: 30 * SECOND });
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30 * SECOND });
  await input.fill(name);
  // The list filters as it is typed into: pick the row once the focused one is the file.
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 60 * SECOND });
  await row.click();
  await activeTab(page, name);
  await page.locator('.editor-instance .monaco-editor textarea').first().waitFor({ state: 'attached' });
}

async function activeTab(page, name, timeout = 30 * SECOND) {
  await page
    .locator('.tabs-container .tab.active', { hasText: name })
    .first()
    .waitFor({ state: 'visible', timeout });
}

async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30 * SECOND });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 30 * SECOND });
  await waitForCursor(page, line, column);
}

async function cursorText(page) {
  const item = page.locator('[id="status.editor.selection"]');
  return (await item.count()) ? (await item.innerText()).trim() : '';
}

async function waitForCursor(page, line, column, timeoutMs = 30 * SECOND) {
  const want = column === undefined ? new RegExp(`^Ln ${line}, Col \\d+`) : new RegExp(`^Ln ${line}, Col ${column}\\b`);
  return waitFor(`the cursor at line ${line}${column ? `, column ${column}` : ''}`, timeoutMs, async () => {
    const text = await cursorText(page);
    return { ok: want.test(text), detail: `status bar says "${text}"` };
  });
}

// How often `word` is written as a name: comments are left out (a rename changes names, not
// the prose of a comment that mentions one).
function wordCount(text, word) {
  const code = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n');
  return (code.match(new RegExp(`(?<![\\w-])${word}(?![\\w-])`, 'g')) || []).length;
}

// --- the test -------------------------------------------------------------------------

async function main() {
  const playwright = prerequisites();
  const started = Date.now();
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coord-vscode-e2e-'));
  const workspace = path.join(tmp, 'showcase');
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const profileDir = path.join(tmp, 'chromium-profile');
  const logFile = path.join(tmp, 'code-server.log');
  fs.cpSync(path.join(repo, 'examples', 'showcase'), workspace, { recursive: true });
  log(`coord: ${coordBin}; code-server ${CODE_SERVER_VERSION}: ${codeServerEntry}; folder: ${tmp}`);

  const results = [];
  let passed = 0;
  let failed = 0;
  let codeServer;
  let context;
  let page;
  let shot = 0;
  const screenshot = async (name) => {
    if (!page) return;
    shot += 1;
    const slug = name.split(':')[0].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const file = path.join(shotsDir, `${String(shot).padStart(2, '0')}-${slug}.png`);
    try {
      // Fade-ins finished, so a hover or notification is shown as the user sees it.
      await page.screenshot({ path: file, animations: 'disabled' });
    } catch (err) {
      log(`(screenshot ${name} failed: ${err.message})`);
    }
  };
  let serverUp = false;
  const check = async (name, fn, needsServer = true) => {
    const t0 = Date.now();
    if (needsServer && !serverUp) {
      failed++;
      results.push(`FAILED ${name}: not run, the language server is not running`);
      log(`FAILED: ${name}: not run, the language server is not running`);
      return;
    }
    try {
      await fn();
      passed++;
      results.push(`ok     ${name} (${((Date.now() - t0) / SECOND).toFixed(1)} s)`);
      log(`ok: ${name} (${((Date.now() - t0) / SECOND).toFixed(1)} s)`);
      await screenshot(name);
    } catch (err) {
      failed++;
      results.push(`FAILED ${name}: ${err.message}`);
      log(`FAILED: ${name}: ${err.message}`);
      await screenshot(`${name.split(':')[0]} FAILED`);
    }
  };

  try {
    const vsix = buildVsix();
    log(`installing ${path.basename(vsix)} into code-server`);
    run(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
      '--install-extension', vsix], { env: isolatedEnv(tmp) });

    writeSettings(userDataDir, coordBin);
    const expected = expectedCounts(workspace);
    log(`coord check --format json: ${countsText(expected)}`);
    if (expected.errors + expected.warnings + expected.infos === 0) {
      throw new Error('coord check found no problems in examples/showcase: the problems check would prove nothing');
    }

    codeServer = await startCodeServer(tmp, workspace, userDataDir, extensionsDir, logFile);
    log(`code-server up at ${codeServer.url} (${((Date.now() - started) / SECOND).toFixed(0)} s)`);

    context = await playwright.chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1600, height: 1000 },
    });
    page = context.pages()[0] || (await context.newPage());
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 3 * MINUTE });
    await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 3 * MINUTE });
    await screenshot('workbench');

    await check('problems: status bar counts equal coord check', async () => {
      // The extension starts on `workspaceContains:**/*.plan`; opening a file makes sure.
      await openFile(page, 'northwind.plan');
      const seen = await waitForProblems(page, expected, 3 * MINUTE);
      const pids = serverPids(codeServer.child.pid);
      if (pids.length !== 1) {
        throw new Error(`expected one coord server, found pids ${pids}`);
      }
      serverUp = true;
      const cmdline = fs.readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8').split('\0').filter(Boolean);
      log(`server: ${cmdline.join(' ')}; ${seen}`);
    }, false);

    await check('hover: liaison keyword shows its documentation', async () => {
      const text = fs.readFileSync(path.join(workspace, 'northwind.plan'), 'utf8').split('\n');
      const line = text.findIndex((l) => l.startsWith('liaison ')) + 1;
      if (line === 0) throw new Error('northwind.plan has no liaison');
      await goTo(page, line, 3);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
      await hover.waitFor({ state: 'visible', timeout: MINUTE });
      // The item kind's documentation, as `coord explain liaison` opens with it.
      const summary = explainSummary('liaison');
      const shown = await waitFor('the hover to show the liaison documentation', MINUTE, async () => {
        const t = (await hover.innerText()).replace(/\s+/g, ' ');
        return { ok: t.includes(summary) ? t : false, detail: `hover says "${t}", not "${summary}"` };
      });
      log(`hover: ${shown.slice(0, 160)}...`);
      await screenshot('hover-shown');
      await page.keyboard.press('Escape');
    });

    await check('definition: F12 on amir in broken.plan opens northwind.plan at person amir', async () => {
      const northwind = fs.readFileSync(path.join(workspace, 'northwind.plan'), 'utf8').split('\n');
      const defLine = northwind.findIndex((l) => /^person amir\b/.test(l)) + 1;
      await openFile(page, 'broken.plan');
      const broken = fs.readFileSync(path.join(workspace, 'broken.plan'), 'utf8').split('\n');
      const refLine = broken.findIndex((l) => /\bowner amir\b/.test(l)) + 1;
      await goTo(page, refLine, broken[refLine - 1].indexOf('amir') + 2);
      await page.keyboard.press('F12');
      await activeTab(page, 'northwind.plan');
      await waitForCursor(page, defLine);
    });

    await check('restart: "Coord: Restart Language Server" starts a new server, problems return', async () => {
      const before = serverPids(codeServer.child.pid);
      if (before.length === 0) throw new Error('no coord server running before the restart');
      await runCommand(page, 'Coord: Restart Language Server');
      await waitFor('a new coord server process', MINUTE, async () => {
        const now = serverPids(codeServer.child.pid);
        return { ok: now.length === 1 && !before.includes(now[0]), detail: `before ${before}, now ${now}` };
      });
      await waitForProblems(page, expected, 2 * MINUTE);
    });

    await check('rename: F2 on amir renames it in every file (on disk after Save All)', async () => {
      const files = ['northwind.plan', 'broken.plan'];
      const before = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(workspace, f), 'utf8')]));
      const mentions = Object.fromEntries(files.map((f) => [f, wordCount(before[f], 'amir')]));
      if (files.some((f) => mentions[f] === 0)) throw new Error(`amir is not in every file: ${JSON.stringify(mentions)}`);
      await openFile(page, 'broken.plan');
      const broken = before['broken.plan'].split('\n');
      const refLine = broken.findIndex((l) => /\bowner amir\b/.test(l)) + 1;
      await goTo(page, refLine, broken[refLine - 1].indexOf('amir') + 2);
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input, .rename-box textarea').first();
      await input.waitFor({ state: 'visible', timeout: MINUTE });
      await input.fill('amira');
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: MINUTE });
      await runCommand(page, 'File: Save All');
      await waitFor('the renamed files on disk', MINUTE, async () => {
        const now = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(workspace, f), 'utf8')]));
        const ok = files.every((f) => wordCount(now[f], 'amir') === 0 && wordCount(now[f], 'amira') === mentions[f]);
        return {
          ok,
          detail: files.map((f) => `${f}: amir ${wordCount(now[f], 'amir')}, amira ${wordCount(now[f], 'amira')} (want ${mentions[f]})`).join('; '),
        };
      });
      // A consistent rename changes no diagnostic.
      await waitForProblems(page, expectedCounts(workspace), MINUTE);
    });

    await check('not found: a missing coord.server.path gives the extension\'s message', async () => {
      // Set as a user does: the Settings editor, searched for the setting.
      const missing = path.join(tmp, 'no-such-dir', 'coord');
      await runCommand(page, 'Preferences: Open User Settings');
      await page.locator('.settings-editor').waitFor({ state: 'visible', timeout: MINUTE });
      await page.keyboard.type('coord.server.path');
      // In code-server the window is remote: machine-overridable settings are in its tab.
      await page.locator('.settings-tabs-widget .action-label', { hasText: 'Remote' }).first().click();
      const field = page.locator('.settings-editor .setting-item-text', { hasText: 'Path' }).locator('input').first();
      await field.waitFor({ state: 'visible', timeout: MINUTE });
      await field.fill(missing);
      await page.keyboard.press('Tab');
      const note = await waitFor('the "server not found" notification', 2 * MINUTE, async () => {
        const notes = await notificationTexts(page);
        const found = notes.find((n) => n.includes('Coord language server not found'));
        return { ok: found ? found : false, detail: `notifications: ${JSON.stringify(notes)}` };
      });
      if (!note.includes(`"${missing}"`) || !note.includes('cargo install --path .') || note.includes('`')) {
        throw new Error(`the message should quote the setting's value and say how to install, in plain text: "${note}"`);
      }
      log(`notification: ${note}`);
      await waitFor('the old server to stop', MINUTE, async () => serverPids(codeServer.child.pid).length === 0);
    }, false);
  } catch (err) {
    failed++;
    results.push(`FAILED setup: ${err.message}`);
    log(`FAILED: setup: ${err.stack || err.message}`);
    await screenshot('setup-FAILED');
  } finally {
    if (context) await context.close().catch(() => {});
    stopProcessGroup(codeServer && codeServer.child);
    if (failed > 0 && fs.existsSync(logFile)) {
      fs.copyFileSync(logFile, path.join(shotsDir, 'code-server.log'));
      const exthost = findFiles(path.join(userDataDir, 'logs'), /exthost\.log$|Coord Language Server\.log$/);
      for (const f of exthost) {
        fs.copyFileSync(f, path.join(shotsDir, path.basename(f)));
      }
      log(`logs copied to ${shotsDir}`);
    }
    if (process.env.E2E_KEEP === '1') {
      log(`kept ${tmp}`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  for (const r of results) console.log(`  ${r}`);
  log(`screenshots in ${path.relative(repo, shotsDir)}/ (${((Date.now() - started) / SECOND).toFixed(0)} s)`);
  log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

function findFiles(dir, pattern) {
  const found = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (pattern.test(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
