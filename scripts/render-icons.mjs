#!/usr/bin/env node
// Renders every app icon from the one source, resources/icon.svg, into resources/icons/:
// png/<N>x<N>.png for Linux, icon.icns for macOS, icon.ico for Windows, and icons.json, which
// records the SHA-256 of the source and of each output. The outputs are committed (an installer
// build must not need sharp's native binary); `--check` and the packaging test compare hashes, so
// an edited SVG without a re-render, or a hand-edited icon, fails `npm test`.
//
//   node scripts/render-icons.mjs           render
//   node scripts/render-icons.mjs --check   exit 1 when the committed icons are stale
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ICON_SOURCE = 'resources/icon.svg';
export const ICON_DIR = 'resources/icons';
/** Sizes in px of the Linux PNG set: the hicolor theme's usual sizes, up to the 1024 the ICNS and ICO are made from. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** The SVG's own size in px; librsvg renders it at 72 dpi, so density 72 × N / 1024 draws it at N px directly. */
const SOURCE_SIZE_PX = 1024;
const SVG_DPI = 72;

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** The output files, relative to ICON_DIR. */
export function iconFiles() {
  return [...LINUX_ICON_SIZES.map((n) => `png/${n}x${n}.png`), 'icon.icns', 'icon.ico'];
}

/** Renders all icons under `root` (the repository) and writes the manifest. */
export async function renderIcons(root) {
  // Loaded here, not at the top: --check and the tests need neither native nor packer code.
  const { default: sharp } = await import('sharp');
  const png2icons = (await import('png2icons')).default;
  const svg = await readFile(path.join(root, ICON_SOURCE));
  const outDir = path.join(root, ICON_DIR);
  await rm(path.join(outDir, 'png'), { recursive: true, force: true });
  await mkdir(path.join(outDir, 'png'), { recursive: true });
  const outputs = new Map();
  for (const n of LINUX_ICON_SIZES) {
    // Drawn at the target size rather than scaled down from 1024: small sizes stay crisp.
    // No metadata and maximum compression: the same SVG and sharp give the same bytes.
    const png = await sharp(svg, { density: (SVG_DPI * n) / SOURCE_SIZE_PX })
      .resize(n, n)
      .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
      .toBuffer();
    outputs.set(`png/${n}x${n}.png`, png);
  }
  const master = outputs.get(`png/${SOURCE_SIZE_PX}x${SOURCE_SIZE_PX}.png`);
  // ICNS: every size from 16 to 512@2x, including the legacy RLE entries older macOS reads.
  const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0);
  // ICO for an executable: bitmaps below 64 px (what old Windows dialogs read), PNG above.
  const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not build the ICNS or ICO from the 1024 px PNG');
  outputs.set('icon.icns', icns);
  outputs.set('icon.ico', ico);
  for (const [file, buf] of outputs) await writeFile(path.join(outDir, file), buf);
  const manifest = { source: ICON_SOURCE, sourceSha256: sha256(svg), files: Object.fromEntries([...outputs].map(([f, b]) => [f, sha256(b)])) };
  await writeFile(path.join(outDir, 'icons.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** What is stale or missing in the committed icons under `root`; empty when they match the SVG. */
export async function checkIcons(root) {
  const problems = [];
  const outDir = path.join(root, ICON_DIR);
  let manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(outDir, 'icons.json'), 'utf8'));
  } catch (e) {
    return [`${ICON_DIR}/icons.json cannot be read (${e.message})`];
  }
  const svg = await readFile(path.join(root, ICON_SOURCE));
  if (manifest.sourceSha256 !== sha256(svg)) problems.push(`${ICON_SOURCE} changed since the icons were rendered`);
  for (const file of iconFiles()) {
    const expected = manifest.files?.[file];
    const actual = await readFile(path.join(outDir, file)).then(sha256, () => null);
    if (actual === null) problems.push(`${ICON_DIR}/${file} is missing`);
    else if (expected !== actual) problems.push(`${ICON_DIR}/${file} is not the one rendered from ${ICON_SOURCE}`);
  }
  return problems;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const problems = await checkIcons(repoRoot);
    for (const p of problems) console.error(`render-icons: ${p}`);
    if (problems.length > 0) console.error('render-icons: run `npm run icons` and commit resources/icons/.');
    process.exitCode = problems.length > 0 ? 1 : 0;
  } else {
    const manifest = await renderIcons(repoRoot);
    console.log(`render-icons: wrote ${Object.keys(manifest.files).length} files to ${ICON_DIR}/`);
  }
}
