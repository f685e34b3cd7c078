// One candidate server in its own process: `node serve-one.js <framework>` prints
// `ready <port> <ms from process start to listening>` and serves until killed.
import { performance } from 'node:perf_hooks';
import type { Framework } from './bench-routes.js';

const framework = process.argv[2] as Framework;
const start = {
  fastify: async () => (await import('./serve-fastify.js')).serveFastify(),
  hono: async () => (await import('./serve-hono.js')).serveHono(),
}[framework];
if (!start) throw new Error(`unknown framework ${framework}`);
const port = await start();
console.log(`ready ${port} ${performance.now().toFixed(1)}`);
