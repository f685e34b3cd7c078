// The demo agent's canned edits. They are small, real and honest about being placeholders: a
// CHANGELOG.md entry, a marked note in each file the ticket names (or a new file, with a passing
// test for a new module), never a pretend implementation.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unifiedDiff } from './diff.mjs';

const SIGNATURE = 'scripted demo agent';
const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.tsx', '.jsx']);

/**
 * @typedef {{ identifier: string, title: string }} Ticket
 * @typedef {{ path: string, kind: 'add' | 'update', before: string | null, after: string, diff: string }} Edit
 */

/**
 * The edits for one turn, computed without writing anything (so the operator can decline them).
 * `followUp` is a rework note, or null for the first pass. Files that are unsafe to touch (outside
 * the worktree, directories, JSON that cannot hold a comment) are reported in `skipped`.
 * @returns {Promise<{ edits: Edit[], skipped: string[] }>}
 */
export async function planEdits(cwd, ticket, files, followUp) {
  const edits = [];
  const skipped = [];
  // CHANGELOG.md gets its entry below; a ticket naming it gets nothing more.
  for (const file of files.filter((f) => f !== 'CHANGELOG.md')) {
    const planned = await planFileEdit(cwd, ticket, file, followUp);
    if (planned === null) skipped.push(file);
    else edits.push(...planned);
  }
  const entry = followUp === null ? `- ${ticket.identifier}: ${ticket.title}` : `- ${ticket.identifier}: follow-up after review${followUp ? ` (${followUp})` : ''}`;
  const changelog = await read(cwd, 'CHANGELOG.md');
  edits.push(edit('CHANGELOG.md', changelog, changelogWith(changelog, entry)));
  return { edits, skipped };
}

/** Writes planned edits to disk, creating parent directories. */
export async function applyEdits(cwd, edits) {
  for (const e of edits) {
    const file = path.join(cwd, e.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, e.after);
  }
}

async function planFileEdit(cwd, ticket, file, followUp) {
  const abs = path.resolve(cwd, file);
  if (path.relative(cwd, abs).startsWith('..') || path.extname(file) === '.json') return null;
  const info = await stat(abs).catch(() => null);
  if (info && !info.isFile()) return null;
  const ext = path.extname(file);
  const before = info ? await read(cwd, file) : null;
  const note = followUp === null ? `${ticket.identifier}: ${ticket.title}` : `${ticket.identifier}: follow-up after review${followUp ? ` (${followUp})` : ''}`;
  if (before !== null) return [edit(file, before, appendBlock(before, noteBlock(ext, note)))];
  if (CODE_EXTENSIONS.has(ext) && file.startsWith('src/')) return newModule(cwd, ticket, file);
  if (ext === '.md') return [edit(file, null, `# ${ticket.title}\n\n_${ticket.identifier}: started by the ${SIGNATURE}; a real agent would write this page._\n`)];
  return [edit(file, null, `${noteBlock(ext, note)}`)];
}

/** A new module under src/ exporting one placeholder function, and a test for it that passes. */
async function newModule(cwd, ticket, file) {
  const name = path.basename(file, path.extname(file));
  const fn = name.replace(/[-_.]+([a-z0-9])/gi, (_, c) => c.toUpperCase()).replace(/^[^A-Za-z_$]+/, '') || 'helper';
  const source = [
    `// ${ticket.identifier}: ${ticket.title}`,
    `// Written by the ${SIGNATURE}: a placeholder that a real agent would implement.`,
    `export function ${fn}(text) {`,
    '  return String(text);',
    '}',
    '',
  ].join('\n');
  const edits = [edit(file, null, source)];
  const testFile = `test/${name}.test.mjs`;
  if ((await read(cwd, 'test/check.mjs')) !== null && (await read(cwd, testFile)) === null) {
    const importPath = path.posix.relative('test', file);
    const test = [
      "import assert from 'node:assert/strict';",
      "import { check } from './check.mjs';",
      `import { ${fn} } from '${importPath.startsWith('.') ? importPath : `./${importPath}`}';`,
      '',
      `check('${fn} returns a string (placeholder test from the ${SIGNATURE})', () => assert.equal(typeof ${fn}('text'), 'string'));`,
      '',
    ].join('\n');
    edits.push(edit(testFile, null, test));
  }
  return edits;
}

function noteBlock(ext, note) {
  if (CODE_EXTENSIONS.has(ext)) return `// ${note}\n// (${SIGNATURE}: a real agent would change the code here.)\n`;
  if (ext === '.md') return `## ${note}\n\n_Section added by the ${SIGNATURE}; a real agent would write it._\n`;
  return `# ${note} (${SIGNATURE})\n`;
}

function appendBlock(text, block) {
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}\n${block}`;
}

/** Inserts the entry at the top of the "Unreleased" section, creating the section if needed. */
function changelogWith(text, entry) {
  if (text === null) return `# Changelog\n\n## Unreleased\n\n${entry}\n`;
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^##\s+unreleased/i.test(l));
  if (header < 0) {
    const title = lines.findIndex((l) => l.startsWith('# '));
    lines.splice(title + 1, 0, ...(title >= 0 ? [''] : []), '## Unreleased', '', entry);
    return lines.join('\n');
  }
  const at = lines[header + 1] === '' ? header + 2 : header + 1;
  lines.splice(at, 0, ...(lines[at]?.startsWith('#') ? [entry, ''] : [entry]));
  return lines.join('\n');
}

function edit(file, before, after) {
  return { path: file, kind: before === null ? 'add' : 'update', before, after, diff: unifiedDiff(file, before, after) };
}

async function read(cwd, file) {
  return readFile(path.join(cwd, file), 'utf8').catch(() => null);
}
