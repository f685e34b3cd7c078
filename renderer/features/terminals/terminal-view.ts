/**
 * What the terminal manager needs from one on-screen terminal. XtermView implements it with xterm.js;
 * unit tests use a fake, so the manager's logic (subscriptions, acks, pooling) is tested without a
 * canvas or WebGL.
 */

/** A line in the terminal buffer that follows scrollback trimming (xterm's IMarker). */
export interface LineMarker {
  /** Current buffer line (scrollback included); meaningless once disposed. */
  readonly line: number;
  /** True once its line was trimmed off the top of the scrollback (or it was disposed). */
  readonly isDisposed: boolean;
  dispose(): void;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

export type FindDirection = 'next' | 'previous';

export interface TerminalView {
  readonly cols: number;
  readonly rows: number;
  /** Puts the terminal's DOM host into `container` (creating the xterm DOM the first time). */
  mount(container: HTMLElement): void;
  /** Takes the DOM host out of the page; the terminal and its buffer stay alive. */
  unmount(): void;
  /** A read-only terminal (an agent's transcript) ignores keystrokes and shows no input cursor. */
  setReadOnly(readOnly: boolean): void;
  /** Queues output; `parsed` runs once xterm has parsed it (flow-control acks go from there). */
  write(data: string, parsed?: () => void): void;
  resize(cols: number, rows: number): void;
  /** The size that fits the mounted container, or null while it has none (hidden, unmounted). */
  proposeSize(): TerminalSize | null;
  /** Keystrokes and pastes typed into the terminal. Returns the unsubscribe function. */
  onInput(listener: (data: string) => void): () => void;
  /** Buffer line of the cursor (scrollback included). */
  cursorLine(): number;
  /** A marker on the cursor's line, or null if the terminal cannot make one. */
  markCursor(): LineMarker | null;
  /** Scrolls so that buffer line `line` is at the top of the viewport. */
  scrollToLine(line: number): void;
  scrollToBottom(): void;
  /** Switches to the WebGL renderer; false (staying on the DOM renderer) when it is unavailable. */
  enableWebgl(onContextLost: () => void): boolean;
  /** Back to the DOM renderer, releasing the WebGL context. */
  disableWebgl(): void;
  /** Selects the next/previous match; false when there is none. */
  find(query: string, direction: FindDirection): boolean;
  clearFind(): void;
  focus(): void;
  dispose(): void;
}

export type ViewFactory = (terminalId: string) => TerminalView;
