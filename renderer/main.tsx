import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './app/theme.css';
import { ApiClient } from './lib/api-client.js';
import { needsToken, resolveConnection, webSocketUrl } from './lib/connection.js';
import { LiveSocket } from './lib/live-socket.js';
import { AppServicesContext } from './lib/services.js';
import { createFleetStore, setFleetStore } from './stores/fleet-store.js';
import { createBoardStore, setBoardStore } from './features/board/board-store.js';
import { startLiveSync } from './stores/live-sync.js';
import { WS_PATH } from '../shared/api/routes.js';
import { firstRunBridge, mountFirstRun } from './features/engine-launch/first-run-boot.js';
import { TokenNeeded } from './features/engine-launch/TokenNeeded.js';

// Electron before any engine runs: the first-run screen, with no API client or socket to start.
const firstRun = firstRunBridge(window);
if (firstRun) mountFirstRun(document.getElementById('root')!, firstRun);
else startControlRoom();

function startControlRoom(): void {
  const connection = resolveConnection();
  if (needsToken(connection)) {
    createRoot(document.getElementById('root')!).render(<TokenNeeded />);
    return;
  }
  const api = new ApiClient(connection);
  const socket = new LiveSocket(webSocketUrl(connection, WS_PATH));
  const store = createFleetStore();
  setFleetStore(store);
  setBoardStore(createBoardStore(window.localStorage));
  startLiveSync(store, socket, api);
  socket.start();

  createRoot(document.getElementById('root')!).render(
    <AppServicesContext.Provider value={{ api, socket, connection }}>
      <App />
    </AppServicesContext.Provider>,
  );
}
