#!/usr/bin/env node
// Tokenizes .plan files with the TextMate grammar (vscode-textmate, as VS Code does)
// and checks that no token of a valid file gets an `invalid.*` scope. Files under an
// `invalid/` folder are tokenized too (the grammar must not break on them), and
// their invalid tokens are listed.
//
//   node check-fixtures.js [DIR...]   (default: ../../tests/editors/fixtures)
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const grammarPath = path.join(__dirname, 'plan.tmLanguage.json');
const dirs = process.argv.length > 2
  ? process.argv.slice(2)
  : [path.join(__dirname, '../../tests/editors/fixtures')];

function planFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...planFiles(full));
    else if (entry.name.endsWith('.plan')) out.push(full);
  }
  return out.sort();
}

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.plan'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar('source.plan');

  let passed = 0;
  let failed = 0;
  for (const file of dirs.flatMap(planFiles)) {
    const rel = path.relative(process.cwd(), file);
    let text = fs.readFileSync(file, 'utf8');
    if (text.startsWith('\ufeff')) text = text.slice(1); // as editors do
    const invalid = [];
    let state = vsctm.INITIAL;
    text.split(/\r?\n/).forEach((line, row) => {
      const result = grammar.tokenizeLine(line, state);
      for (const token of result.tokens) {
        if (token.scopes.some((s) => s.startsWith('invalid.'))) {
          invalid.push(`${row + 1}:${token.startIndex + 1} ${JSON.stringify(line.slice(token.startIndex, token.endIndex))}`);
        }
      }
      state = result.ruleStack;
    });
    const expectInvalid = file.split(path.sep).includes('invalid');
    if (!expectInvalid && invalid.length > 0) {
      failed++;
      console.log(`FAIL  ${rel}: invalid scopes at ${invalid.join(', ')}`);
    } else {
      passed++;
      console.log(`ok    ${rel}${invalid.length ? ` (invalid at ${invalid.join(', ')})` : ''}`);
    }
  }
  console.log(`textmate fixtures: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
