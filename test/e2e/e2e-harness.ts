import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { fakeCodexCommand, scenarioFile } from '../fixtures/fake-codex/session-harness.js';
import { makeRepo, TEST_GIT_ENV } from '../integration/workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BANNER = /Baton listening on (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)/;

const uncaught = new WeakMap<Page, string[]>();

/** Uncaught exceptions the page has thrown since it was opened by `E2E.page()`. */
export function uncaughtErrors(page: Page): string[] {
  return uncaught.get(page) ?? [];
}

/**
 * The browser: CHROMIUM_PATH, else chromium/chrome on PATH (scripts/find-chromium.mjs, which
 * `npm test` runs first, so a machine without one stops there with what to install).
 */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found.ok) throw new Error(`The browser tests need Chromium: ${found.message}`);
  return found.path;
}

/** Flags for a sandboxed CI box: no GPU, and no background traffic to hosts that cannot be reached. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface ServeOptions {
  /** A fake-codex scenario name (test/fixtures/fake-codex/scenarios) or an absolute path. */
  scenario?: string;
  /** Extra front matter lines (top-level YAML). */
  frontMatter?: string;
  /** Lines under `codex:` besides the command (e.g. `approval_policy: on-request`). */
  codex?: string;
  env?: Record<string, string>;
  /** Give the workflow a git repository (`workspace.repo`): worktrees, diffs and the landing queue. */
  git?: boolean;
}

/**
 * A real `baton serve` (the compiled CLI, serving the built renderer) on a free port, with the
 * fake app-server as its agent, and a real Chromium driven by Playwright.
 */
export class E2E {
  private constructor(
    readonly dir: string,
    readonly baseUrl: string,
    readonly token: string,
    private readonly server: ChildProcess,
    readonly browser: Browser,
  ) {}

  static async start(options: ServeOptions = {}): Promise<E2E> {
    if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('the renderer is not built: run `npm run build`');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-e2e-'));
    const workflow = path.join(dir, 'WORKFLOW.md');
    const repo = options.git ? await makeRepo(path.join(dir, 'repo')) : null;
    await writeFile(workflow, [
      '---',
      'polling:',
      '  interval_ms: 200',
      'workspace:',
      `  root: ${path.join(dir, 'workspaces')}`,
      ...(repo ? [`  repo: ${repo}`] : []),
      'codex:',
      `  command: ${JSON.stringify(fakeCodexCommand())}`,
      // A loaded CI box can take seconds to start node; a handshake timeout is not what these test.
      ...(/read_timeout_ms/.test(options.codex ?? '') ? [] : ['  read_timeout_ms: 30000']),
      ...(options.codex ?? '').split('\n').filter(Boolean).map((l) => `  ${l}`),
      ...(options.frontMatter ?? '').split('\n').filter(Boolean),
      '---',
      'Work on {{ issue.identifier }}: {{ issue.title }}',
      '',
    ].join('\n'));
    const scenario = options.scenario ? (path.isAbsolute(options.scenario) ? options.scenario : scenarioFile(options.scenario)) : undefined;
    const server = spawn(process.execPath, [path.join(ROOT, 'bin', 'baton.js'), 'serve', workflow, '--port', '0'], {
      env: { ...process.env, ...TEST_GIT_ENV, ...(scenario ? { FAKE_CODEX_SCENARIO: scenario } : {}), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`baton serve did not start:\n${stderr}`)), 20_000);
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = BANNER.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      });
      server.once('exit', (code) => reject(new Error(`baton serve exited with ${code}:\n${stderr}`)));
    });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    return new E2E(dir, banner[1]!, banner[3]!, server, browser);
  }

  /** A new page, signed in through `?token=` like a person opening the printed URL. */
  async page(hash = '#/'): Promise<Page> {
    const page = await this.browser.newPage({ viewport: { width: 1400, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    uncaught.set(page, errors);
    await page.goto(`${this.baseUrl}/?token=${this.token}${hash}`);
    return page;
  }

  async api<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    if (this.server.exitCode === null) {
      const exited = new Promise((r) => this.server.once('exit', r));
      this.server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (this.server.exitCode === null) this.server.kill('SIGKILL');
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
