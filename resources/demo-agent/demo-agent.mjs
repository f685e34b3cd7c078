#!/usr/bin/env node
// Baton's SCRIPTED demo agent. It speaks the codex app-server protocol v2 over stdio (JSONL) so
// Baton drives it exactly like `codex app-server`, but there is no model and no API key: each
// turn makes small, canned, clearly marked edits in its worktree, derived from the ticket's title
// and description, runs the project's tests and commits, at a human pace. Every message it writes
// starts with "[scripted demo agent]". Plain Node ESM, no dependencies. See docs/demo.md.
//
//   BATON_DEMO_AGENT_PACE_MS   pause between steps in ms (default 700; tests use ~0)
import { Peer } from './peer.mjs';
import { Session } from './session.mjs';

/** About five to eight seconds per turn: slow enough to watch, quick enough not to bore. */
const DEFAULT_PACE_MS = 700;

function paceFrom(env) {
  const raw = env.BATON_DEMO_AGENT_PACE_MS;
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_PACE_MS;
}

const log = (line) => process.stderr.write(`demo-agent: ${line}\n`);
let session = null;
const peer = new Peer(
  { input: process.stdin, output: process.stdout, log },
  {
    onRequest: (method, params, id) => session.onRequest(method, params, id),
    onNotification: (method, params) => session.onNotification(method, params),
    // Closing stdin ends the process, as with codex app-server.
    onClose: () => process.exit(0),
  },
);
session = new Session(peer, { cwd: process.cwd(), env: process.env, paceMs: paceFrom(process.env), log });
process.stdout.on('error', () => process.exit(0));
