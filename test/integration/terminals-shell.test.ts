import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../electron/engine/lib/result.js';
import { ShellTerminals } from '../../electron/engine/terminals/shell-terminals.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import { processGone, RecordingClient, tempDir, waitFor } from '../fixtures/fake-pty-agent/helpers.js';

/** "Open shell here": a real `bash -l` in a real pty, in a temp workspace. */
let dir: { path: string; cleanup: () => Promise<void> };
let registry: TerminalRegistry;
let shells: ShellTerminals;
let workspace: string;

beforeEach(async () => {
  dir = await tempDir('shell');
  workspace = path.join(dir.path, 'workspaces', 'BAT-1');
  await mkdir(workspace, { recursive: true });
  registry = new TerminalRegistry({ rawLogDir: null });
  shells = new ShellTerminals({
    terminals: registry,
    workspacePath: async (identifier) => ok(path.join(dir.path, 'workspaces', identifier)),
    // A predictable prompt and no user rc files, so the test does not depend on the machine's profile.
    env: () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir.path, PS1: 'shell$ ', TERM: 'xterm-256color' }),
    size: () => ({ cols: 100, rows: 30 }),
  });
});

afterEach(async () => {
  await shells.dispose();
  await registry.dispose();
  await dir.cleanup();
});

async function openWatched(): Promise<{ id: string; client: RecordingClient }> {
  const opened = await shells.open({ identifier: 'BAT-1', issue_id: 'id-1' });
  if (!opened.ok) throw new Error(opened.error.message);
  const id = opened.value.terminal_id;
  const client = new RecordingClient(true);
  const sub = registry.get(id)!.subscribe(client, { visible: true });
  client.ack = (chars) => sub.ack(chars);
  return { id, client };
}

describe('ShellTerminals', { timeout: 30_000 }, () => {
  it('starts an interactive shell in the workspace that echoes what is typed', async () => {
    const { id, client } = await openWatched();
    expect(registry.info(id)).toMatchObject({ kind: 'shell', issue_identifier: 'BAT-1', issue_id: 'id-1', cols: 100, rows: 30, exited: false });
    registry.get(id)!.input('pwd; echo "typed-$((6*7))"\r');
    await waitFor(() => client.text.includes('typed-42'), 10_000, 'the echo');
    expect(client.text).toContain(workspace);
  });

  it('refuses a ticket without a workspace, and passes path errors through', async () => {
    const missing = await shells.open({ identifier: 'BAT-2', issue_id: null });
    expect(missing.ok ? null : missing.error.code).toBe('workspace_not_found');
    const outside = new ShellTerminals({
      terminals: registry,
      workspacePath: async (): Promise<Result<string>> => err('workspace_outside_root', 'outside'),
      env: () => ({}),
      size: () => ({ cols: 80, rows: 24 }),
    });
    const refused = await outside.open({ identifier: 'BAT-1', issue_id: null });
    expect(refused.ok ? null : refused.error.code).toBe('workspace_outside_root');
    expect(registry.list()).toEqual([]);
  });

  it('close kills the shell with its background jobs and drops the terminal', async () => {
    const { id, client } = await openWatched();
    registry.get(id)!.input('sleep 1000 & echo "JOB=$!"\r');
    await waitFor(() => /JOB=(\d+)/.test(client.text), 10_000, 'the job pid');
    const jobPid = Number(/JOB=(\d+)/.exec(client.text)![1]);
    const other = await shells.close('BAT-2', id);
    expect(other.ok ? null : other.error.code).toBe('terminal_not_found');
    const closed = await shells.close('BAT-1', id);
    expect(closed.ok).toBe(true);
    expect(registry.info(id)).toBeUndefined();
    await waitFor(() => processGone(jobPid), 5_000, 'the background job to die');
    expect(shells.size).toBe(0);
  });

  it('marks the terminal exited when the operator types exit', async () => {
    const { id } = await openWatched();
    registry.get(id)!.input('exit 3\r');
    await waitFor(() => registry.info(id)?.exited === true, 10_000, 'the exit');
    expect(registry.info(id)).toMatchObject({ exit_code: 3 });
    expect(shells.size).toBe(0);
  });

  it('dispose (engine shutdown) kills every shell as a tree', async () => {
    const { id, client } = await openWatched();
    registry.get(id)!.input('sleep 1000 & echo "JOB=$!"; echo "SHELL=$$"\r');
    await waitFor(() => /SHELL=(\d+)/.test(client.text), 10_000, 'the pids');
    const pids = [/JOB=(\d+)/.exec(client.text)![1], /SHELL=(\d+)/.exec(client.text)![1]].map(Number);
    await shells.dispose();
    for (const pid of pids) await waitFor(() => processGone(pid), 5_000, `pid ${pid} to die`);
    const late = await shells.open({ identifier: 'BAT-1', issue_id: null });
    expect(late.ok ? null : late.error.code).toBe('service_unavailable');
  });
});
