import { toast } from 'sonner';
import type { ApiClient } from '../../lib/api-client.js';
import { navigate } from '../../lib/route.js';
import { boardStore } from '../../features/board/board-store.js';

/** A palette entry that is not a ticket. `keywords` widen what the fuzzy search matches. */
export interface PaletteCommand {
  id: string;
  label: string;
  keywords: string[];
  shortcut?: string;
  run: () => void;
}

export interface CommandDeps {
  api: Pick<ApiClient, 'refresh'>;
  /** The ticket "move focused ticket" acts on: the open ticket, else the last focused card. */
  target: string | null;
  openMovePage: () => void;
}

export function paletteCommands(deps: CommandDeps): PaletteCommand[] {
  const commands: PaletteCommand[] = [
    {
      id: 'create-ticket',
      label: 'Create ticket…',
      keywords: ['new', 'add', 'issue'],
      shortcut: 'c',
      run: () => {
        navigate({ view: 'board' });
        boardStore().setState({ createOpen: true });
      },
    },
    { id: 'go-board', label: 'Go to board', keywords: ['kanban', 'columns', 'home'], run: () => navigate({ view: 'board' }) },
    { id: 'go-queue', label: 'Go to operator queue', keywords: ['approvals', 'waiting', 'questions'], run: () => navigate({ view: 'queue' }) },
    { id: 'go-review', label: 'Go to review inbox', keywords: ['review', 'approve', 'diff', 'handoff', 'audit'], run: () => navigate({ view: 'review', identifier: null }) },
    { id: 'go-landing', label: 'Go to landing queue', keywords: ['merge', 'land', 'queue', 'checks'], run: () => navigate({ view: 'landing' }) },
    {
      id: 'refresh',
      label: 'Refresh from the tracker',
      keywords: ['poll', 'reload', 'reconcile', 'sync'],
      run: () => {
        void deps.api.refresh().then((res) => {
          if (res.ok) toast.success('Refresh queued');
          else toast.error('Refresh failed', { description: `${res.error.message} (${res.error.code})` });
        });
      },
    },
  ];
  if (deps.target) {
    commands.push({ id: 'move-ticket', label: `Move ${deps.target} to…`, keywords: ['state', 'column', 'status'], run: deps.openMovePage });
  }
  return commands;
}
