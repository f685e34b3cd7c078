import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { ResilientLogSinks } from './log-sinks.js';

function memorySink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
  return { stream, text: () => chunks.join('') };
}

/** A sink that fails the way a closed stderr does: an async 'error' on write. */
function brokenSink(): Writable {
  return new Writable({ write: (_c, _e, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
}

describe('ResilientLogSinks (SPEC §13.2: a failing sink never crashes the engine)', () => {
  it('drops a failing sink, warns through the others, and keeps logging', async () => {
    const good = memorySink();
    const sinks = new ResilientLogSinks([{ name: 'stderr', stream: brokenSink() }, { name: 'file', stream: good.stream }]);
    const logger = createLogger({ destination: sinks });
    logger.info('first');
    await new Promise((r) => setTimeout(r, 20));
    logger.info('second');
    await new Promise((r) => setTimeout(r, 20));
    const lines = good.text().trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(['first', 'log sink stderr failed and was dropped: write EPIPE', 'second']);
    expect(sinks.sinkNames).toEqual(['file']);
  });

  it('survives losing every sink', async () => {
    const logger = createLogger({ destination: new ResilientLogSinks([{ name: 'stderr', stream: brokenSink() }]) });
    logger.info('into the void');
    await new Promise((r) => setTimeout(r, 20));
    expect(() => logger.error('still fine')).not.toThrow();
  });

  it('writes to a log file beside stderr when asked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-log-'));
    try {
      const file = path.join(dir, 'logs', 'engine.log');
      const logger = createLogger({ destination: memorySink().stream, file });
      logger.info({ issue_identifier: 'BAT-1' }, 'to the file');
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 2_000 }).toContain('"issue_identifier":"BAT-1"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
