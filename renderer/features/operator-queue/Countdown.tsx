import { formatRemaining, URGENT_MS } from './countdown.js';
import { useNow } from '../../lib/use-now.js';

/** Time left before the request fails the run; red in its last minute. */
export function Countdown({ expiresAt }: { expiresAt: string }) {
  const now = useNow(1_000);
  const left = Date.parse(expiresAt) - now;
  const urgent = left < URGENT_MS;
  return (
    <span
      className={`countdown${urgent ? ' urgent' : ''}`}
      data-testid="countdown"
      title={`Fails the run at ${new Date(expiresAt).toLocaleTimeString()} if nobody answers`}
      role="timer"
    >
      {left > 0 ? `${formatRemaining(left)} left` : 'expired'}
    </span>
  );
}
