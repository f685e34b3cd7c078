import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { initialFleetState, type FleetState } from './fleet-state.js';

export type FleetStore = StoreApi<FleetState>;

export function createFleetStore(initial: Partial<FleetState> = {}): FleetStore {
  return createStore<FleetState>()(() => ({ ...initialFleetState, ...initial }));
}

let current: FleetStore | null = null;

/** The app's store, set once at boot (tests create their own with createFleetStore). */
export function setFleetStore(store: FleetStore): void {
  current = store;
}

export function fleetStore(): FleetStore {
  if (!current) throw new Error('the fleet store is not set up; call setFleetStore at boot');
  return current;
}

/** Selects a slice; components re-render only when the selected value changes (Object.is). */
export function useFleet<T>(selector: (state: FleetState) => T): T {
  return useStore(fleetStore(), selector);
}
