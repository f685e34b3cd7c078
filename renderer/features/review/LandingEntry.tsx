import type { Landing } from '../../../shared/api/review-schemas.js';
import { routeHref } from '../../lib/route.js';
import { LiveTerminal } from './LiveTerminal.js';
import { OverlapList } from './OverlapList.js';
import { formatWhen, shortSha } from '../../lib/format.js';

const STATUS_TONE: Record<Landing['status'], string> = { queued: 'muted', landing: 'busy', blocked: 'warn', landed: 'ok', failed: 'bad' };

/** One landing: where it is in the queue, what it is doing, what went wrong, what it collides with. */
export function LandingEntry({ landing, recent = false }: { landing: Landing; recent?: boolean }) {
  const title = landing.kind === 'guidance' ? `Guidance: ${landing.title}` : landing.title;
  return (
    <li className={`landing status-${landing.status}`} data-testid={`landing-${landing.id}`} data-status={landing.status}>
      <div className="landing-head">
        <span className={`review-badge tone-${STATUS_TONE[landing.status]}`} data-testid="landing-status">
          {landing.status}
          {landing.step && landing.status === 'landing' ? ` · ${landing.step}` : ''}
        </span>
        <a className="review-id" href={routeHref({ view: 'ticket', identifier: landing.identifier })}>
          {landing.identifier}
        </a>
        <span className="landing-title">{title}</span>
        <code className="muted">{landing.branch}</code>
      </div>
      <div className="muted landing-times">
        {recent ? (
          <>ended {formatWhen(landing.ended_at)}</>
        ) : (
          <>
            enqueued {formatWhen(landing.enqueued_at)}
            {landing.started_at && <> · started {formatWhen(landing.started_at)}</>}
          </>
        )}
        {landing.landed_commit && (
          <>
            {' '}
            · landed as <code data-testid="landed-commit">{shortSha(landing.landed_commit)}</code>
          </>
        )}
      </div>
      {landing.error && (
        <pre className={`landing-error ${landing.status === 'blocked' ? 'warn-text' : 'error'}`} data-testid="landing-error">
          {landing.error}
        </pre>
      )}
      {landing.push_error && (
        <p className="warn-text" data-testid="push-error">
          Landed locally, but the push failed (the next landing pushes again): {landing.push_error}
        </p>
      )}
      {!recent && <OverlapList overlaps={landing.overlaps} testId="landing-overlaps" />}
      {!recent && landing.terminal_id && <LiveTerminal terminalId={landing.terminal_id} identifier={landing.identifier} label="Watch the check live" />}
    </li>
  );
}
