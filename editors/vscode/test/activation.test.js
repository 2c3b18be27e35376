// Loads out/extension.js against a stub of the `vscode` API and of
// vscode-languageclient, to check activation: the server is started as
// `<coord.server.path> lsp`, and a missing binary gives an error notification and
// status saying how to install it.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');

function makeStubs(settings) {
  const calls = { errors: [], commands: {}, clients: [], executed: [] };
  const status = { text: '', tooltip: '', shown: false, show() { this.shown = true; } };
  const vscode = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class { constructor(id) { this.id = id; } },
    window: {
      createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
      createStatusBarItem: () => status,
      showErrorMessage: (message, ...items) => { calls.errors.push({ message, items }); return Promise.resolve(undefined); },
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (key, def) => (key in settings ? settings[key] : def) }),
      createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    commands: {
      registerCommand: (id, fn) => { calls.commands[id] = fn; return { dispose() {} }; },
      executeCommand: (...args) => { calls.executed.push(args); return Promise.resolve(); },
    },
  };
  const lc = {
    State: { Stopped: 1, Running: 2, Starting: 3 },
    TransportKind: { stdio: 0 },
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) {
        Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
        calls.clients.push(this);
      }
      onDidChangeState(fn) { this.stateListener = fn; }
      async start() { this.started = true; this.stateListener && this.stateListener({ newState: 2 }); }
      async stop() { this.stopped = true; }
    },
  };
  return { vscode, lc, calls, status };
}

function loadExtension(stubs) {
  const file = require.resolve('../out/extension.js');
  delete require.cache[file];
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return stubs.vscode;
    if (request === 'vscode-languageclient/node') return stubs.lc;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    return require(file);
  } finally {
    Module._load = originalLoad;
  }
}

test('a missing binary: error notification and status with install instructions', async () => {
  const stubs = makeStubs({ 'server.path': '/nonexistent/bin/coord' });
  const ext = loadExtension(stubs);
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(stubs.calls.clients.length, 0);
  assert.strictEqual(stubs.calls.errors.length, 1);
  assert.match(stubs.calls.errors[0].message, /cargo install --path \./);
  assert.match(stubs.calls.errors[0].message, /\/nonexistent\/bin\/coord/);
  assert.ok(stubs.status.text.includes('coord'));
  assert.match(stubs.status.text, /error/);
  assert.ok(stubs.calls.commands['coord.restartServer'], 'coord.restartServer registered');
});

test('a present binary is started as `coord lsp` over stdio, and restart restarts it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coord-act-'));
  const bin = path.join(dir, 'coord');
  fs.writeFileSync(bin, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(bin, 0o755);
  const stubs = makeStubs({ 'server.path': bin, 'server.extraArgs': ['--verbose'] });
  const ext = loadExtension(stubs);
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(stubs.calls.errors.length, 0);
  assert.strictEqual(stubs.calls.clients.length, 1);
  const client = stubs.calls.clients[0];
  assert.strictEqual(client.id, 'coord', 'the id makes coord.trace.server apply');
  assert.strictEqual(client.serverOptions.command, bin);
  assert.deepStrictEqual(client.serverOptions.args, ['lsp', '--verbose']);
  assert.ok(client.clientOptions.documentSelector.some((s) => s.language === 'plan'));
  assert.ok(client.started);
  assert.match(stubs.status.text, /check/);

  await stubs.calls.commands['coord.restartServer']();
  assert.ok(client.stopped, 'old client stopped');
  assert.strictEqual(stubs.calls.clients.length, 2);
  assert.ok(stubs.calls.clients[1].started);
  await ext.deactivate();
  assert.ok(stubs.calls.clients[1].stopped);
});
