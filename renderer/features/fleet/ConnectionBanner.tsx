import { useFleet } from '../../stores/fleet-store.js';

/** Says so when the engine connection is down; the socket reconnects by itself. */
export function ConnectionBanner() {
  const connection = useFleet((s) => s.connection);
  const loaded = useFleet((s) => s.loaded);
  if (connection === 'open') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      {loaded ? 'Disconnected from the engine — reconnecting…' : 'Connecting to the engine…'}
    </div>
  );
}
