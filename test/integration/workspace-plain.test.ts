import { lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { HookRunner } from '../../electron/engine/workspace/hooks.js';
import { WorkspaceManager } from '../../electron/engine/workspace/workspace-manager.js';
import { workspaceKey } from '../../electron/engine/workspace/workspace-key.js';
import { tempDir, testConfig } from './workspace-helpers.js';

const exists = (p: string) => lstat(p).then(() => true, () => false);

describe('WorkspaceManager, plain directories', () => {
  let dir: string;
  let root: string;
  let cleanup: () => Promise<void>;
  let hooks: HookRunner;
  let config: ServiceConfig;
  let baseEnv: NodeJS.ProcessEnv;
  let manager: WorkspaceManager;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('plain'));
    root = path.join(dir, 'workspaces');
    config = testConfig({ root });
    baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PYENV_REHASH_TIMEOUT: '1' };
    hooks = new HookRunner({ logger: silentLogger(), killGraceMs: 200 });
    manager = new WorkspaceManager({ config: () => config, hooks, logger: silentLogger(), secretVarNames: () => ['MY_TRACKER_TOKEN'], baseEnv: () => baseEnv });
  });
  afterEach(async () => {
    await manager.dispose();
    await hooks.dispose();
    await cleanup();
  });

  it('creates a missing workspace under the root, then reuses it', async () => {
    const first = await manager.ensure('BAT-1');
    expect(first).toEqual({ ok: true, value: { path: path.join(root, 'BAT-1'), key: 'BAT-1', createdNow: true, branch: null, baseBranch: null, repairs: [] } });
    await writeFile(path.join(root, 'BAT-1', 'work.txt'), 'keep me');
    const second = await manager.ensure('BAT-1');
    expect(second.ok && second.value.createdNow).toBe(false);
    expect(await readFile(path.join(root, 'BAT-1', 'work.txt'), 'utf8')).toBe('keep me');
    expect(await manager.pathFor('BAT-1')).toEqual({ ok: true, value: path.join(root, 'BAT-1') });
  });

  it('keeps identifiers with path characters inside the root, each in its own directory', async () => {
    const paths: string[] = [];
    for (const id of ['../../etc', 'a/b', 'a_b', '/abs', '..']) {
      const result = await manager.ensure(id);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(path.dirname(result.value.path)).toBe(root);
      expect(path.basename(result.value.path)).toBe(workspaceKey(id));
      paths.push(result.value.path);
    }
    expect(new Set(paths).size).toBe(5);
    expect((await readdir(root)).sort()).toEqual(paths.map((p) => path.basename(p)).sort());
    expect(await exists(path.join(dir, 'etc'))).toBe(false);
  });

  it('fails on a non-directory at the workspace path and never deletes it', async () => {
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'BAT-2'), 'a user file');
    const result = await manager.ensure('BAT-2');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_path_not_directory');
    const removal = await manager.remove('BAT-2');
    expect(removal.ok).toBe(false);
    if (!removal.ok) expect(removal.error.code).toBe('workspace_path_not_directory');
    expect(await readFile(path.join(root, 'BAT-2'), 'utf8')).toBe('a user file');
  });

  it('removes tmp and .elixir_ls at the top level during prep, and nothing else', async () => {
    await manager.ensure('BAT-3');
    const ws = path.join(root, 'BAT-3');
    await mkdir(path.join(ws, 'tmp', 'deep'), { recursive: true });
    await mkdir(path.join(ws, '.elixir_ls'));
    await mkdir(path.join(ws, 'src', 'tmp'), { recursive: true });
    await writeFile(path.join(ws, 'notes.md'), 'x');
    await manager.ensure('BAT-3');
    expect((await readdir(ws)).sort()).toEqual(['notes.md', 'src']);
    expect(await exists(path.join(ws, 'src', 'tmp'))).toBe(true);
  });

  it('runs after_create only when the workspace is created', async () => {
    config = testConfig({ root, hooks: { after_create: 'echo created >> marker.txt' } });
    await manager.ensure('BAT-4');
    await manager.ensure('BAT-4');
    expect(await readFile(path.join(root, 'BAT-4', 'marker.txt'), 'utf8')).toBe('created\n');
  });

  it('removes the new workspace when after_create fails, and retries creation next time', async () => {
    config = testConfig({ root, hooks: { after_create: 'touch half-done; exit 7' } });
    const failed = await manager.ensure('BAT-5');
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ code: 'hook_failed', details: { exitCode: 7 } });
    expect(await exists(path.join(root, 'BAT-5'))).toBe(false);
    config = testConfig({ root, hooks: { after_create: 'touch done' } });
    const retried = await manager.ensure('BAT-5');
    expect(retried.ok && retried.value.createdNow).toBe(true);
    expect(await exists(path.join(root, 'BAT-5', 'done'))).toBe(true);
  });

  it('makes a workspace again when an engine was killed in its after_create', async () => {
    // The creation marker is still there and after_create got half-way: never handed to an agent.
    await mkdir(path.join(root, 'BAT-12'), { recursive: true });
    await writeFile(path.join(root, 'BAT-12', 'half-done'), '');
    await writeFile(path.join(root, '.baton-creating-BAT-12'), 'killed\n');
    config = testConfig({ root, hooks: { after_create: 'touch done' } });
    const made = await manager.ensure('BAT-12');
    expect(made.ok && made.value.createdNow).toBe(true);
    expect(await readdir(path.join(root, 'BAT-12'))).toEqual(['done']);
    expect(await readdir(root)).toEqual(['BAT-12']);
  });

  it('reports before_run failures and timeouts', async () => {
    const ws = await manager.ensure('BAT-6');
    if (!ws.ok) throw new Error(ws.error.message);
    config = testConfig({ root, hooks: { before_run: 'exit 2' } });
    const failed = await manager.runHook('before_run', ws.value.path);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ code: 'hook_failed', details: { fatal: true } });
    config = testConfig({ root, hooks: { before_run: 'sleep 30', timeout_ms: 300 } });
    const timedOut = await manager.runHook('before_run', ws.value.path);
    expect(timedOut.ok).toBe(false);
    if (!timedOut.ok) expect(timedOut.error.code).toBe('hook_timeout');
  });

  it('treats after_run failures as non-fatal and leaves the workspace alone', async () => {
    const ws = await manager.ensure('BAT-7');
    if (!ws.ok) throw new Error(ws.error.message);
    await writeFile(path.join(ws.value.path, 'work.txt'), 'w');
    config = testConfig({ root, hooks: { after_run: 'exit 1' } });
    const result = await manager.runHook('after_run', ws.value.path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.details?.fatal).toBe(false);
    expect(await readFile(path.join(ws.value.path, 'work.txt'), 'utf8')).toBe('w');
  });

  it('returns ok(null) for an unconfigured hook and refuses paths outside the root', async () => {
    const ws = await manager.ensure('BAT-8');
    if (!ws.ok) throw new Error(ws.error.message);
    expect(await manager.runHook('before_run', ws.value.path)).toEqual({ ok: true, value: null });
    config = testConfig({ root, hooks: { before_run: 'touch ran' } });
    for (const outside of [dir, root, path.join(dir, 'elsewhere')]) {
      const result = await manager.runHook('before_run', outside);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_workspace_cwd');
    }
    expect(await exists(path.join(dir, 'ran'))).toBe(false);
  });

  it('gives hooks the workspace variables and strips tracker secrets from their environment', async () => {
    config = testConfig({ root, apiKey: 'lin_secret_value', hooks: { after_create: 'env > env.txt' } });
    baseEnv = { ...baseEnv, LINEAR_API_KEY: 'a', MY_TRACKER_TOKEN: 'b', COPIED: 'lin_secret_value', BATON_API_TOKEN: 'c', HARMLESS: 'ok' };
    const ws = await manager.ensure('BAT-9');
    if (!ws.ok) throw new Error(ws.error.message);
    const seen = await readFile(path.join(ws.value.path, 'env.txt'), 'utf8');
    expect(seen).toContain('HARMLESS=ok');
    expect(seen).toContain(`BATON_WORKSPACE_PATH=${ws.value.path}`);
    expect(seen).toContain('BATON_ISSUE_IDENTIFIER=BAT-9');
    expect(seen).toContain('BATON_HOOK=after_create');
    for (const secret of ['LINEAR_API_KEY', 'MY_TRACKER_TOKEN', 'lin_secret_value', 'BATON_API_TOKEN']) expect(seen).not.toContain(secret);
  });

  it('strips the API token from hook environments by value, like checks and agents (it reached hooks under another name)', async () => {
    config = testConfig({ root, hooks: { after_create: 'env > env.txt' } });
    baseEnv = { ...baseEnv, TOKEN_COPY: 'engine-api-token', HARMLESS: 'ok' };
    const withToken = new WorkspaceManager({ config: () => config, hooks, logger: silentLogger(), secretVarNames: () => [], secretValues: () => ['engine-api-token'], baseEnv: () => baseEnv });
    try {
      const ws = await withToken.ensure('BAT-11');
      if (!ws.ok) throw new Error(ws.error.message);
      const seen = await readFile(path.join(ws.value.path, 'env.txt'), 'utf8');
      expect(seen).toContain('HARMLESS=ok');
      expect(seen).not.toContain('engine-api-token');
    } finally {
      await withToken.dispose();
    }
  });

  it('removes a workspace even when before_remove fails, and accepts a missing one', async () => {
    config = testConfig({ root, hooks: { before_remove: 'echo $BATON_WORKSPACE_KEY > ../before-remove.txt; exit 1' } });
    await manager.ensure('BAT-10');
    expect(await manager.remove('BAT-10')).toEqual({ ok: true, value: { snapshotRef: null } });
    expect(await exists(path.join(root, 'BAT-10'))).toBe(false);
    expect(await readFile(path.join(root, 'before-remove.txt'), 'utf8')).toBe('BAT-10\n');
    expect(await manager.remove('BAT-10')).toEqual({ ok: true, value: { snapshotRef: null } });
  });

  it('serializes concurrent ensure calls for one identifier', async () => {
    config = testConfig({ root, hooks: { after_create: 'echo x >> count.txt' } });
    const results = await Promise.all([1, 2, 3, 4].map(() => manager.ensure('BAT-11')));
    expect(results.filter((r) => r.ok && r.value.createdNow)).toHaveLength(1);
    expect(await readFile(path.join(root, 'BAT-11', 'count.txt'), 'utf8')).toBe('x\n');
  });

  it('refuses work after dispose', async () => {
    await manager.dispose();
    const result = await manager.ensure('BAT-12');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_manager_disposed');
  });
  it('reports a workspace root that cannot be created', async () => {
    await writeFile(path.join(dir, 'a-file'), 'x');
    config = testConfig({ root: path.join(dir, 'a-file', 'workspaces') });
    const result = await manager.ensure('BAT-13');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_root_unavailable');
  });
});
