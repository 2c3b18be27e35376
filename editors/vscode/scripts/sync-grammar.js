#!/usr/bin/env node
// Copies the TextMate grammar from grammar/textmate (its one source of truth) into
// this extension, because vsce packages only files inside the extension folder.
// `--check` only verifies that the copy is present and identical.
'use strict';
const fs = require('fs');
const path = require('path');

const source = path.resolve(__dirname, '../../../grammar/textmate/plan.tmLanguage.json');
const target = path.resolve(__dirname, '../syntaxes/plan.tmLanguage.json');

const want = fs.readFileSync(source);
if (process.argv.includes('--check')) {
  const have = fs.existsSync(target) ? fs.readFileSync(target) : null;
  if (!have || !have.equals(want)) {
    console.error(`${target} differs from ${source}: run \`npm run sync-grammar\``);
    process.exit(1);
  }
  console.log('syntaxes/plan.tmLanguage.json is identical to grammar/textmate/plan.tmLanguage.json');
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, want);
  console.log(`copied ${path.relative(process.cwd(), source)} -> ${path.relative(process.cwd(), target)}`);
}
