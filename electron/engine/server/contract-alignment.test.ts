import { describe, expectTypeOf, it } from 'vitest';
import type { Approval, ApprovalAnswerBody, RunRecord as WireRunRecord, TerminalInfo as WireTerminalInfo } from '../../../shared/api/schemas.js';
import type { OperatorAnswer, OperatorRequest } from '../agents/operator-queue.js';
import type { RunRecord as StoredRunRecord } from '../store/store-types.js';
import type { TerminalInfo as RegistryTerminalInfo } from '../terminals/terminal-types.js';

/**
 * The wire shapes in shared/api are spelled out for the renderer, which cannot import the engine.
 * These compile-time checks (run by tsc) keep them identical to the engine records they carry, so
 * the composition root can hand those records to the API unchanged.
 */
describe('API wire types match the engine records', () => {
  it('serves OperatorQueue requests and answers as they are', () => {
    expectTypeOf<OperatorRequest>().toEqualTypeOf<Approval>();
    expectTypeOf<ApprovalAnswerBody>().toEqualTypeOf<OperatorAnswer>();
  });

  it('serves the store run records as they are', () => {
    expectTypeOf<StoredRunRecord>().toEqualTypeOf<WireRunRecord>();
  });

  it('serves TerminalRegistry entries as they are', () => {
    expectTypeOf<RegistryTerminalInfo>().toEqualTypeOf<WireTerminalInfo>();
  });
});
