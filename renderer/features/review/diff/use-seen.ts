import { createContext, startTransition, useContext, useEffect, useState, type RefObject } from 'react';
import type { NearViewport } from './near-viewport.js';

export const NearViewportContext = createContext<NearViewport | null>(null);

/** True once `target` has come near the diff's viewport (and from then on); `watch` false skips. */
export function useSeen(target: RefObject<Element | null>, watch: boolean): boolean {
  const near = useContext(NearViewportContext);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (!watch || seen) return;
    if (near === null || element === null) {
      setSeen(true);
      return;
    }
    // A transition: React renders the file's rows in slices, so scrolling stays smooth.
    return near.watch(element, () => startTransition(() => setSeen(true)));
  }, [near, target, watch, seen]);
  return seen;
}
