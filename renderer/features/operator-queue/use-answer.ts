import { useCallback, useState } from 'react';
import type { ApprovalAnswerBody } from '../../../shared/api/schemas.js';
import { useServices } from '../../lib/services.js';
import type { ApiError } from '../../lib/api-client.js';

export type AnswerState = { status: 'idle' } | { status: 'sending' } | { status: 'sent' } | { status: 'failed'; error: ApiError };

/** Sends an answer; the request leaves the list when the engine pushes the new queue. */
export function useAnswer(requestId: string): { state: AnswerState; send: (body: ApprovalAnswerBody) => Promise<void> } {
  const { api } = useServices();
  const [state, setState] = useState<AnswerState>({ status: 'idle' });
  const send = useCallback(
    async (body: ApprovalAnswerBody) => {
      setState({ status: 'sending' });
      const res = await api.answerApproval(requestId, body);
      setState(res.ok ? { status: 'sent' } : { status: 'failed', error: res.error });
    },
    [api, requestId],
  );
  return { state, send };
}

/** The engine's message, with what it means for this request. */
export function describeAnswerError(error: ApiError): string {
  switch (error.code) {
    case 'approval_already_resolved':
      return `Already answered, expired or withdrawn — ${error.message}`;
    case 'approval_not_found':
      return `The engine no longer has this request — ${error.message}`;
    case 'network_error':
      return `Not sent: ${error.message}. Try again when the connection is back.`;
    default:
      return error.message;
  }
}
