// The pty agent of the terminals-ui benchmark (run as `pty.command`). Its task comes from the prompt
// Baton renders from the ticket title, e.g. "mode=stamp" or "mode=flood seconds=10":
//   stamp  prints `STAMP <epoch ms>` lines every STAMP_EVERY_MS, so the page can measure how long
//          output takes from this process to the screen;
//   flood  waits for the file named by BENCH_FLOOD_GATE, then writes as fast as the pty takes it
//          for `seconds`, then goes quiet.
// Either way it then stays alive until the engine kills it, so its terminal stays live.
import { existsSync, readFileSync } from 'node:fs';

/** 50 stamps a second: a few hundred samples per 10 s window, ~4 KB/s like a chatty agent. */
const STAMP_EVERY_MS = 20;
/** One flood write: 64 KiB of 80-column lines, like `yes` or `cat` of a big file. */
const FLOOD_CHUNK = ('y'.repeat(79) + '\n').repeat(820);

const prompt = process.env.BATON_PROMPT_FILE ? readFileSync(process.env.BATON_PROMPT_FILE, 'utf8') : '';
const mode = /mode=(\w+)/.exec(prompt)?.[1] ?? 'stamp';
const seconds = Number(/seconds=(\d+)/.exec(prompt)?.[1] ?? 3600);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const write = (text: string) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));

async function stamp(): Promise<void> {
  const end = Date.now() + seconds * 1000;
  for (let n = 1; Date.now() < end; n++) {
    await write(`STAMP ${now().toFixed(3)} #${n} ${'.'.repeat(40)}\n`);
    await sleep(STAMP_EVERY_MS);
  }
}

async function flood(): Promise<void> {
  const gate = process.env.BENCH_FLOOD_GATE;
  while (gate && !existsSync(gate)) await sleep(50);
  const end = Date.now() + seconds * 1000;
  let bytes = 0;
  while (Date.now() < end) {
    await write(FLOOD_CHUNK);
    bytes += FLOOD_CHUNK.length;
  }
  await write(`\nFLOOD_DONE bytes=${bytes}\n`);
}

await write(`bench agent: ${mode} for ${seconds} s\n`);
await (mode === 'flood' ? flood() : stamp());
setInterval(() => {}, 60_000);
