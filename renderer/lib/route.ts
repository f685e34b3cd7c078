import { useSyncExternalStore } from 'react';

/** The views, addressed by the URL hash so a reload (or a notification click) lands in place. */
export type Route =
  | { view: 'board' }
  | { view: 'ticket'; identifier: string }
  | { view: 'queue' }
  /** The review inbox; `identifier` is the selected ticket (null: the oldest), `audit` an audit's id. */
  | { view: 'review'; identifier: string | null; audit?: number }
  | { view: 'landing' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, arg, sub] = path.split('/');
  if (head === 'ticket' && arg) return { view: 'ticket', identifier: decodeURIComponent(arg) };
  if (head === 'queue') return { view: 'queue' };
  // `review/audit/<id>`: a ticket identifier is one escaped segment, so it never holds the `/`.
  if (head === 'review' && arg === 'audit' && sub && /^[1-9]\d*$/.test(sub)) return { view: 'review', identifier: null, audit: Number(sub) };
  if (head === 'review') return { view: 'review', identifier: arg ? safeDecode(arg) : null };
  if (head === 'landing') return { view: 'landing' };
  return { view: 'board' };
}

/** A hand-typed `%` that is not an escape must not break the page: the raw text is kept. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'ticket':
      return `#/ticket/${encodeURIComponent(route.identifier)}`;
    case 'queue':
      return '#/queue';
    case 'review':
      if (route.audit !== undefined) return `#/review/audit/${route.audit}`;
      return route.identifier ? `#/review/${encodeURIComponent(route.identifier)}` : '#/review';
    case 'landing':
      return '#/landing';
    default:
      return '#/';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** Changes the URL without a history entry or a hashchange: for a selection that moves with j/k. */
export function replaceRoute(route: Route): void {
  window.history.replaceState(window.history.state, '', routeHref(route));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
