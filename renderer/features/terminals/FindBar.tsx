import { useState, type KeyboardEvent } from 'react';
import type { FindDirection } from './terminal-view.js';

export interface FindBarProps {
  /** Selects the next/previous match; false when there is none. */
  onFind(query: string, direction: FindDirection): boolean;
  onClose(): void;
}

/** Find in a terminal's buffer: Enter for the next match, Shift+Enter the previous, Escape closes. */
export function FindBar({ onFind, onClose }: FindBarProps) {
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  const find = (direction: FindDirection) => setMissing(query !== '' && !onFind(query, direction));
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find(e.shiftKey ? 'previous' : 'next');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };
  return (
    <div className="terminal-find" role="search">
      <input
        autoFocus
        aria-label="Find in terminal"
        placeholder="Find in terminal"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setMissing(false);
        }}
        onKeyDown={onKeyDown}
        data-testid="terminal-find-input"
      />
      <button type="button" onClick={() => find('previous')} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => find('next')} aria-label="Next match">
        ↓
      </button>
      {missing && <span className="terminal-find-missing">no match</span>}
      <button type="button" onClick={onClose} aria-label="Close find">
        ×
      </button>
    </div>
  );
}
