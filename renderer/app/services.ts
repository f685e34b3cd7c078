import { createContext, useContext } from 'react';
import type { ApiClient } from '../lib/api-client.js';
import type { Connection } from '../lib/connection.js';
import type { LiveSocket } from '../lib/live-socket.js';

/** Long-lived services the views use; created once at boot (main.tsx), injected for tests. */
export interface AppServices {
  api: ApiClient;
  socket: LiveSocket;
  connection: Connection;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('AppServicesContext is missing');
  return services;
}
