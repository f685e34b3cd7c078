import { useCallback, useEffect, useState } from 'react';
import type { BatonBridge, BridgeResult } from '../../../shared/bridge/bridge-api.js';
import { engineStatusText } from './engine-status-text.js';
import { useEngineStatus } from './use-engine-status.js';
import './first-run.css';

export type FirstRunBridge = Pick<BatonBridge, 'chooseWorkflow' | 'createFromTemplate' | 'startDemo' | 'recentWorkflows' | 'openRecent' | 'restartEngine' | 'onEngineStatus'>;

/**
 * Electron's screen when no engine runs: open a repository's WORKFLOW.md, create one from the
 * template, reopen a recent one, or try the demo. Main starts the engine and then loads the
 * control room in this window; until then this screen shows the engine's progress or why it stopped.
 */
export function FirstRun({ bridge }: { bridge: FirstRunBridge }) {
  const status = useEngineStatus(bridge);
  const [recent, setRecent] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    bridge.recentWorkflows().then(
      (paths) => live && setRecent(paths),
      () => live && setRecent([]),
    );
    return () => {
      live = false;
    };
  }, [bridge]);

  /** Runs one action; a refusal (not a cancel) is shown, and the buttons stay usable afterwards. */
  const run = useCallback(async (action: () => Promise<BridgeResult | string | null>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (result && typeof result === 'object' && !result.ok && result.error !== 'cancelled') setError(result.error ?? 'that did not work');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const starting = status?.state === 'starting' || status?.state === 'restarting';
  const disabled = busy || starting;
  const statusText = engineStatusText(status);

  return (
    <main className="first-run" data-testid="first-run">
      <header>
        <h1>Baton</h1>
        <p className="first-run-lede">Open a repository&apos;s workflow to start its control room.</p>
      </header>
      {statusText && (
        <section className={`first-run-status ${status!.state}`} role={status!.state === 'stopped' ? 'alert' : 'status'} data-testid="first-run-status">
          <p>{statusText}</p>
          {(status!.state === 'stopped' || status!.state === 'restarting') && status!.stderrTail && (
            <pre className="engine-stderr" data-testid="engine-stderr">{status!.stderrTail}</pre>
          )}
          {status!.state === 'stopped' && (
            <button type="button" onClick={() => void run(() => bridge.restartEngine())} disabled={busy} data-testid="first-run-restart">
              Start it again
            </button>
          )}
        </section>
      )}
      <section className="first-run-actions" aria-label="Start">
        <button type="button" className="primary" onClick={() => void run(() => bridge.chooseWorkflow())} disabled={disabled} data-testid="first-run-open">
          Open a repository&apos;s WORKFLOW.md
        </button>
        <button type="button" onClick={() => void run(() => bridge.createFromTemplate())} disabled={disabled} data-testid="first-run-template">
          Create one from a template
        </button>
        <button type="button" onClick={() => void run(() => bridge.startDemo())} disabled={disabled} data-testid="first-run-demo">
          Try the demo
        </button>
      </section>
      {error && (
        <p className="first-run-error" role="alert" data-testid="first-run-error">
          {error}
        </p>
      )}
      <section className="first-run-recent" aria-labelledby="first-run-recent-title">
        <h2 id="first-run-recent-title">Recent workflows</h2>
        {recent === null ? null : recent.length === 0 ? (
          <p className="empty">None yet.</p>
        ) : (
          <ul>
            {recent.map((p) => (
              <li key={p}>
                <button type="button" onClick={() => void run(() => bridge.openRecent(p))} disabled={disabled} title={p} data-testid="first-run-recent">
                  <span className="recent-name">{repoName(p)}</span>
                  <span className="recent-path">{p}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

/** The repository's folder name: what people call it. */
function repoName(workflowPath: string): string {
  const parts = workflowPath.split(/[\\/]/).filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2]! : workflowPath;
}
