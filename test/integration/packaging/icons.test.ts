// The committed icons: rendered from resources/icon.svg (scripts/render-icons.mjs), in the sizes
// and formats each platform's installer reads.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { checkIcons, ICON_DIR, ICON_SOURCE, LINUX_ICON_SIZES } from '../../../scripts/render-icons.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The chunk types of an ICNS file: 'icns', its total length, then (type, length incl. header) records. */
function icnsTypes(buf: Buffer): string[] {
  expect(buf.toString('latin1', 0, 4)).toBe('icns');
  expect(buf.readUInt32BE(4)).toBe(buf.length);
  const types: string[] = [];
  for (let at = 8; at < buf.length; at += buf.readUInt32BE(at + 4)) {
    expect(buf.readUInt32BE(at + 4)).toBeGreaterThan(8);
    types.push(buf.toString('latin1', at, at + 4));
  }
  return types;
}

/** Sizes in an ICO's directory (a width byte of 0 means 256). */
function icoSizes(buf: Buffer): number[] {
  expect(buf.readUInt16LE(0)).toBe(0);
  expect(buf.readUInt16LE(2)).toBe(1);
  const count = buf.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => buf.readUInt8(6 + i * 16) || 256);
}

describe('the app icons', () => {
  let scratch: string | null = null;
  afterEach(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = null;
  });

  it('are the ones rendered from the SVG source (else: npm run icons)', async () => {
    expect(await checkIcons(root)).toEqual([]);
  });

  it('a Linux PNG for each size, at that size', async () => {
    for (const n of LINUX_ICON_SIZES) {
      expect(pngSize(await readFile(path.join(root, ICON_DIR, 'png', `${n}x${n}.png`)))).toEqual({ width: n, height: n });
    }
  });

  it('a macOS .icns from 16 px to 512@2x and a Windows .ico up to 256 px', async () => {
    const types = icnsTypes(await readFile(path.join(root, ICON_DIR, 'icon.icns')));
    // ic07..ic10: 128, 256, 512, 1024 (512@2x); ic11..ic14: 16@2x, 32@2x, 128@2x, 256@2x; is32/il32: legacy 16/32.
    expect(types).toEqual(expect.arrayContaining(['is32', 'il32', 'ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14']));
    const sizes = icoSizes(await readFile(path.join(root, ICON_DIR, 'icon.ico')));
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
  });

  it('are taken by electron-builder as they are, with no conversion (which would download its icon toolset)', async () => {
    const { convertIcon } = require('app-builder-lib/out/util/iconConverter.js') as {
      convertIcon(o: { sources: string[]; fallbackSources: string[]; roots: string[]; format: 'icns' | 'ico' | 'set'; outDir: string }): Promise<{ icons: { file: string; size: number }[] }>;
    };
    const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, { icon?: string; buildResources?: string }>;
    // As PlatformPackager.resolveIcon looks: build resources first, then the project.
    const roots = [path.join(root, config.directories?.buildResources ?? 'build'), root];
    scratch = await mkdtemp(path.join(os.tmpdir(), 'baton-icon-convert-'));
    // Should a conversion be attempted after all, it fails here at once instead of downloading.
    vi.stubEnv('ELECTRON_BUILDER_ICONS_TOOLSET_DIR', path.join(scratch, 'no-toolset'));
    try {
      const mac = await convertIcon({ sources: [config.mac?.icon ?? ''], fallbackSources: [], roots, format: 'icns', outDir: scratch });
      expect(mac.icons.map((i) => i.file)).toEqual([path.join(root, ICON_DIR, 'icon.icns')]);
      const win = await convertIcon({ sources: [config.win?.icon ?? ''], fallbackSources: [], roots, format: 'ico', outDir: scratch });
      expect(win.icons).toEqual([{ file: path.join(root, ICON_DIR, 'icon.ico'), size: 256 }]);
      const linux = await convertIcon({ sources: [config.linux?.icon ?? ''], fallbackSources: [], roots, format: 'set', outDir: scratch });
      expect(linux.icons.map((i) => i.size)).toEqual([...LINUX_ICON_SIZES]);
      expect(linux.icons.every((i) => i.file.startsWith(path.join(root, ICON_DIR, 'png')))).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('are reported stale when the SVG changes without a re-render, or an icon is edited or missing', async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'baton-icons-'));
    await cp(path.join(root, 'resources'), path.join(scratch, 'resources'), { recursive: true });
    expect(await checkIcons(scratch)).toEqual([]);
    const svg = path.join(scratch, ICON_SOURCE);
    await writeFile(svg, (await readFile(svg, 'utf8')).replace('#FF7A3D', '#3DA5FF'));
    await writeFile(path.join(scratch, ICON_DIR, 'png', '16x16.png'), 'not a png');
    await rm(path.join(scratch, ICON_DIR, 'icon.ico'));
    expect(await checkIcons(scratch)).toEqual([
      `${ICON_SOURCE} changed since the icons were rendered`,
      `${ICON_DIR}/png/16x16.png is not the one rendered from ${ICON_SOURCE}`,
      `${ICON_DIR}/icon.ico is missing`,
    ]);
  });
});
