import { startTransition, useEffect, useState } from 'react';

/**
 * Sections (and tree entries) rendered in the first, blocking render. Thousands of files would
 * take over a second to mount at once; the rest follow in a transition, which React renders in
 * slices between frames.
 */
export const INITIAL_FILES = 60;

/** How many of `total` items to render: INITIAL_FILES first, then all of them. */
export function useProgressiveCount(total: number): number {
  const [all, setAll] = useState(total <= INITIAL_FILES);
  useEffect(() => {
    if (!all && total > INITIAL_FILES) startTransition(() => setAll(true));
  }, [all, total]);
  return all ? total : Math.min(total, INITIAL_FILES);
}
