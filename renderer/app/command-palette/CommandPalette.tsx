import { Command, defaultFilter } from 'cmdk';
import { useEffect, useMemo, useState } from 'react';
import { boardColumns } from '../../features/board/board-columns.js';
import { moveTicket } from '../../features/board/board-moves.js';
import { boardStore } from '../../features/board/board-store.js';
import { fleetStore, useFleet } from '../../stores/fleet-store.js';
import { notifyMoveError } from '../../features/board/notify.js';
import { navigate, useRoute } from '../../lib/route.js';
import { useServices } from '../../lib/services.js';
import { paletteCommands } from './palette-commands.js';
import { rankTickets } from './ticket-search.js';
import './palette.css';

type Page = 'root' | 'move';

/** Ctrl/Cmd+K anywhere: go to a ticket, create one, switch views, refresh, move the focused ticket. */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        // A native modal (the create dialog) makes the rest of the page inert, palette included.
        if (document.querySelector('dialog[open]')) return;
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      shouldFilter={false}
      loop
      vimBindings={false}
      overlayClassName="palette-overlay"
      contentClassName="palette"
    >
      {open && <PaletteBody close={() => setOpen(false)} />}
    </Command.Dialog>
  );
}

function PaletteBody({ close }: { close: () => void }) {
  const { api } = useServices();
  const route = useRoute();
  const [page, setPage] = useState<Page>('root');
  const [search, setSearch] = useState('');
  // Captured on open: the palette takes focus, the card it acts on keeps its identity.
  const [target] = useState(() => (route.view === 'ticket' ? route.identifier : boardStore().getState().focusedId));
  const tickets = useFleet((s) => s.tickets);
  const workflow = useFleet((s) => s.workflow);
  const commands = useMemo(
    () => paletteCommands({ api, target, openMovePage: () => (setPage('move'), setSearch('')) }),
    [api, target],
  );
  const shownCommands = search.trim() === '' ? commands : commands.filter((c) => defaultFilter(c.label, search, c.keywords) > 0);
  const shownTickets = useMemo(() => rankTickets(Object.values(tickets), search), [tickets, search]);
  const states = useMemo(() => boardColumns(workflow, Object.values(tickets).map((t) => t.state)), [workflow, tickets]);
  const shownStates = search.trim() === '' ? states : states.filter((s) => defaultFilter(s, search) > 0);
  const run = (action: () => void) => {
    close();
    action();
  };
  const move = (state: string) =>
    run(() => {
      if (!target) return;
      void moveTicket({ api, fleet: fleetStore(), board: boardStore(), notifyError: notifyMoveError }, target, state);
    });

  return (
    <>
      <Command.Input
        value={search}
        onValueChange={setSearch}
        placeholder={page === 'move' ? `Move ${target} to…` : 'Type a command or a ticket…'}
        data-testid="palette-input"
        onKeyDown={(e) => {
          if (page === 'move' && e.key === 'Backspace' && search === '') setPage('root');
        }}
      />
      <Command.List data-testid="palette-list">
        <Command.Empty>Nothing matches.</Command.Empty>
        {page === 'root' && (
          <>
            {shownTickets.length > 0 && (
              <Command.Group heading="Tickets">
                {shownTickets.map((t) => (
                  <Command.Item key={t.identifier} value={`ticket:${t.identifier}`} onSelect={() => run(() => navigate({ view: 'ticket', identifier: t.identifier }))}>
                    <span className="palette-id">{t.identifier}</span> {t.title}
                    <span className="palette-meta">{t.state}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {shownCommands.length > 0 && (
              <Command.Group heading="Commands">
                {shownCommands.map((c) => (
                  <Command.Item key={c.id} value={`command:${c.id}`} onSelect={() => (c.id === 'move-ticket' ? c.run() : run(c.run))}>
                    {c.label}
                    {c.shortcut && <kbd className="palette-meta">{c.shortcut}</kbd>}
                  </Command.Item>
                ))}
              </Command.Group>
            )}
          </>
        )}
        {page === 'move' && (
          <Command.Group heading={`Move ${target} to`}>
            {shownStates.map((s) => (
              <Command.Item key={s} value={`state:${s}`} onSelect={() => move(s)}>
                {s}
              </Command.Item>
            ))}
          </Command.Group>
        )}
      </Command.List>
    </>
  );
}
