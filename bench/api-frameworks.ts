// Framework comparison for the API server (issue 8, ADR 0009): Fastify (fastify-type-provider-zod)
// and Hono (@hono/zod-openapi on @hono/node-server; Baton's former hand-written router was
// measured at commit b744f10), each serving the same routes (api-frameworks/bench-routes.ts) in its own
// process, loaded by autocannon from this one.
//
//   node dist/bench/api-frameworks.js      BENCH_API_SECONDS=4 BENCH_API_ROUNDS=2 BENCH_API_CONNECTIONS=10
import autocannon from 'autocannon';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FRAMEWORKS, TOKEN, type Framework } from './api-frameworks/bench-routes.js';
import { envNumber } from './lib/env-options.js';
import { describeMachine } from './lib/machine.js';

const SECONDS = envNumber('BENCH_API_SECONDS', 4);
const ROUNDS = envNumber('BENCH_API_ROUNDS', 2);
const CONNECTIONS = envNumber('BENCH_API_CONNECTIONS', 10);

const here = path.dirname(fileURLToPath(import.meta.url));
const auth = { authorization: `Bearer ${TOKEN}` };

const CASES = [
  { name: 'GET state (2 KB)', method: 'GET', path: '/api/v1/state', headers: auth },
  { name: 'POST ticket (zod body)', method: 'POST', path: '/api/v1/tickets', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Fix the parser', priority: 2 }) },
  { name: 'GET runs (path param)', method: 'GET', path: '/api/v1/tickets/BAT-12/runs', headers: auth },
  { name: 'GET state, no token (401)', method: 'GET', path: '/api/v1/state', headers: {} },
] as const;

async function startServer(framework: Framework): Promise<{ child: ChildProcess; port: number; startupMs: number }> {
  const child = spawn(process.execPath, [path.join(here, 'api-frameworks', 'serve-one.js'), framework], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`${framework} server exited with ${code}`)));
  });
  const [, port, ms] = line.split(' ');
  return { child, port: Number(port), startupMs: Number(ms) };
}

async function rssMb(pid: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(pid)]);
  return Math.round(Number(stdout.trim()) / 1024);
}

console.log(`# api-frameworks: ${await describeMachine()}`);
console.log(`# ${ROUNDS} rounds, ${SECONDS} s per case, ${CONNECTIONS} connections`);
const rows: string[][] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const framework of FRAMEWORKS) {
    const { child, port, startupMs } = await startServer(framework);
    for (const c of CASES) {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}${c.path}`,
        method: c.method,
        headers: c.headers,
        body: 'body' in c ? c.body : undefined,
        connections: CONNECTIONS,
        duration: SECONDS,
      });
      const line = `api framework=${framework} round=${round} case="${c.name}" req_per_s=${Math.round(result.requests.average)} p50_ms=${result.latency.p50} p99_ms=${result.latency.p99} errors=${result.errors} non2xx=${result.non2xx}`;
      console.log(line);
      rows.push([framework, String(round), c.name, String(Math.round(result.requests.average)), String(result.latency.p50), String(result.latency.p99)]);
    }
    console.log(`api framework=${framework} round=${round} startup_ms=${startupMs} rss_mb_after_load=${await rssMb(child.pid!)}`);
    child.kill();
  }
}
console.log('\n| framework | round | case | req/s | p50 ms | p99 ms |\n|---|---:|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
