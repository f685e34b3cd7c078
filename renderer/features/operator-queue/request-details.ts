import type { Approval } from '../../../shared/api/schemas.js';

/**
 * What an operator needs to decide, read from the request's protocol params (codex app-server v2
 * and the legacy v1 requests; see the engine's operator-request-summary.ts). Every field is
 * optional: params are size-bounded and may be cut.
 */
export interface RequestDetails {
  command: string | null;
  cwd: string | null;
  reason: string | null;
  /** Files a change touches, when the request names them. */
  paths: string[];
  /** A v2 file-change approval names no paths: codex sends them with the file-change item that
   *  precedes the request, which the engine does not attach (yet); read `changes` when it does. */
  pathsMissing: boolean;
  grantRoot: string | null;
  permissions: string[];
  server: string | null;
  message: string | null;
  url: string | null;
}

const EMPTY: RequestDetails = { command: null, cwd: null, reason: null, paths: [], pathsMissing: false, grantRoot: null, permissions: [], server: null, message: null, url: null };

export function requestDetails(request: Approval): RequestDetails {
  const p = record(request.params) ?? {};
  const base = { ...EMPTY, reason: str(p.reason) };
  switch (request.method) {
    case 'item/commandExecution/requestApproval':
    case 'execCommandApproval':
      return { ...base, command: commandText(p.command), cwd: str(p.cwd) };
    case 'item/fileChange/requestApproval': {
      const paths = changePaths(p.changes);
      return { ...base, paths, pathsMissing: paths.length === 0, grantRoot: str(p.grantRoot) };
    }
    case 'applyPatchApproval':
      return { ...base, paths: Object.keys(record(p.fileChanges) ?? {}), grantRoot: str(p.grantRoot) };
    case 'item/permissions/requestApproval':
      return { ...base, permissions: permissionLines(p.permissions) };
    case 'mcpServer/elicitation/request':
      return { ...base, server: str(p.serverName), message: str(p.message), url: str(p.url) };
    default:
      return base;
  }
}

function commandText(command: unknown): string | null {
  if (Array.isArray(command)) {
    // Legacy requests wrap the command as ['bash', '-lc', '<script>']: show the script.
    const parts = command.map(String);
    if (parts.length === 3 && /(^|\/)(ba|z)?sh$/.test(parts[0]!) && /^-l?c$/.test(parts[1]!)) return parts[2]!;
    return parts.join(' ');
  }
  return str(command);
}

function changePaths(changes: unknown): string[] {
  if (!Array.isArray(changes)) return [];
  return changes.flatMap((c) => {
    const path = str(record(c)?.path);
    return path ? [path] : [];
  });
}

/** `{network: {enabled: true}, fileSystem: {write: ['/x']}}` → ['network: enabled', 'fileSystem write: /x']. */
function permissionLines(value: unknown): string[] {
  const perms = record(value);
  if (!perms) return [];
  return Object.entries(perms).flatMap(([area, spec]) => {
    const fields = record(spec);
    if (!fields) return [`${area}: ${JSON.stringify(spec)}`];
    return Object.entries(fields).map(([k, v]) => {
      if (k === 'enabled') return `${area}: ${v === true ? 'enabled' : 'disabled'}`;
      return `${area} ${k}: ${Array.isArray(v) ? v.map(String).join(', ') : JSON.stringify(v)}`;
    });
  });
}

function record(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
