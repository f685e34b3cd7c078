import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { BRIDGE_EVENTS, type EngineStatus } from '../../shared/bridge/bridge-api.js';
import { FIRST_RUN_URL } from './app-origin.js';
import { guardNavigation, secureWebPreferences, type NavigationPolicy } from './window-security.js';

export interface MainWindowOptions {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  preloadPath: string;
  navigation: NavigationPolicy;
  log(message: string): void;
}

/** The theme's --bg, so the window does not flash white before the first paint. */
const BACKGROUND = '#0f1115';

/**
 * Baton's one window. It shows the first-run screen (app://baton) until an engine runs, then the
 * control room the engine serves from its own origin; it is told which, and remembers what it
 * loaded so a repeated status does not reload the page.
 */
export class MainWindow {
  private win: BrowserWindow | null = null;
  private loaded: string | null = null;
  /** What the window should show; loaded when it exists (macOS keeps running without one). */
  private wanted = FIRST_RUN_URL;

  constructor(private readonly options: MainWindowOptions) {}

  get window(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** The window, created (hidden until its first paint) when there is none. */
  ensure(): BrowserWindow {
    const existing = this.window;
    if (existing) return existing;
    const win = this.options.createWindow({
      width: 1280,
      height: 820,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Baton',
      backgroundColor: BACKGROUND,
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    guardNavigation(win.webContents, this.options.navigation);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (this.win === win) {
        this.win = null;
        this.loaded = null;
      }
    });
    this.win = win;
    this.loaded = null;
    this.load(win, this.wanted);
    return win;
  }

  showFirstRun(): void {
    this.show(FIRST_RUN_URL);
  }

  showEngine(url: string): void {
    this.show(`${url}/`);
  }

  push(status: EngineStatus): void {
    const win = this.window;
    if (win && !win.webContents.isDestroyed()) win.webContents.send(BRIDGE_EVENTS.engineStatus, status);
  }

  focus(): void {
    const win = this.ensure();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  /** True for the webContents of this window (IPC from anything else is refused). */
  owns(contents: unknown): boolean {
    const win = this.window;
    return win !== null && contents === win.webContents;
  }

  private show(url: string): void {
    this.wanted = url;
    const win = this.window;
    if (win) this.load(win, url);
  }

  private load(win: BrowserWindow, url: string): void {
    if (this.loaded === url) return;
    this.loaded = url;
    // A failed load (the engine died between its banner and now) is reported by the supervisor.
    win.loadURL(url).catch((e: unknown) => this.options.log(`could not load ${url}: ${String(e)}`));
  }
}
