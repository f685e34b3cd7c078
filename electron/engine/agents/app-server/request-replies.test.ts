import { describe, expect, it } from 'vitest';
import { approvalResult, inputRefusal, inputResult, wireDecision } from './request-replies.js';

describe('request replies', () => {
  it('uses v2 decisions for v2 approvals and ReviewDecision names for legacy ones', () => {
    expect(approvalResult('item/commandExecution/requestApproval', {}, 'acceptForSession')).toEqual({ decision: 'acceptForSession' });
    expect(approvalResult('item/fileChange/requestApproval', {}, 'decline')).toEqual({ decision: 'decline' });
    expect(approvalResult('execCommandApproval', {}, 'acceptForSession')).toEqual({ decision: 'approved_for_session' });
    expect(approvalResult('applyPatchApproval', {}, 'accept')).toEqual({ decision: 'approved' });
    expect(approvalResult('applyPatchApproval', {}, 'decline')).toEqual({ decision: 'denied' });
    expect(wireDecision('execCommandApproval', 'cancel')).toBe('abort');
  });

  it('grants exactly the requested permissions, scoped, or nothing', () => {
    const params = { permissions: { network: { enabled: true } } };
    expect(approvalResult('item/permissions/requestApproval', params, 'acceptForSession')).toEqual({ permissions: { network: { enabled: true } }, scope: 'session' });
    expect(approvalResult('item/permissions/requestApproval', params, 'accept')).toEqual({ permissions: { network: { enabled: true } }, scope: 'turn' });
    expect(approvalResult('item/permissions/requestApproval', params, 'decline')).toEqual({ permissions: {} });
  });

  it('shapes user-input answers and elicitation content', () => {
    expect(inputResult('item/tool/requestUserInput', { q: ['a', 'b'] })).toEqual({ answers: { q: { answers: ['a', 'b'] } } });
    expect(inputResult('mcpServer/elicitation/request', { env: ['staging'] })).toEqual({ action: 'accept', content: { env: 'staging' } });
    expect(inputResult('mcpServer/elicitation/request', {})).toEqual({ action: 'accept', content: null });
    expect(inputRefusal('mcpServer/elicitation/request', 'x')).toEqual({ result: { action: 'cancel', content: null } });
    expect(inputRefusal('item/tool/requestUserInput', 'no answer')).toEqual({ error: { code: -32000, message: 'no answer' } });
  });
});
