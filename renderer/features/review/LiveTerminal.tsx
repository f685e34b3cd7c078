import { useState } from 'react';
import { routeHref } from '../../lib/route.js';
import { TerminalPane } from '../terminals/TerminalPane.js';

/**
 * A check's terminal, shown on demand: it is read-only (the check is not interactive) and only
 * subscribed while open, so a list of landings does not stream every check it mentions.
 */
export function LiveTerminal({ terminalId, identifier, label }: { terminalId: string | null; identifier: string; label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="live-terminal">
      <span className="live-terminal-actions">
        {terminalId && (
          <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="watch-terminal">
            {open ? 'Hide terminal' : label}
          </button>
        )}
        <a href={routeHref({ view: 'ticket', identifier })}>Open {identifier}</a>
      </span>
      {open && terminalId && (
        <div className="live-terminal-pane">
          <TerminalPane terminalId={terminalId} interactive={false} />
        </div>
      )}
    </div>
  );
}
