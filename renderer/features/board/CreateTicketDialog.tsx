import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { CreateTicketBody } from '../../../shared/api/schemas.js';
import { useServices } from '../../lib/services.js';
import type { ApiError } from '../../lib/api-client.js';
import { boardStore, requestFocus, useBoard } from './board-store.js';
import { applyTickets } from '../../stores/fleet-state.js';
import { fleetStore } from '../../stores/fleet-store.js';

/** Linear's scale, which the local tracker uses: 0 = none, 1 urgent … 4 low. */
const PRIORITIES: Array<[string, string]> = [['', 'none'], ['1', '1 · urgent'], ['2', '2 · high'], ['3', '3 · medium'], ['4', '4 · low']];

export interface CreateTicketDialogProps {
  /** The board's columns, offered as the new ticket's state. */
  states: readonly string[];
}

/** New ticket → POST /api/v1/tickets. The engine's refusal is shown inside the dialog, which stays open. */
export function CreateTicketDialog({ states }: CreateTicketDialogProps) {
  const open = useBoard((s) => s.createOpen);
  const ref = useRef<HTMLDialogElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="create-dialog" aria-labelledby="create-title" data-testid="create-dialog" onClose={() => boardStore().setState({ createOpen: false })}>
      {open && <CreateForm states={states} />}
    </dialog>
  );
}

function CreateForm({ states }: CreateTicketDialogProps) {
  const { api } = useServices();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = readForm(new FormData(e.currentTarget));
    if (body.title.trim() === '') {
      setError({ code: 'title_required', message: 'A title is required.', status: null });
      return;
    }
    setBusy(true);
    setError(null);
    const res = await api.createTicket(body);
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    // The WebSocket pushes the new ticket too; applying the answer shows it even while that lags.
    fleetStore().setState((s) => applyTickets(s, [res.value]), true);
    boardStore().setState({ createOpen: false });
    requestFocus(boardStore(), res.value.identifier);
    toast.success(`Created ${res.value.identifier}`, { description: res.value.title });
  };
  return (
    <form className="create-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="create-title">New ticket</h2>
      <label>
        Title
        <input name="title" autoFocus required aria-required="true" data-testid="create-title" />
      </label>
      <label>
        Description
        <textarea name="description" rows={5} data-testid="create-description" />
      </label>
      <div className="create-row">
        <label>
          Priority
          <select name="priority" defaultValue="" data-testid="create-priority">
            {PRIORITIES.map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select name="state" defaultValue="" data-testid="create-state">
            <option value="">default</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Labels <span className="hint">(comma-separated)</span>
        <input name="labels" data-testid="create-labels" />
      </label>
      {error && (
        <div className="form-error" role="alert" data-testid="create-error">
          {error.message} <span className="error-code">({error.code})</span>
        </div>
      )}
      <div className="create-actions">
        <button type="button" onClick={() => boardStore().setState({ createOpen: false })}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy} data-testid="create-submit">
          {busy ? 'Creating…' : 'Create'}
        </button>
      </div>
    </form>
  );
}

/** Only the fields given are sent: the engine applies its own defaults (state, priority). */
export function readForm(form: FormData): CreateTicketBody {
  const text = (name: string) => String(form.get(name) ?? '');
  const body: CreateTicketBody = { title: text('title') };
  if (text('description').trim() !== '') body.description = text('description');
  if (text('priority') !== '') body.priority = Number(text('priority'));
  if (text('state') !== '') body.state = text('state');
  const labels = text('labels')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (labels.length > 0) body.labels = labels;
  return body;
}
