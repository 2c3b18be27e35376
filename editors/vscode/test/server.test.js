// Unit tests for out/server.js (locating the `coord` binary). Run: npm test
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { resolveServerPath, missingServerMessage } = require('../out/server.js');

function tempBin(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coord-vscode-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, 0o755);
  return { dir, file };
}

test('a bare name is looked up on PATH', () => {
  const { dir, file } = tempBin('coord');
  assert.strictEqual(resolveServerPath('coord', { envPath: `/nonexistent${path.delimiter}${dir}`, home: '/nonexistent' }), file);
});

test('the default setting is coord', () => {
  const { dir, file } = tempBin('coord');
  assert.strictEqual(resolveServerPath('', { envPath: dir, home: '/nonexistent' }), file);
});

test('~/.cargo/bin is searched even when not on PATH', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'coord-home-'));
  fs.mkdirSync(path.join(home, '.cargo', 'bin'), { recursive: true });
  const file = path.join(home, '.cargo', 'bin', 'coord');
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  assert.strictEqual(resolveServerPath('coord', { envPath: '/nonexistent', home }), file);
});

test('a path is taken relative to the workspace folder', () => {
  const { dir, file } = tempBin('coord');
  assert.strictEqual(resolveServerPath('./coord', { cwd: dir, envPath: '' }), file);
  assert.strictEqual(resolveServerPath(file, { envPath: '' }), file);
});

test('a missing or non-executable binary resolves to undefined', () => {
  assert.strictEqual(resolveServerPath('coord-does-not-exist', { envPath: os.tmpdir(), home: '/nonexistent' }), undefined);
  assert.strictEqual(resolveServerPath('/nonexistent/coord', {}), undefined);
  const { file } = tempBin('coord');
  fs.chmodSync(file, 0o644);
  assert.strictEqual(resolveServerPath(file, { platform: 'linux' }), undefined);
  // A directory is not a binary.
  assert.strictEqual(resolveServerPath(os.tmpdir(), {}), undefined);
});

test('the missing-binary message says how to install coord', () => {
  const message = missingServerMessage('coord');
  assert.match(message, /not found/);
  assert.match(message, /cargo install --path \./);
  assert.match(message, /coord\.server\.path/);
});
