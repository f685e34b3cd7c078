import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Enough to cover the repositories one person switches between; the screen lists them all. */
const MAX_RECENT = 10;

/**
 * Recently opened WORKFLOW.md paths, newest first, kept in `<userData>/recent-workflows.json`.
 * The list is also the allowlist of `openRecent`: the renderer can only reopen what the user
 * once picked through a native dialog, never name an arbitrary file for the engine to run.
 */
export class RecentWorkflows {
  private cache: string[] | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** The paths whose files still exist. */
  async list(): Promise<string[]> {
    const all = await this.load();
    const present = await Promise.all(all.map(async (p) => ((await isFile(p)) ? p : null)));
    return present.filter((p): p is string => p !== null);
  }

  async has(workflowPath: string): Promise<boolean> {
    return (await this.load()).includes(workflowPath);
  }

  async add(workflowPath: string): Promise<void> {
    const next = [workflowPath, ...(await this.load()).filter((p) => p !== workflowPath)].slice(0, MAX_RECENT);
    this.cache = next;
    this.writes = this.writes.then(() => this.save(next)).catch(() => undefined);
    await this.writes;
  }

  private async load(): Promise<string[]> {
    if (this.cache) return this.cache;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      const recent = (parsed as { recent?: unknown }).recent;
      this.cache = Array.isArray(recent) ? recent.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)).slice(0, MAX_RECENT) : [];
    } catch {
      // No file yet, or a damaged one: start a fresh list rather than refuse to open anything.
      this.cache = [];
    }
    return this.cache;
  }

  /** Write-then-rename, so a crash mid-write leaves the previous list, not half a file. */
  private async save(recent: string[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ version: 1, recent }, null, 2)}\n`);
    await rename(tmp, this.file);
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
