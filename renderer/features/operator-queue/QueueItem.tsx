import { memo } from 'react';
import type { Approval } from '../../../shared/api/schemas.js';
import { routeHref } from '../../lib/route.js';
import { Countdown } from './Countdown.js';
import { DecisionButtons } from './DecisionButtons.js';
import { QuestionForm } from './QuestionForm.js';
import { RequestDetails } from './RequestDetails.js';
import { describeAnswerError, useAnswer } from './use-answer.js';

/** One waiting request: who asks, what, how long is left, and the controls to answer it. */
export const QueueItem = memo(function QueueItem({ request }: { request: Approval }) {
  const { state, send } = useAnswer(request.id);
  const busy = state.status === 'sending' || state.status === 'sent';
  return (
    <article className={`queue-item kind-${request.kind}`} data-testid={`request-${request.id}`} aria-label={`${request.issue_identifier}: ${request.summary}`}>
      <header className="queue-item-head">
        <a className="queue-ticket" href={routeHref({ view: 'ticket', identifier: request.issue_identifier })}>
          {request.issue_identifier}
        </a>
        <span className="queue-kind">{request.kind === 'input' ? 'question' : 'approval'}</span>
        {request.session_id && <span className="queue-session" title="Agent session">{request.session_id}</span>}
        <Countdown expiresAt={request.expires_at} />
      </header>
      <p className="queue-summary">{request.summary}</p>
      <RequestDetails request={request} />
      {request.kind === 'approval' ? (
        <DecisionButtons options={request.options} disabled={busy} onDecide={(decision) => void send({ decision })} />
      ) : (
        <QuestionForm questions={request.questions} disabled={busy} onSubmit={(body) => void send(body)} />
      )}
      {state.status === 'sent' && <p className="queue-sent" role="status">Answer sent.</p>}
      {state.status === 'failed' && (
        <p className="error" role="alert" data-testid="request-error" data-code={state.error.code}>
          {describeAnswerError(state.error)}
        </p>
      )}
    </article>
  );
});
