import { describe, expect, it } from 'vitest';
import { approval } from '../../stores/fleet-fixtures.test-util.js';
import { requestDetails } from './request-details.js';

describe('request details per protocol request', () => {
  it('v2 command approval: command, cwd, reason', () => {
    expect(requestDetails(approval('a'))).toMatchObject({ command: 'npm install', cwd: '/ws/BAT-1', reason: 'needs network access', paths: [], pathsMissing: false });
  });

  it('legacy exec approval: the script of a `bash -lc` wrapper, or the argv joined', () => {
    const wrapped = approval('a', { method: 'execCommandApproval', params: { command: ['bash', '-lc', 'make deploy'], cwd: '/ws', reason: null } });
    expect(requestDetails(wrapped)).toMatchObject({ command: 'make deploy', cwd: '/ws', reason: null });
    const argv = approval('a', { method: 'execCommandApproval', params: { command: ['git', 'push', '--force'] } });
    expect(requestDetails(argv).command).toBe('git push --force');
  });

  it('v2 file change: paths when the params carry them, else marked missing; grant root shown', () => {
    const bare = approval('a', { method: 'item/fileChange/requestApproval', params: { itemId: 'i1', reason: null, grantRoot: '/ws/out' } });
    expect(requestDetails(bare)).toMatchObject({ paths: [], pathsMissing: true, grantRoot: '/ws/out', command: null });
    const withChanges = approval('a', { method: 'item/fileChange/requestApproval', params: { changes: [{ path: 'a.txt' }, { path: 'b.txt' }, { nope: 1 }] } });
    expect(requestDetails(withChanges)).toMatchObject({ paths: ['a.txt', 'b.txt'], pathsMissing: false });
  });

  it('legacy patch approval: the changed files', () => {
    const patch = approval('a', { method: 'applyPatchApproval', params: { fileChanges: { 'patched.txt': { add: {} }, 'src/x.ts': { update: {} } } } });
    expect(requestDetails(patch).paths).toEqual(['patched.txt', 'src/x.ts']);
  });

  it('permissions: one line per grant', () => {
    const perms = approval('a', { method: 'item/permissions/requestApproval', params: { reason: 'needs the network', permissions: { network: { enabled: true }, fileSystem: { write: ['/tmp', '/ws'] } } } });
    expect(requestDetails(perms)).toMatchObject({ permissions: ['network: enabled', 'fileSystem write: /tmp, /ws'], reason: 'needs the network' });
  });

  it('MCP elicitation: server, message and link', () => {
    const el = approval('a', { kind: 'input', method: 'mcpServer/elicitation/request', params: { serverName: 'linear', message: 'Sign in', url: 'https://x.example/auth' } });
    expect(requestDetails(el)).toMatchObject({ server: 'linear', message: 'Sign in', url: 'https://x.example/auth' });
  });

  it('survives params that are missing, cut or of the wrong type', () => {
    for (const params of [null, 'cut…', 42, [], { command: 7, cwd: {} }]) {
      expect(requestDetails(approval('a', { params })).command).toBeNull();
    }
  });
});
