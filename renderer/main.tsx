import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './app/theme.css';
import { ApiClient } from './lib/api-client.js';
import { resolveConnection, webSocketUrl } from './lib/connection.js';
import { LiveSocket } from './lib/live-socket.js';
import { AppServicesContext } from './app/services.js';
import { createFleetStore, setFleetStore } from './stores/fleet-store.js';
import { startLiveSync } from './stores/live-sync.js';
import { ROUTES } from '../shared/api/routes.js';

const connection = resolveConnection();
const api = new ApiClient(connection);
const socket = new LiveSocket(webSocketUrl(connection, ROUTES.ws));
const store = createFleetStore();
setFleetStore(store);
startLiveSync(store, socket, api);
socket.start();

createRoot(document.getElementById('root')!).render(
  <AppServicesContext.Provider value={{ api, socket, connection }}>
    <App />
  </AppServicesContext.Provider>,
);
