import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIFF_LIMITS } from '../../electron/engine/review/diff/diff-limits.js';
import { countLines, diffFixture, expectError, sectionsFor, unwrap, type DiffFixture } from './review-diff-helpers.js';

let fx: DiffFixture;
afterEach(async () => {
  await fx?.cleanup();
});

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i}\n`).join('');
const addedLines = (patch: string) => patch.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;

describe('DiffService: large diffs stay bounded', () => {
  it('leaves a 50,000-line file out of the patch and gives it whole through path=', async () => {
    fx = await diffFixture();
    await fx.write('generated.txt', lines(50_000));
    await fx.commit('generated');
    await fx.write('small.txt', 'small\n');

    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files.map((f) => [f.path, f.additions, f.patch_omitted])).toEqual([['generated.txt', 50_000, true], ['small.txt', 1, false]]);
    expect(diff).toMatchObject({ truncated: true, additions: 50_001 });
    expect(sectionsFor(diff.patch, 'generated.txt')).toEqual([]);
    expect(sectionsFor(diff.patch, 'small.txt')[0]).toContain('+small\n');
    expect(diff.patch.length).toBeLessThan(1_000);

    const alone = unwrap(await fx.service.diff({ ...fx.input, path: 'generated.txt' }));
    expect(alone.files).toEqual([{ path: 'generated.txt', old_path: null, status: 'added', additions: 50_000, deletions: 0, binary: false, patch_omitted: false }]);
    expect(alone).toMatchObject({ truncated: false, additions: 50_000, deletions: 0 });
    expect(addedLines(alone.patch)).toBe(50_000);
    expect(alone.patch).toContain('+line 49999\n');
  });

  it('stops at the response cap: later files are left out, flagged, and still loadable one by one', async () => {
    fx = await diffFixture();
    // 250 files of 100 lines: ~26,000 patch lines against a cap of 20,000.
    for (let i = 0; i < 250; i++) await fx.write(`src/f${String(i).padStart(3, '0')}.txt`, lines(100, `f${i}`));

    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files).toHaveLength(250);
    expect(diff.truncated).toBe(true);
    expect(countLines(diff.patch)).toBeLessThanOrEqual(DEFAULT_DIFF_LIMITS.patchMaxLines);
    const kept = diff.files.filter((f) => !f.patch_omitted).map((f) => f.path);
    // The patch is a prefix of the file list: everything up to the cap, nothing after it.
    expect(kept.length).toBeGreaterThan(150);
    expect(kept).toEqual(diff.files.slice(0, kept.length).map((f) => f.path));
    for (const file of diff.files) expect(sectionsFor(diff.patch, file.path)).toHaveLength(file.patch_omitted ? 0 : 1);
    expect(diff.additions).toBe(25_000);

    const last = unwrap(await fx.service.diff({ ...fx.input, path: 'src/f249.txt' }));
    expect(addedLines(last.patch)).toBe(100);
    expect(last.truncated).toBe(false);
  });

  it('leaves out a file of few but enormous lines (a minified bundle) and keeps the rest', async () => {
    fx = await diffFixture();
    await fx.write('dist/app.min.js', `${'x'.repeat(2 * 1024 * 1024)}\n`);
    await fx.write('src/app.ts', 'export {};\n');
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files.map((f) => [f.path, f.additions, f.patch_omitted])).toEqual([['dist/app.min.js', 1, true], ['src/app.ts', 1, false]]);
    expect(diff.patch.length).toBeLessThan(1_000);
  });

  it('caps the response in bytes as well as lines', async () => {
    fx = await diffFixture();
    // Seven files of one 900 KB line each: every one is under the per-file bound, together 6.3 MB.
    for (let i = 0; i < 7; i++) await fx.write(`blob${i}.txt`, `${String(i).repeat(900 * 1024)}\n`);
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(Buffer.byteLength(diff.patch)).toBeLessThanOrEqual(DEFAULT_DIFF_LIMITS.patchMaxBytes);
    expect(diff.files.map((f) => f.patch_omitted)).toEqual([false, false, false, false, false, true, true]);
  });

  it('refuses a one-file patch past the single-file bound instead of building it', async () => {
    fx = await diffFixture(undefined, { limits: { singleFileMaxBytes: 100_000 } });
    await fx.write('generated.txt', lines(50_000));
    const message = expectError(await fx.service.diff({ ...fx.input, path: 'generated.txt' }), 'diff_too_large');
    expect(message).toContain('generated.txt');
  });
});
