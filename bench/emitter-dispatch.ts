// Cost of one Emitter.emit (lib/emitter.ts) next to the hand-rolled `for (const l of set)` loop it
// replaced. PtyProcess emits once per pty output chunk, so this sits on the terminal hot path.
//   npm run build && node dist/bench/emitter-dispatch.js
import { Emitter } from '../electron/engine/lib/emitter.js';

const EMITS = 2_000_000;
const ROUNDS = 8;
const CHUNK = 'x'.repeat(64);

function plainSet(): number {
  const listeners = new Set<(data: string) => void>();
  let chars = 0;
  listeners.add((data) => void (chars += data.length));
  const start = process.hrtime.bigint();
  for (let i = 0; i < EMITS; i++) for (const listener of listeners) listener(CHUNK);
  if (chars === 0) throw new Error('nothing delivered');
  return Number(process.hrtime.bigint() - start) / EMITS;
}

function emitter(): number {
  const data = new Emitter<string>();
  let chars = 0;
  data.on((chunk) => void (chars += chunk.length));
  const start = process.hrtime.bigint();
  for (let i = 0; i < EMITS; i++) data.emit(CHUNK);
  if (chars === 0) throw new Error('nothing delivered');
  return Number(process.hrtime.bigint() - start) / EMITS;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const set: number[] = [];
const em: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  set.push(plainSet());
  em.push(emitter());
}
console.log(`emit with one listener, median of ${ROUNDS} rounds of ${EMITS}: Set loop ${median(set).toFixed(0)} ns, Emitter ${median(em).toFixed(0)} ns`);
