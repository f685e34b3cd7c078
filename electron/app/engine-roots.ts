import path from 'node:path';
import { pathFor } from '../../shared/api/contract.js';
import type { EngineAddress } from '../../shared/bridge/bridge-api.js';
import { err, errorMessage, ok, type Result } from '../engine/lib/result.js';

export type FetchLike = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** A local engine answers in milliseconds; one that takes this long is not going to. */
const ENGINE_REQUEST_TIMEOUT_MS = 5_000;

export interface WorkflowRoots {
  workflowPath: string;
  /** The folders the file manager may be opened on: the workflow's folder and the workspace root. */
  roots: string[];
}

/**
 * Asks the engine (GET /api/v1/workflow) where its workflow and workspaces live. Asked on every
 * use rather than cached: a WORKFLOW.md reload may move the workspace root.
 */
export async function fetchWorkflowRoots(fetchFn: FetchLike, address: EngineAddress): Promise<Result<WorkflowRoots>> {
  let body: unknown;
  try {
    const res = await fetchFn(`${address.url}${pathFor('getWorkflow')}`, {
      headers: { authorization: `Bearer ${address.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(ENGINE_REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) return err('engine-refused', `the engine answered ${res.status} to GET ${pathFor('getWorkflow')}`);
    body = await res.json();
  } catch (e) {
    return err('engine-unreachable', `cannot reach the engine at ${address.url}: ${errorMessage(e)}`);
  }
  const workflowPath = field(body, ['path']);
  const root = field(body, ['config', 'workspace', 'root']);
  if (typeof workflowPath !== 'string' || !path.isAbsolute(workflowPath)) return err('engine-bad-answer', 'the engine did not say where its workflow is');
  const workflowDir = path.dirname(workflowPath);
  const roots = [workflowDir];
  // A bare relative root is relative to the engine's working directory, which main sets to the workflow's folder.
  if (typeof root === 'string' && root !== '') roots.push(path.resolve(workflowDir, root));
  return ok({ workflowPath, roots });
}

function field(value: unknown, keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
