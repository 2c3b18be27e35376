// Checks the extension manifest, the language configuration and the grammar copy.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('contributes the plan language for .plan files', () => {
  const lang = pkg.contributes.languages.find((l) => l.id === 'plan');
  assert.ok(lang, 'language plan');
  assert.deepStrictEqual(lang.extensions, ['.plan']);
  assert.ok(fs.existsSync(path.join(root, lang.configuration)));
});

test('contributes the TextMate grammar, identical to grammar/textmate', () => {
  const grammar = pkg.contributes.grammars.find((g) => g.language === 'plan');
  assert.strictEqual(grammar.scopeName, 'source.plan');
  const copy = fs.readFileSync(path.join(root, grammar.path));
  const source = fs.readFileSync(path.join(root, '../../grammar/textmate/plan.tmLanguage.json'));
  assert.ok(copy.equals(source), 'syntaxes/plan.tmLanguage.json must be a copy of grammar/textmate/plan.tmLanguage.json (npm run sync-grammar)');
  assert.strictEqual(JSON.parse(copy).scopeName, 'source.plan');
});

test('settings and the restart command', () => {
  const props = pkg.contributes.configuration.properties;
  assert.strictEqual(props['coord.server.path'].default, 'coord');
  assert.deepStrictEqual(props['coord.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'coord.restartServer'));
});

test('vscode-languageclient 9 is a runtime dependency', () => {
  assert.match(pkg.dependencies['vscode-languageclient'], /^\^9\./);
  assert.strictEqual(pkg.main, './out/extension.js');
});

test('language configuration: # comments, {} brackets, auto-closing { and "', () => {
  const conf = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
  assert.strictEqual(conf.comments.lineComment, '#');
  assert.deepStrictEqual(conf.brackets, [['{', '}']]);
  const opens = conf.autoClosingPairs.map((p) => p.open);
  assert.ok(opens.includes('{') && opens.includes('"'));
  assert.ok(conf.folding);
});
