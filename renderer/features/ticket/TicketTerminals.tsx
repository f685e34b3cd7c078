import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { RunRecord } from '../../../shared/api/schemas.js';
import { useServices } from '../../lib/services.js';
import { useFleet } from '../../stores/fleet-store.js';
import type { OffsetLocation } from '../terminals/offset-marks.js';
import { TerminalPane } from '../terminals/TerminalPane.js';
import { terminalTabs } from './terminal-tabs.js';

/** A request from the trace to show a stream offset of a terminal; `nonce` makes repeats distinct. */
export interface RevealRequest {
  terminalId: string;
  offset: number;
  nonce: number;
}

const REVEAL_NOTICE: Record<Exclude<OffsetLocation['kind'], 'line'>, string> = {
  restored: 'That output arrived before this view attached and came with the restored screen: showing the top of the restored screen.',
  trimmed: "That output has scrolled out of this terminal's scrollback (the raw log keeps everything): showing the top.",
  ahead: 'That output has not reached this view yet: showing the latest output.',
};

/** The ticket's terminals as tabs: one per run, the review checks' and operator shells, with "Open shell here". */
export function TicketTerminals({ identifier, runs, reveal }: { identifier: string; runs: readonly RunRecord[] | null; reveal: RevealRequest | null }) {
  const { api } = useServices();
  const all = useFleet((s) => s.terminals);
  const runningTerminal = useFleet((s) => s.runs[identifier]?.terminal_id ?? null);
  const runningAttempt = useFleet((s) => s.runs[identifier]?.attempt ?? null);
  const workflowKind = useFleet((s) => s.workflow?.config.agent.kind ?? null);
  const [opened, setOpened] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The reveal request already carried out, so coming back to its tab does not scroll again. */
  const [revealed, setRevealed] = useState(0);

  const tabs = useMemo(
    () => terminalTabs({ identifier, terminals: all, opened, runs, running: runningTerminal ? { terminal_id: runningTerminal, attempt: runningAttempt } : null, workflowKind }),
    [identifier, all, opened, runs, runningTerminal, runningAttempt, workflowKind],
  );
  const fallback = (runningTerminal && tabs.find((t) => t.id === runningTerminal)) || tabs.filter((t) => t.kind === 'agent').at(-1) || tabs.at(-1) || null;
  const active = tabs.find((t) => t.id === selected) ?? fallback;

  // A new request switches tabs; a changed tab list alone must not switch back, so the tabs are
  // read when the request comes, not watched.
  const carryOut = useEffectEvent((request: RevealRequest) => {
    if (tabs.some((t) => t.id === request.terminalId)) {
      setSelected(request.terminalId);
      setNotice(null);
    } else {
      setNotice('The terminal of that run is no longer kept by the engine (finished terminals stay for a few minutes).');
    }
  });
  useEffect(() => {
    if (reveal) carryOut(reveal);
  }, [reveal]);

  // Shells opened here stay listed until the engine's terminal list has them (then it decides).
  useEffect(() => setOpened((ids) => (ids.some((id) => all.some((t) => t.id === id)) ? ids.filter((id) => !all.some((t) => t.id === id)) : ids)), [all]);

  const openShell = async () => {
    setBusy(true);
    setError(null);
    const result = await api.openShell(identifier);
    setBusy(false);
    if (!result.ok) return setError(shellError(result.error.code, result.error.message));
    setOpened((ids) => [...ids, result.value.terminal_id]);
    setSelected(result.value.terminal_id);
    setNotice(null);
  };

  const closeShell = async (id: string) => {
    const result = await api.closeShell(identifier, id);
    if (!result.ok && result.error.code !== 'terminal_not_found') return setError(`Could not close the shell: ${result.error.message}`);
    setOpened((ids) => ids.filter((x) => x !== id));
    if (selected === id) setSelected(null);
  };

  return (
    <section className="ticket-terminals" data-testid="ticket-terminals">
      <div className="terminal-tabs" role="tablist" aria-label="Terminals">
        {tabs.map((tab) => (
          <div key={tab.id} className={`terminal-tab${tab.id === active?.id ? ' active' : ''}`}>
            <button
              type="button"
              role="tab"
              aria-selected={tab.id === active?.id}
              data-testid={`terminal-tab-${tab.id}`}
              onClick={() => {
                setSelected(tab.id);
                setNotice(null);
              }}
            >
              {tab.label}
              {tab.exited && <span className="tab-exited"> (exited)</span>}
            </button>
            {tab.kind === 'shell' && (
              <button type="button" className="tab-close" aria-label={`Close ${tab.label}`} onClick={() => void closeShell(tab.id)}>
                ×
              </button>
            )}
          </div>
        ))}
        <button type="button" className="open-shell" onClick={() => void openShell()} disabled={busy} data-testid="open-shell">
          {busy ? 'Opening…' : 'Open shell here'}
        </button>
      </div>
      {error && (
        <div className="error terminal-error" role="alert">
          {error}
        </div>
      )}
      {active ? (
        <TerminalPane
          key={active.id}
          terminalId={active.id}
          interactive={active.interactive}
          notice={notice}
          reveal={reveal && reveal.terminalId === active.id && reveal.nonce !== revealed ? reveal : null}
          onRevealed={(where) => {
            setRevealed(reveal?.nonce ?? 0);
            setNotice(where.kind === 'line' ? null : REVEAL_NOTICE[where.kind]);
          }}
        />
      ) : (
        <div className="empty terminal-empty">No terminal: a run shows its terminal here while it works and for a few minutes after.</div>
      )}
    </section>
  );
}

function shellError(code: string, message: string): string {
  if (code === 'workspace_not_found') return 'No workspace yet: it is created when the ticket first runs.';
  if (code === 'workspace_outside_root') return `Refused: ${message}`;
  return `Could not open a shell: ${message}`;
}
