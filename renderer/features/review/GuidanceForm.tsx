import { useState } from 'react';
import type { GuidanceBody } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../app/services.js';
import { toast } from 'sonner';

interface Props {
  initialText: string;
  /** The ticket (and finding) the guidance came from, recorded with the commit. */
  source: Omit<GuidanceBody, 'text'>;
  onDone: () => void;
  onCancel: () => void;
}

/** Edit, then append to the guidance file through the landing queue. */
export function GuidanceForm({ initialText, source, onDone, onCancel }: Props) {
  const { api } = useServices();
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const res = await api.promoteGuidance({ ...source, text: text.trim() });
    setBusy(false);
    if (!res.ok) return setError(`${res.error.message} (${res.error.code})`);
    toast.success('Queued for the guidance file', { description: `Landing #${res.value.landing_id} appends it` });
    onDone();
  };
  return (
    <form
      className="guidance-form"
      data-testid="guidance-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        <span className="muted">Guidance for future agents (appended to the guidance file)</span>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={4}
          data-testid="guidance-text"
          onKeyDown={(e) => {
            if (e.key === 'Escape') onCancel();
          }}
        />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="guidance-error">
          {error}
        </p>
      )}
      <span className="form-actions">
        <button type="submit" disabled={busy || text.trim() === ''} data-testid="guidance-submit">
          {busy ? 'Promoting…' : 'Promote to guidance'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
