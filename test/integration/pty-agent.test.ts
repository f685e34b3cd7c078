// PtyAgentSession end to end with the fake CLI agent in a real pty.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../electron/engine/agents/agent-events.js';
import { PtyAgentSession, type PtyRunRequest } from '../../electron/engine/agents/pty/pty-agent.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import { FAKE_AGENT_COMMAND, RecordingClient, processGone, tempDir, waitFor } from '../fixtures/fake-pty-agent/helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  agent: PtyAgentSession;
  registry: TerminalRegistry;
  workspace: string;
  promptDir: string;
  logDir: string;
  events: AgentEvent[];
  request: PtyRunRequest;
}

async function harness(env: Record<string, string> = {}, command: string | null = FAKE_AGENT_COMMAND, secretValues: string[] = []): Promise<Harness> {
  const root = await tempDir('pty-agent');
  const workspace = path.join(root.path, 'workspaces', 'BAT-7');
  const promptDir = path.join(root.path, 'state', 'prompts');
  const logDir = path.join(root.path, 'state', 'logs');
  await (await import('node:fs/promises')).mkdir(workspace, { recursive: true });
  const registry = new TerminalRegistry({ rawLogDir: logDir });
  const agent = new PtyAgentSession({
    config: { command, cols: 100, rows: 30 },
    terminals: registry,
    promptDir,
    env: { PATH: process.env.PATH ?? '', HOME: root.path, LANG: 'C.UTF-8', ...env },
    secretValues,
    killGraceMs: 500,
  });
  cleanups.push(root.cleanup, () => registry.dispose(), () => agent.dispose());
  return {
    agent,
    registry,
    workspace,
    promptDir,
    logDir,
    events: [],
    request: { workspacePath: workspace, prompt: 'Fix the login bug\nThen add a test.', issue: { id: 'id-7', identifier: 'BAT-7', title: 'Login bug' } },
  };
}

function run(h: Harness) {
  return h.agent.run(h.request, (event) => h.events.push(event));
}

function screen(h: Harness): string {
  return h.agent.terminal?.snapshot().data ?? '';
}

describe('PtyAgentSession', () => {
  it('runs the agent in the workspace and ends ok on exit 0', async () => {
    const h = await harness();
    const result = await run(h);
    expect(result.ok).toBe(true);
    const sessionId = h.agent.sessionId as string;
    expect(result.ok && result.value).toMatchObject({ session_id: sessionId, exit_code: 0 });

    // The agent really ran in the workspace, with Baton's variables.
    expect(await readFile(path.join(h.workspace, 'fake-agent-output.txt'), 'utf8')).toBe('worked on BAT-7\n');
    const text = screen(h);
    expect(text).toContain(`cwd=${h.workspace}`);
    expect(text).toContain(`ISSUE: BAT-7 WORKSPACE: ${h.workspace}`);
    expect(text).toContain('PROMPT_FIRST_LINE: Fix the login bug');

    // The prompt file lives in the state dir, never in the worktree.
    const promptFiles = await readdir(h.promptDir);
    expect(promptFiles).toHaveLength(1);
    expect(await readFile(path.join(h.promptDir, promptFiles[0] as string), 'utf8')).toBe(h.request.prompt);
    expect((await readdir(h.workspace)).sort()).toEqual(['fake-agent-output.txt']);

    expect(h.events.map((e) => [e.kind, e.event])).toEqual([
      ['session_started', 'session_started'],
      ['turn_completed', 'turn_completed'],
    ]);
    expect(h.events[0]).toMatchObject({ session_id: sessionId, pid: h.agent.pid });
    expect(h.registry.info(sessionId)).toMatchObject({ exited: true, kind: 'agent', issue_identifier: 'BAT-7' });
    expect(h.agent.lastActivityAt()).not.toBeNull();
    await h.registry.dispose();
    expect(await readFile(path.join(h.logDir, `${sessionId}.log`), 'utf8')).toContain('FAKE_AGENT_DONE');
  });

  it('types the prompt into the terminal after start', async () => {
    const h = await harness({ FAKE_PTY_EXPECT_STDIN_PROMPT: '1' });
    const result = await run(h);
    expect(result.ok).toBe(true);
    expect(screen(h)).toContain('PROMPT_VIA_STDIN_OK');
  });

  it('types a long multi-line prompt completely', async () => {
    const h = await harness({ FAKE_PTY_EXPECT_STDIN_PROMPT: '1' });
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'p'.repeat(90)}`);
    h.request = { ...h.request, prompt: lines.join('\n') };
    const result = await run(h);
    expect(result.ok).toBe(true);
    expect(screen(h)).toContain('PROMPT_VIA_STDIN_OK');
  });

  it('passes operator input from a viewer to the agent', async () => {
    const h = await harness({ FAKE_PTY_READ_LINE: '1' });
    const running = run(h);
    await waitFor(() => h.agent.terminal !== null, 5_000, 'terminal');
    const terminal = h.registry.get(h.agent.sessionId as string);
    const viewer = new RecordingClient(true);
    const sub = terminal?.subscribe(viewer, { visible: true });
    viewer.ack = sub?.ack ?? (() => {});
    await waitFor(() => (sub?.snapshot.data ?? '').includes('WAITING_FOR_INPUT') || viewer.text.includes('WAITING_FOR_INPUT'), 10_000, 'agent to wait');
    terminal?.input('yes, go ahead\r');
    expect((await running).ok).toBe(true);
    expect(screen(h)).toContain('GOT_INPUT: yes, go ahead');
  });

  it('forwards resizes to the pty', async () => {
    const h = await harness({}, 'read _; read _; stty size');
    h.request = { ...h.request, prompt: 'one line' };
    const running = run(h);
    await waitFor(() => h.agent.terminal !== null, 5_000, 'terminal');
    h.agent.resize(90, 33);
    h.agent.input('\r');
    expect((await running).ok).toBe(true);
    expect(screen(h)).toContain('33 90');
  });

  it('fails with agent_exit, the code and the last screen lines on a non-zero exit', async () => {
    const h = await harness({ FAKE_PTY_EXIT_CODE: '3' });
    const result = await run(h);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('agent_exit');
    expect(result.error.message).toContain('exited with code 3');
    expect(result.error.message).toContain('FAKE_AGENT_DONE');
    expect(result.error.details).toMatchObject({ exit_code: 3, signal: null });
    expect(h.events.at(-1)).toMatchObject({ kind: 'turn_failed', event: 'turn_failed' });
    expect(h.registry.info(h.agent.sessionId as string)).toMatchObject({ exited: true, exit_code: 3 });
  });

  it('stop() kills the agent and a grandchild in another session; the run ends turn_cancelled', async () => {
    const h = await harness({ FAKE_PTY_HANG: '1' });
    const pidFile = path.join(h.promptDir, '..', 'child.pid');
    h.agent = new PtyAgentSession({
      config: { command: `FAKE_PTY_CHILD_PID_FILE='${pidFile}' ${FAKE_AGENT_COMMAND}`, cols: 100, rows: 30 },
      terminals: h.registry,
      promptDir: h.promptDir,
      env: { PATH: process.env.PATH ?? '', HOME: h.workspace, FAKE_PTY_HANG: '1' },
      killGraceMs: 500,
    });
    cleanups.push(() => h.agent.dispose());
    const running = run(h);
    await waitFor(() => screen(h).includes('HANGING'), 10_000, 'agent to hang');
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    const agentPid = h.agent.pid as number;
    expect(await processGone(grandchild)).toBe(false);

    await h.agent.stop();
    const result = await running;
    expect(result.ok ? null : result.error.code).toBe('turn_cancelled');
    expect(h.events.at(-1)).toMatchObject({ event: 'turn_cancelled' });
    await waitFor(async () => (await processGone(grandchild)) && (await processGone(agentPid)), 5_000, 'process tree to die');
    expect(h.registry.info(h.agent.sessionId as string)?.exited).toBe(true);
  });

  it('reports when the agent last printed something', async () => {
    const h = await harness({ FAKE_PTY_RATE: '20000', FAKE_PTY_SECONDS: '1' });
    const running = run(h);
    await waitFor(() => h.agent.lastActivityAt() !== null, 5_000, 'start');
    const first = h.agent.lastActivityAt() as number;
    await waitFor(() => (h.agent.lastActivityAt() as number) > first + 300, 5_000, 'activity to advance');
    expect((await running).ok).toBe(true);
    expect(screen(h)).toContain('STREAM_DONE');
  });

  it('keeps secret values out of the agent environment', async () => {
    const h = await harness({ TRACKER_TOKEN: 'lin_secret_123', ALSO_SECRET: 'lin_secret_123', HARMLESS: 'fine' }, 'env | sort', ['lin_secret_123']);
    expect((await run(h)).ok).toBe(true);
    const text = screen(h);
    expect(text).not.toContain('lin_secret_123');
    expect(text).toContain('HARMLESS=fine');
    expect(text).toContain('BATON_PROMPT_FILE=');
    expect(text).toContain('TERM=xterm-256color');
  });

  it('refuses a workspace path that is relative, missing or not a directory', async () => {
    const h = await harness();
    const file = path.join(h.workspace, 'file.txt');
    await writeFile(file, 'x');
    for (const workspacePath of ['relative/ws', `${h.workspace}/../BAT-7`, path.join(h.workspace, 'missing'), file]) {
      const agent = new PtyAgentSession({ config: { command: 'true', cols: 80, rows: 24 }, terminals: h.registry, promptDir: h.promptDir });
      const events: AgentEvent[] = [];
      const result = await agent.run({ ...h.request, workspacePath }, (e) => events.push(e));
      expect(result.ok ? null : result.error.code).toBe('invalid_workspace_cwd');
      expect(events.map((e) => e.event)).toEqual(['startup_failed']);
    }
    expect(h.registry.list()).toEqual([]);
  });

  it('refuses to start without pty.command, twice, or after stop()', async () => {
    const missing = await harness({}, null);
    expect(await run(missing)).toMatchObject({ ok: false, error: { code: 'pty_command_missing' } });
    expect(await run(missing)).toMatchObject({ ok: false, error: { code: 'session_already_used' } });

    const stopped = await harness();
    await stopped.agent.stop();
    expect(await run(stopped)).toMatchObject({ ok: false, error: { code: 'turn_cancelled' } });
    expect(stopped.registry.list()).toEqual([]);
  });
});
