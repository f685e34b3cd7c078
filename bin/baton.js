#!/usr/bin/env node
// The `baton` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/electron/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('baton: dist/ is missing; run `npm install` (or `npm run build`) in the Baton checkout first.');
  process.exit(1);
}
const { main } = await import(cli.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is disposed by now; if some handle still holds the loop open, do not hang the shell.
setTimeout(() => process.exit(code), 3_000).unref();
