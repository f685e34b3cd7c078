import { useSyncExternalStore } from 'react';

/** The views, addressed by the URL hash so a reload (or a notification click) lands in place. */
export type Route = { view: 'board' } | { view: 'ticket'; identifier: string } | { view: 'queue' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, arg] = path.split('/');
  if (head === 'ticket' && arg) return { view: 'ticket', identifier: decodeURIComponent(arg) };
  if (head === 'queue') return { view: 'queue' };
  return { view: 'board' };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'ticket':
      return `#/ticket/${encodeURIComponent(route.identifier)}`;
    case 'queue':
      return '#/queue';
    default:
      return '#/';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
