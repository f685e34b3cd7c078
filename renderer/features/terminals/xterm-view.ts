import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { openTerminalLink } from './link-opener.js';
import type { FindDirection, LineMarker, TerminalSize, TerminalView } from './terminal-view.js';
import { isSoftwareWebgl } from './webgl-software.js';

/**
 * Lines a viewer keeps above the screen. A re-attach restores the engine's copy (its last 1,000
 * lines); live output adds to it. At xterm 6's ~1.2 KB per line this is ~3.6 MB per terminal, under
 * the 5 MB per off-screen terminal budget (performance-and-reliability.md §0); the raw log on disk
 * keeps everything.
 */
export const VIEW_SCROLLBACK_LINES = 3_000;

const THEME = {
  background: '#0f1115',
  foreground: '#e6e8ee',
  cursor: '#6ea8fe',
  selectionBackground: '#2a3f66',
};

const FONT = 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

interface WebglState {
  addon: WebglAddon;
  contexts: WebGL2RenderingContext[];
  lossListener: IDisposable;
}

/**
 * One xterm.js terminal living outside React: it owns a DOM host that the manager moves into and out
 * of whatever container shows it, so switching views keeps the buffer, scroll position and
 * renderer instead of rebuilding them.
 */
export class XtermView implements TerminalView {
  private readonly host: HTMLDivElement;
  private readonly term: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly searchAddon = new SearchAddon();
  private webgl: WebglState | null = null;
  private opened = false;

  constructor() {
    this.host = document.createElement('div');
    this.host.className = 'terminal-host';
    this.term = new Terminal({
      scrollback: VIEW_SCROLLBACK_LINES,
      fontFamily: FONT,
      fontSize: 13,
      theme: THEME,
      cursorBlink: false,
      disableStdin: true,
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.searchAddon);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => void openTerminalLink(uri, window)));
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  mount(container: HTMLElement): void {
    if (this.host.parentElement !== container) container.appendChild(this.host);
    if (!this.opened) {
      this.term.open(this.host);
      this.opened = true;
    }
  }

  unmount(): void {
    this.host.remove();
  }

  setReadOnly(readOnly: boolean): void {
    this.term.options.disableStdin = readOnly;
  }

  write(data: string, parsed?: () => void): void {
    this.term.write(data, parsed);
  }

  resize(cols: number, rows: number): void {
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
  }

  proposeSize(): TerminalSize | null {
    if (!this.opened || !this.host.isConnected) return null;
    const size = this.fitAddon.proposeDimensions();
    if (!size || !Number.isFinite(size.cols) || !Number.isFinite(size.rows) || size.cols < 2 || size.rows < 1) return null;
    return { cols: size.cols, rows: size.rows };
  }

  onInput(listener: (data: string) => void): () => void {
    const subscription = this.term.onData(listener);
    return () => subscription.dispose();
  }

  cursorLine(): number {
    const buffer = this.term.buffer.active;
    return buffer.baseY + buffer.cursorY;
  }

  markCursor(): LineMarker | null {
    return this.term.registerMarker(0) ?? null;
  }

  scrollToLine(line: number): void {
    this.term.scrollToLine(line);
  }

  scrollToBottom(): void {
    this.term.scrollToBottom();
  }

  enableWebgl(onContextLost: () => void): boolean {
    if (this.webgl) return true;
    if (!this.opened) return false;
    const before = new Set(this.host.querySelectorAll('canvas'));
    let addon: WebglAddon | null = null;
    try {
      addon = new WebglAddon();
      this.term.loadAddon(addon);
    } catch {
      addon?.dispose();
      return false;
    }
    // Only canvases the addon added: asking any other canvas for webgl2 could create a context.
    const contexts = [...this.host.querySelectorAll('canvas')]
      .filter((canvas) => !before.has(canvas))
      .map((canvas) => canvas.getContext('webgl2'))
      .filter((gl): gl is WebGL2RenderingContext => gl !== null);
    const lossListener = addon.onContextLoss(() => onContextLost());
    this.webgl = { addon, contexts, lossListener };
    if (contexts.some(isSoftwareWebgl)) {
      // Drawn on the CPU: slower than the DOM renderer, so give the context back and stay on DOM.
      this.disableWebgl();
      return false;
    }
    return true;
  }

  disableWebgl(): void {
    const state = this.webgl;
    if (!state) return;
    this.webgl = null;
    state.lossListener.dispose();
    try {
      state.addon.dispose(); // xterm switches back to its DOM renderer
    } catch {
      // A renderer that already lost its context may fail to tear down; the DOM renderer still takes over.
    }
    // WebglAddon.dispose() leaves the WebGL2 context alive until garbage collection (xterm.js#6068),
    // and Chromium evicts the oldest live context past 16: release it now.
    for (const gl of state.contexts) gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  /** The buffer as plain text, trailing blanks trimmed (tests and diagnostics). */
  bufferText(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\n+$/, '');
  }

  get usesWebgl(): boolean {
    return this.webgl !== null;
  }

  find(query: string, direction: FindDirection): boolean {
    if (query === '') return false;
    return direction === 'next' ? this.searchAddon.findNext(query) : this.searchAddon.findPrevious(query);
  }

  clearFind(): void {
    this.searchAddon.clearDecorations();
    this.term.clearSelection();
  }

  focus(): void {
    this.term.focus();
  }

  dispose(): void {
    this.disableWebgl();
    this.term.dispose();
    this.host.remove();
  }
}
