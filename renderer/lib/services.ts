import { createContext, useContext } from 'react';
import type { ApiClient } from './api-client.js';
import type { Connection } from './connection.js';
import type { LiveSocket } from './live-socket.js';

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
