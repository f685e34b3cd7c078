import { err, ok, type Result } from '../../lib/result.js';

/** Shape checks for Linear answers: structure is strict (drift is an error), leaf values lenient. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Page {
  nodes: unknown[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A connection `{ nodes, pageInfo { hasNextPage endCursor } }`; `where` names it in the error. */
export function readPage(connection: unknown, where: string): Result<Page> {
  if (!isRecord(connection) || !Array.isArray(connection.nodes) || !isRecord(connection.pageInfo)) {
    return unknownPayload(`${where} is not a connection with nodes and pageInfo`);
  }
  const { hasNextPage, endCursor } = connection.pageInfo;
  if (typeof hasNextPage !== 'boolean') return unknownPayload(`${where}.pageInfo.hasNextPage is not a boolean`);
  if (endCursor !== undefined && endCursor !== null && typeof endCursor !== 'string') {
    return unknownPayload(`${where}.pageInfo.endCursor is not a string`);
  }
  return ok({ nodes: connection.nodes, hasNextPage, endCursor: endCursor || null });
}

/** `{ nodes: [...] }` without paging (nested lookups). */
export function readNodes(connection: unknown, where: string): Result<unknown[]> {
  if (!isRecord(connection) || !Array.isArray(connection.nodes)) return unknownPayload(`${where} has no nodes list`);
  return ok(connection.nodes);
}

export function unknownPayload(what: string): ReturnType<typeof err> {
  return err('linear_unknown_payload', `unexpected Linear payload: ${what}`);
}
