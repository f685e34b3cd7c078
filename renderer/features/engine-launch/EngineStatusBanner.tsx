import type { BatonBridge } from '../../../shared/bridge/bridge-api.js';
import { engineStatusText } from './engine-status-text.js';
import { useEngineStatus } from './use-engine-status.js';
import './first-run.css';

/**
 * In Electron, says when the engine behind this page is restarting or has stopped (the connection
 * banner alone cannot tell a crash from a network blip). Renders nothing in a browser.
 */
export function EngineStatusBanner({ bridge = window.baton }: { bridge?: Pick<BatonBridge, 'onEngineStatus'> }) {
  const status = useEngineStatus(bridge);
  const text = engineStatusText(status);
  if (!status || !text) return null;
  const stopped = status.state === 'stopped';
  return (
    <div className={`engine-banner ${status.state}`} role={stopped ? 'alert' : 'status'} data-testid="engine-status-banner">
      <span>{text}</span>
      {(status.state === 'stopped' || status.state === 'restarting') && status.stderrTail && (
        <pre className="engine-stderr" data-testid="engine-stderr">{status.stderrTail}</pre>
      )}
    </div>
  );
}
