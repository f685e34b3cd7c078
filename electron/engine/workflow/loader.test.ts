import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkflowFile, parseWorkflowText, resolveWorkflowPath } from './loader.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-loader-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('resolveWorkflowPath', () => {
  it('uses the explicit path when one is given, resolved against cwd', () => {
    expect(resolveWorkflowPath('flows/custom.md', '/srv/app')).toBe('/srv/app/flows/custom.md');
    expect(resolveWorkflowPath('/etc/baton/W.md', '/srv/app')).toBe('/etc/baton/W.md');
  });

  it('defaults to WORKFLOW.md in cwd without an explicit path', () => {
    expect(resolveWorkflowPath(undefined, '/srv/app')).toBe('/srv/app/WORKFLOW.md');
    expect(resolveWorkflowPath('  ', '/srv/app')).toBe('/srv/app/WORKFLOW.md');
  });
});

describe('loadWorkflowFile', () => {
  it('splits YAML front matter from the trimmed prompt body and returns an absolute path', async () => {
    await write('WORKFLOW.md', '---\ntracker:\n  kind: linear\npolling:\n  interval_ms: 5000\n---\n\n  Fix {{ issue.identifier }}.\n\n');
    const relative = path.relative(process.cwd(), path.join(dir, 'WORKFLOW.md'));
    const result = await loadWorkflowFile(relative);
    expect(result).toEqual({
      ok: true,
      value: {
        path: path.join(dir, 'WORKFLOW.md'),
        config: { tracker: { kind: 'linear' }, polling: { interval_ms: 5000 } },
        prompt_template: 'Fix {{ issue.identifier }}.',
      },
    });
  });

  it('treats a file without front matter as all prompt and an empty config', async () => {
    const file = await write('W.md', '\nJust do the ticket.\n---\nnot: yaml\n');
    const result = await loadWorkflowFile(file);
    expect(result.ok && result.value.config).toEqual({});
    expect(result.ok && result.value.prompt_template).toBe('Just do the ticket.\n---\nnot: yaml');
  });

  it('accepts empty front matter, CRLF line endings and a BOM', async () => {
    const file = await write('W.md', '\uFEFF---\r\n---\r\nBody\r\n');
    const result = await loadWorkflowFile(file);
    expect(result).toEqual({ ok: true, value: { path: file, config: {}, prompt_template: 'Body' } });
  });

  it('returns missing_workflow_file for a file that does not exist', async () => {
    const result = await loadWorkflowFile(path.join(dir, 'nope.md'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('missing_workflow_file');
      expect(result.error.message).toContain(path.join(dir, 'nope.md'));
    }
  });

  it('returns missing_workflow_file for a directory', async () => {
    const result = await loadWorkflowFile(dir);
    expect(!result.ok && result.error.code).toBe('missing_workflow_file');
  });

  it('returns workflow_parse_error with the file line of a YAML error', async () => {
    // Line 1 is the fence, so the unclosed flow sequence on YAML line 3 is file line 4.
    const file = await write('W.md', '---\ntracker:\n  kind: linear\nagent: [1, 2\nhooks: {}\n---\nbody');
    const result = await loadWorkflowFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('workflow_parse_error');
      expect(result.error.message).toMatch(/at line 5, column 1: Flow sequence/);
      expect(result.error.message).not.toContain('\n');
      expect(result.error.details).toMatchObject({ line: 5, column: 1 });
    }
  });

  it('returns workflow_parse_error for duplicate keys and unresolvable aliases', () => {
    const dup = parseWorkflowText('---\na: 1\na: 2\n---\n', '/w/W.md');
    expect(!dup.ok && dup.error.code).toBe('workflow_parse_error');
    const alias = parseWorkflowText('---\na: *nothing\n---\n', '/w/W.md');
    expect(!alias.ok && alias.error.code).toBe('workflow_parse_error');
  });

  it('splits CRLF files, empty front matter, a closing fence with trailing blanks or at the very end', () => {
    expect(parseWorkflowText('---\r\nagent:\r\n  max_turns: 3\r\n---\r\nLine 1\r\nLine 2\r\n', '/w/W.md')).toEqual({
      ok: true,
      value: { path: '/w/W.md', config: { agent: { max_turns: 3 } }, prompt_template: 'Line 1\nLine 2' },
    });
    expect(parseWorkflowText('---\n---\nbody', '/w/W.md')).toMatchObject({ ok: true, value: { config: {}, prompt_template: 'body' } });
    expect(parseWorkflowText('---  \na: 1\n--- \t\nbody', '/w/W.md')).toMatchObject({ ok: true, value: { config: { a: 1 }, prompt_template: 'body' } });
    expect(parseWorkflowText('---\na: 1\n---', '/w/W.md')).toMatchObject({ ok: true, value: { config: { a: 1 }, prompt_template: '' } });
    expect(parseWorkflowText('No front matter\n---\nstill prompt', '/w/W.md')).toMatchObject({ ok: true, value: { config: {}, prompt_template: 'No front matter\n---\nstill prompt' } });
  });

  it('returns workflow_parse_error when the front matter is never closed', () => {
    const result = parseWorkflowText('---\ntracker:\n  kind: local\nDo the thing\n', '/w/W.md');
    expect(!result.ok && result.error.code).toBe('workflow_parse_error');
    expect(!result.ok && result.error.message).toMatch(/never closed/);
  });

  it.each([
    ['a list', '- a\n- b'],
    ['a string', 'just words'],
    ['a number', '42'],
  ])('returns workflow_front_matter_not_a_map when the front matter is %s', async (kind, yaml) => {
    const file = await write('W.md', `---\n${yaml}\n---\nbody`);
    const result = await loadWorkflowFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('workflow_front_matter_not_a_map');
      expect(result.error.message).toContain(kind);
    }
  });
});
