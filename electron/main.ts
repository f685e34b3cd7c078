// Electron main: thin by design (DESIGN.md). It keeps one instance, supervises the engine, and
// owns the window; everything else lives in the engine, which runs as a child with Electron's Node.
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, session, shell } from 'electron';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_SCHEME_PRIVILEGES } from './app/app-protocol.js';
import type { BatonApp } from './app/baton-app.js';
import { appArguments, parseCommandLine, type LaunchRequest } from './app/command-line.js';
import { secondInstanceRequest, startBaton } from './app/run-baton.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultApp = process.defaultApp === true;
const args = appArguments(process.argv, defaultApp);

// Custom schemes must be registered before `ready`.
protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);

// The second launch hands over its own arguments and cwd, so a relative path means what it meant there.
if (!app.requestSingleInstanceLock({ args, cwd: process.cwd() })) {
  app.quit();
} else {
  runPrimary();
}

function runPrimary(): void {
  let baton: BatonApp | null = null;
  let pending: LaunchRequest | null = null;
  const parsed = parseCommandLine(args, process.cwd());

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const request = secondInstanceRequest(additionalData, argv, workingDirectory, defaultApp);
    if (!baton) {
      pending = request;
      return;
    }
    baton.focus();
    void baton.open(request);
  });

  void app.whenReady().then(() => {
    if (!parsed.ok) dialog.showErrorBox('Baton', parsed.error.message);
    baton = startBaton(
      { app, BrowserWindow, dialog, ipcMain, Notification, protocol, session, shell },
      {
        appRoot: app.getAppPath(),
        preloadPath: path.join(here, 'preload.cjs'),
        execPath: process.execPath,
        env: process.env,
        spawn: (command, engineArgs, options) => spawn(command, engineArgs, options),
        fetch,
      },
      pending ?? (parsed.ok ? parsed.value : { kind: 'none' }),
    );
  });

  // Quitting stops the engine first (SIGTERM: it stops its agents as process trees), then exits.
  let stopped = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopped || !baton) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void baton.dispose().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  // macOS apps stay alive without windows (the engine and its agents keep working); elsewhere, quit.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => baton?.show());
  // A logout or `kill` must not orphan the engine: turn the signal into an orderly quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}
