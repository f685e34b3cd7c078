/**
 * The parse worker's program: plain CommonJS run with `new Worker(source, { eval: true })`.
 *
 * Why a string: the engine is TypeScript compiled by tsc into dist/, while tests run the sources
 * through vitest's transform. A worker file would exist as `.js` in one and only as `.ts` in the
 * other, and a worker thread runs plain Node without either transform. This program needs nothing
 * of ours: only `yaml` and `liquidjs`, whose resolved paths arrive in `workerData`.
 *
 * Requests `{id, op, …}`, answers `{id, ok, …}`:
 * - `yaml {text}` → `{ok:true, value}` (the front matter as plain data), or `{ok:false, message, line, col}`
 * - `template {source}` → `{ok:true}`, or `{ok:false, phase:'parse', message}`
 * - `render {source, vars}` → `{ok:true, text}`, or `{ok:false, phase:'parse'|'render', message}`
 * Parsed templates are cached (a bounded number of sources), so a render after a reload's check
 * does not parse again.
 */
export const PARSE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { Liquid } = require(workerData.liquidPath);
const { parseDocument } = require(workerData.yamlPath);

const liquid = new Liquid({ strictVariables: true, strictFilters: true, ownPropertyOnly: true, renderLimit: workerData.renderLimitMs });
const cache = new Map();

function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

function parse(source) {
  const hit = cache.get(source);
  if (hit) return hit;
  const templates = liquid.parse(source);
  if (cache.size >= workerData.cacheEntries) cache.delete(cache.keys().next().value);
  cache.set(source, templates);
  return templates;
}

function yaml(text) {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos && first.linePos[0];
    return { ok: false, message: first.message, line: pos ? pos.line : null, col: pos ? pos.col : null };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (e) {
    // Unresolvable aliases and alias bombs only surface when the document is converted.
    return { ok: false, message: messageOf(e), line: null, col: null };
  }
}

async function handle(req) {
  switch (req.op) {
    case 'yaml':
      return yaml(req.text);
    case 'template':
      try {
        parse(req.source);
        return { ok: true };
      } catch (e) {
        return { ok: false, phase: 'parse', message: messageOf(e) };
      }
    case 'render': {
      let templates;
      try {
        templates = parse(req.source);
      } catch (e) {
        return { ok: false, phase: 'parse', message: messageOf(e) };
      }
      try {
        return { ok: true, text: String(await liquid.render(templates, req.vars)) };
      } catch (e) {
        return { ok: false, phase: 'render', message: messageOf(e) };
      }
    }
    default:
      return { ok: false, phase: 'request', message: 'unknown request ' + String(req.op) };
  }
}

parentPort.on('message', (req) => {
  handle(req).then(
    (res) => {
      try {
        parentPort.postMessage(Object.assign({ id: req.id }, res));
      } catch (e) {
        // A value the structured clone cannot copy: say so instead of leaving the caller waiting.
        parentPort.postMessage({ id: req.id, ok: false, phase: 'request', message: 'the result cannot be sent back: ' + messageOf(e) });
      }
    },
    (e) => parentPort.postMessage({ id: req.id, ok: false, phase: 'request', message: messageOf(e) }),
  );
});
`;
