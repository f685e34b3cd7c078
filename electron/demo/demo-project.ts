/**
 * The demo's project: `textkit`, a tiny string-utilities library that needs nothing but `node` to
 * test, so an agent's change can be checked for real in its worktree (`node test/run.mjs`).
 * Paths are relative to the repository root.
 */
export const DEMO_PROJECT_FILES: Readonly<Record<string, string>> = {
  'README.md': `# textkit

Small string helpers, used by the Baton demo (\`baton demo\`). Each ticket on the demo board asks
for a change here; the demo agent works on it in its own git worktree on branch \`baton/<ticket>\`.

\`\`\`js
import { slugify, wordCount, titleCase } from './src/index.js';
import { truncate } from './src/truncate.js'; // not in index.js yet: there is a ticket for that

slugify('Hello, World!'); // 'hello-world'
wordCount('one two  three'); // 3
truncate('a long sentence', 6); // 'a lon…'
titleCase('the quick fox'); // 'The Quick Fox'
\`\`\`

Run the tests with \`node test/run.mjs\` (or \`npm test\`).
`,
  'package.json': `${JSON.stringify(
    { name: 'textkit', version: '0.1.0', private: true, type: 'module', main: 'src/index.js', scripts: { test: 'node test/run.mjs' } },
    null,
    2,
  )}\n`,
  'CHANGELOG.md': `# Changelog

## Unreleased

## 0.1.0

- First version: slugify, wordCount, truncate, titleCase.
`,
  // Every ticket adds a line under "Unreleased"; the union driver keeps both sides when branches merge.
  '.gitattributes': 'CHANGELOG.md merge=union\n',
  // Baton keeps its tickets, history and the agents' worktrees in .baton/ beside WORKFLOW.md.
  '.gitignore': '.baton/\nnode_modules/\n',
  'src/index.js': `export { slugify } from './slugify.js';
export { wordCount } from './word-count.js';
export { titleCase } from './title-case.js';
`,
  'src/slugify.js': `/** Lowercase words joined by dashes: 'Hello, World!' -> 'hello-world'. */
export function slugify(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
`,
  'src/word-count.js': `/** Number of whitespace-separated words. */
export function wordCount(text) {
  return String(text).split(/\\s+/).filter((word) => word !== '').length;
}
`,
  'src/truncate.js': `/** Cuts text to at most \`max\` characters, ending with an ellipsis when it was cut. */
export function truncate(text, max) {
  const s = String(text);
  return s.length <= max ? s : \`\${s.slice(0, max - 1)}…\`;
}
`,
  'src/title-case.js': `/** Upper-cases the first letter of every word. */
export function titleCase(text) {
  return String(text).replace(/\\b[a-z]/g, (c) => c.toUpperCase());
}
`,
  'test/check.mjs': `// A ten-line test harness, so the project needs nothing but node.
export const results = [];

export function check(name, fn) {
  try {
    fn();
    results.push({ name, ok: true });
  } catch (error) {
    results.push({ name, ok: false, error });
  }
}
`,
  'test/run.mjs': `// Runs every test/*.test.mjs file and reports; exits 1 when a check failed.
import { readdir } from 'node:fs/promises';
import { results } from './check.mjs';

const dir = new URL('./', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.test.mjs')).sort();
for (const file of files) await import(new URL(file, dir).href);
for (const r of results) console.log(\`\${r.ok ? 'ok  ' : 'FAIL'} \${r.name}\${r.ok ? '' : \`: \${r.error.message}\`}\`);
const failed = results.filter((r) => !r.ok).length;
console.log(\`\${results.length - failed} passed, \${failed} failed (\${files.length} files)\`);
process.exitCode = failed > 0 ? 1 : 0;
`,
  'test/slugify.test.mjs': `import assert from 'node:assert/strict';
import { check } from './check.mjs';
import { slugify } from '../src/slugify.js';

check('slugify joins words with dashes', () => assert.equal(slugify('Hello, World!'), 'hello-world'));
check('slugify trims separators', () => assert.equal(slugify('  --Baton--  '), 'baton'));
`,
  'test/word-count.test.mjs': `import assert from 'node:assert/strict';
import { check } from './check.mjs';
import { wordCount } from '../src/word-count.js';

check('wordCount counts words', () => assert.equal(wordCount('one two  three'), 3));
`,
  'test/truncate.test.mjs': `import assert from 'node:assert/strict';
import { check } from './check.mjs';
import { truncate } from '../src/truncate.js';

check('truncate keeps short text', () => assert.equal(truncate('short', 10), 'short'));
check('truncate adds an ellipsis', () => assert.equal(truncate('a long sentence', 6), 'a lon…'));
`,
  'test/title-case.test.mjs': `import assert from 'node:assert/strict';
import { check } from './check.mjs';
import { titleCase } from '../src/title-case.js';

check('titleCase capitalizes words', () => assert.equal(titleCase('the quick fox'), 'The Quick Fox'));
`,
};
