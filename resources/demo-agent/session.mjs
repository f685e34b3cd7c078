// The app-server side of the protocol: handshake, one thread, turns on it, interrupts. What a
// turn does is in turn-script.mjs; this file only keeps the protocol's rules.
import os from 'node:os';
import { ERROR_INVALID_PARAMS, ERROR_INVALID_REQUEST, ERROR_METHOD_NOT_FOUND } from './peer.mjs';
import { Turn } from './turn.mjs';
import { runTurnScript } from './turn-script.mjs';

export const AGENT_NAME = 'baton-scripted-demo-agent';
export const AGENT_VERSION = '0.1.0';
export const MODEL_NAME = 'scripted-demo-agent (no model)';

export class Session {
  /**
   * @param {import('./peer.mjs').Peer} peer
   * @param {{ cwd: string, env: NodeJS.ProcessEnv, paceMs: number, log: (line: string) => void }} options
   */
  constructor(peer, options) {
    this.peer = peer;
    this.options = options;
    this.initialized = false;
    this.experimentalApi = false;
    this.thread = null;
    this.turnCount = 0;
    /** @type {Turn | null} */
    this.turn = null;
    /** Cumulative token totals of the thread (invented numbers: there is no model). */
    this.tokens = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0 };
    /** Approval kinds the operator accepted for the whole session. */
    this.sessionApprovals = new Set();
    /** The ticket the first turn worked on, for continuation turns. */
    this.ticket = null;
  }

  onRequest(method, params, id) {
    if (method === 'initialize') return this.initialize(params, id);
    if (!this.initialized) return this.peer.fail(id, ERROR_INVALID_REQUEST, 'Not initialized');
    switch (method) {
      case 'thread/start':
        return this.startThread(params, id);
      case 'turn/start':
        return this.startTurn(params, id);
      case 'turn/interrupt':
        return this.interrupt(params, id);
      default:
        return this.peer.fail(id, ERROR_METHOD_NOT_FOUND, `the scripted demo agent does not implement ${method}`);
    }
  }

  onNotification(method) {
    if (method !== 'initialized') this.options.log(`ignoring notification ${method}`);
  }

  initialize(params, id) {
    if (this.initialized) return this.peer.fail(id, ERROR_INVALID_REQUEST, 'Already initialized');
    this.initialized = true;
    this.experimentalApi = params?.capabilities?.experimentalApi === true;
    this.peer.respond(id, {
      userAgent: `${AGENT_NAME}/${AGENT_VERSION} (Baton's scripted demo agent: no model, no API key)`,
      codexHome: null,
      platformFamily: process.platform === 'win32' ? 'windows' : 'unix',
      platformOs: os.platform(),
    });
  }

  startThread(params, id) {
    if (this.thread) return this.peer.fail(id, ERROR_INVALID_REQUEST, 'the scripted demo agent runs one thread per process');
    const tools = Array.isArray(params.dynamicTools) ? params.dynamicTools : [];
    if (tools.length > 0 && !this.experimentalApi) {
      return this.peer.fail(id, ERROR_INVALID_REQUEST, 'thread/start.dynamicTools requires experimentalApi capability');
    }
    const cwd = typeof params.cwd === 'string' && params.cwd !== '' ? params.cwd : this.options.cwd;
    const now = Math.floor(Date.now() / 1000);
    this.thread = {
      id: `thr_demo_${process.pid}_${now}`,
      cwd,
      approvalPolicy: params.approvalPolicy ?? 'never',
      tools: new Set(tools.map((t) => t?.name).filter((n) => typeof n === 'string')),
    };
    const thread = {
      id: this.thread.id, sessionId: this.thread.id, forkedFromId: null, preview: '', ephemeral: true, modelProvider: 'baton-demo',
      createdAt: now, updatedAt: now, status: { type: 'idle' }, path: null, cwd, cliVersion: AGENT_VERSION, source: 'appServer',
      threadSource: null, agentNickname: 'scripted demo agent', agentRole: null, gitInfo: null, name: null, turns: [],
    };
    this.peer.respond(id, {
      thread, model: MODEL_NAME, modelProvider: 'baton-demo', serviceTier: null, cwd, instructionSources: [],
      approvalPolicy: this.thread.approvalPolicy, approvalsReviewer: 'user', sandbox: { type: 'dangerFullAccess' }, reasoningEffort: null,
    });
    this.peer.notify('thread/started', { thread });
  }

  startTurn(params, id) {
    if (!this.thread || params.threadId !== this.thread.id) return this.peer.fail(id, ERROR_INVALID_PARAMS, `unknown thread ${JSON.stringify(params.threadId)}`);
    if (this.turn) return this.peer.fail(id, ERROR_INVALID_REQUEST, 'a turn is already running on this thread');
    if (!Array.isArray(params.input)) return this.peer.fail(id, ERROR_INVALID_PARAMS, 'turn/start needs an input list');
    // Per-turn overrides become the thread's defaults for later turns, as in codex.
    if (params.approvalPolicy !== undefined && params.approvalPolicy !== null) this.thread.approvalPolicy = params.approvalPolicy;
    if (typeof params.cwd === 'string' && params.cwd !== '') this.thread.cwd = params.cwd;
    const prompt = params.input.filter((i) => i?.type === 'text').map((i) => String(i.text ?? '')).join('\n');
    const turn = new Turn(this, `turn_${++this.turnCount}`, prompt);
    this.turn = turn;
    this.peer.respond(id, { turn: turn.snapshot('inProgress') });
    this.peer.notify('turn/started', { threadId: this.thread.id, turn: turn.snapshot('inProgress') });
    turn.userMessage();
    void turn.run(runTurnScript).finally(() => {
      if (this.turn === turn) this.turn = null;
    });
  }

  interrupt(params, id) {
    this.peer.respond(id, {});
    if (this.turn && (params.turnId === undefined || params.turnId === this.turn.id)) this.turn.interrupt();
  }
}
