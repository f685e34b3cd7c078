import { describe, expect, it } from 'vitest';
import { ok } from '../../lib/result.js';
import { collectPages, LINEAR_MAX_PAGES } from './paginate.js';

describe('collectPages', () => {
  it('follows cursors and keeps order', async () => {
    const pages = { '': { nodes: [1, 2], hasNextPage: true, endCursor: 'a' }, a: { nodes: [3], hasNextPage: true, endCursor: 'b' }, b: { nodes: [4], hasNextPage: false, endCursor: null } };
    const seen: Array<string | null> = [];
    const result = await collectPages('Op', async (after) => {
      seen.push(after);
      return ok(pages[(after ?? '') as keyof typeof pages]);
    });
    expect(result).toEqual({ ok: true, value: [1, 2, 3, 4] });
    expect(seen).toEqual([null, 'a', 'b']);
  });

  it('fails with linear_missing_end_cursor when another page has no cursor', async () => {
    const result = await collectPages('Op', async () => ok({ nodes: [1], hasNextPage: true, endCursor: null }));
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_missing_end_cursor' } });
  });

  it('stops on a repeated cursor instead of looping', async () => {
    const result = await collectPages('Op', async () => ok({ nodes: [1], hasNextPage: true, endCursor: 'same' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_unknown_payload' } });
  });

  it('gives up after LINEAR_MAX_PAGES pages', async () => {
    let n = 0;
    const result = await collectPages('Op', async () => ok({ nodes: [], hasNextPage: true, endCursor: `c${n++}` }));
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_unknown_payload' } });
    expect(n).toBe(LINEAR_MAX_PAGES);
  });
});
