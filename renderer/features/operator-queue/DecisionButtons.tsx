import type { ApprovalDecision } from '../../../shared/api/schemas.js';
import { DECISIONS } from './answers.js';

/** One button per decision the agent offered, in its order. */
export function DecisionButtons({ options, disabled, onDecide }: { options: readonly ApprovalDecision[]; disabled: boolean; onDecide: (d: ApprovalDecision) => void }) {
  return (
    <div className="actions" role="group" aria-label="Decision">
      {options.map((o) => (
        <button
          key={o}
          type="button"
          className={`decision decision-${o}`}
          title={DECISIONS[o]?.hint}
          disabled={disabled}
          onClick={() => onDecide(o)}
          data-testid={`decision-${o}`}
        >
          {DECISIONS[o]?.label ?? o}
        </button>
      ))}
    </div>
  );
}
