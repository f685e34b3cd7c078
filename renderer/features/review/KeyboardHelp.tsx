import { REVIEW_SHORTCUTS } from './review-keys.js';

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="review-help" role="dialog" aria-label="Keyboard shortcuts" data-testid="review-help">
      <h2>Keyboard</h2>
      <dl>
        {REVIEW_SHORTCUTS.map((s) => (
          <div key={s.keys} className="detail-row">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Shortcuts do not fire while typing in a text field; Esc leaves it.</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
