import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OffsetLocation } from './offset-marks.js';
import type { TerminalStatus } from './terminal-instance.js';
import type { TerminalHandle } from './terminal-manager.js';
import { FindBar } from './FindBar.js';
import { watchSize } from './resize-watch.js';
import { useTerminalManager, useTerminalStatus } from './use-terminal-manager.js';
import './terminals.css';

export interface TerminalPaneProps {
  terminalId: string;
  /** Keystrokes reach the process (pty agents, shells); a codex transcript is read-only. */
  interactive: boolean;
  /** A line above the screen (e.g. "scrolled to the restored screen"); the owner clears it. */
  notice?: string | null;
  /** Scroll to this stream offset (a trace event's position); a new object asks again. */
  reveal?: { offset: number } | null;
  onRevealed?: (where: OffsetLocation) => void;
}

/**
 * Shows one pooled terminal: mounts its xterm DOM host into this pane, refits it when the pane's
 * size settles, and renders the status around it. No terminal bytes pass through React.
 */
export function TerminalPane({ terminalId, interactive, notice, reveal, onRevealed }: TerminalPaneProps) {
  const manager = useTerminalManager();
  const screenRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<TerminalHandle | null>(null);
  const status = useTerminalStatus(manager, terminalId);
  const [finding, setFinding] = useState(false);

  useEffect(() => {
    const screen = screenRef.current;
    if (!screen) return;
    const handle = manager.attach(terminalId, screen, { interactive });
    handleRef.current = handle;
    const frame = requestAnimationFrame(() => handle.fit());
    const stopWatching = watchSize(screen, () => handle.fit());
    return () => {
      cancelAnimationFrame(frame);
      stopWatching();
      handle.detach();
      handleRef.current = null;
    };
  }, [manager, terminalId, interactive]);

  const revealedRef = useRef(onRevealed);
  revealedRef.current = onRevealed;
  // Declared after the attach effect, so the terminal is in the pool when this runs.
  useEffect(() => {
    if (!reveal) return;
    let live = true;
    void manager.reveal(terminalId, reveal.offset).then((where) => {
      if (live && where) revealedRef.current?.(where);
    });
    return () => {
      live = false;
    };
  }, [manager, terminalId, reveal]);

  const onKeyDownCapture = (e: KeyboardEvent) => {
    // Ctrl/Cmd+Shift+F: plain Ctrl+F belongs to the program (readline's forward-char).
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      e.stopPropagation();
      setFinding(true);
    }
  };

  return (
    <section className="terminal-pane" data-testid={`terminal-${terminalId}`} data-phase={status?.phase ?? 'none'} onKeyDownCapture={onKeyDownCapture}>
      <div className="terminal-toolbar">
        <StatusBadge status={status} interactive={interactive} />
        <button type="button" className="terminal-tool" onClick={() => setFinding((f) => !f)} aria-pressed={finding} title="Find (Ctrl+Shift+F)">
          Find
        </button>
      </div>
      {finding && (
        <FindBar
          onFind={(query, direction) => handleRef.current?.find(query, direction) ?? false}
          onClose={() => {
            handleRef.current?.clearFind();
            setFinding(false);
            handleRef.current?.focus();
          }}
        />
      )}
      {notice && (
        <div className="terminal-notice" role="status" data-testid="terminal-notice">
          {notice}
        </div>
      )}
      {status?.droppedInput ? (
        <div className="terminal-notice warn" role="alert">
          {status.droppedInput} typed characters were not sent: the engine was unreachable.
        </div>
      ) : null}
      <div className="terminal-screen" ref={screenRef} onClick={() => handleRef.current?.focus()} />
    </section>
  );
}

function StatusBadge({ status, interactive }: { status: TerminalStatus | null; interactive: boolean }) {
  const mode = interactive ? 'interactive' : 'read-only transcript';
  if (!status) return <span className="terminal-status">connecting…</span>;
  switch (status.phase) {
    case 'connecting':
      return <span className="terminal-status">connecting… · {mode}</span>;
    case 'live':
      return (
        <span className="terminal-status live" data-testid="terminal-live">
          live · {mode}
          {status.webgl ? ' · WebGL' : ''}
        </span>
      );
    case 'exited':
      return (
        <span className="terminal-status exited" data-testid="terminal-exited">
          exited{status.exitCode !== null ? ` with code ${status.exitCode}` : ''}
          {status.signal !== null ? ` (signal ${status.signal})` : ''} · final screen
        </span>
      );
    case 'missing':
      return (
        <span className="terminal-status bad" role="alert">
          This terminal is gone: the engine no longer keeps it (its session ended a while ago).
        </span>
      );
    case 'offline':
      return (
        <span className="terminal-status warn" role="alert">
          disconnected · the screen is restored when the engine is back
        </span>
      );
  }
}
