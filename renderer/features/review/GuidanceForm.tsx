import { useState } from 'react';
import type { GuidanceBody } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../lib/services.js';
import { useFleet } from '../../stores/fleet-store.js';
import { toast } from 'sonner';

interface Props {
  initialText: string;
  /** The ticket (and finding) the guidance came from, recorded with the commit. */
  source: Omit<GuidanceBody, 'text'>;
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Edit, then append to the guidance file through the landing queue. Every agent's prompt includes
 * that file, so it is trusted configuration: submitting is the person's explicit confirmation of
 * exactly this text (`confirm_config`).
 */
export function GuidanceForm({ initialText, source, onDone, onCancel }: Props) {
  const { api } = useServices();
  const file = useFleet((s) => (s.workflow?.config.review as { guidance_file?: string } | undefined)?.guidance_file ?? 'the guidance file');
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const res = await api.promoteGuidance({ ...source, text: text.trim(), confirm_config: true });
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
      <p className="warn-text" data-testid="guidance-trust">
        This text goes into <code>{file}</code>
        {source.identifier ? ` under “From ${source.identifier}${source.finding_id ? `, finding ${source.finding_id}` : ''}”` : ''}, which every agent reads in its
        prompt: it is trusted configuration. Appending it is your confirmation of exactly this text; it lands through the landing queue.
      </p>
      {error && (
        <p className="error" role="alert" data-testid="guidance-error">
          {error}
        </p>
      )}
      <span className="form-actions">
        <button type="submit" disabled={busy || text.trim() === ''} data-testid="guidance-submit">
          {busy ? 'Promoting…' : `Confirm and append to ${file}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
