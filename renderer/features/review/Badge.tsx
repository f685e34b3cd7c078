import type { Badge as BadgeModel } from './review-badges.js';

export function Badge({ badge, testId }: { badge: BadgeModel; testId?: string }) {
  return (
    <span className={`review-badge tone-${badge.tone}`} title={badge.title} data-testid={testId} data-tone={badge.tone}>
      {badge.text}
    </span>
  );
}
