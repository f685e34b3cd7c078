import { useEffect } from 'react';
import { boardStore } from './board-store.js';
import { isTypingTarget } from './board-keys.js';
import { BOARD_SEARCH_ID } from './FilterBar.js';

/** `c` opens the create dialog and `/` focuses search, unless the user is typing or a dialog is open. */
export function useBoardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('dialog[open], [role="dialog"]')) return;
      if (e.key === 'c') {
        e.preventDefault();
        boardStore().setState({ createOpen: true });
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById(BOARD_SEARCH_ID)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
