import { useEffect, useRef } from 'react';
import { reviewKeyAction, type ReviewKeyAction } from './review-keys.js';

/**
 * Binds the inbox's shortcuts on the window while the view is mounted. `run` returns whether it
 * handled the action: handled keys are kept from the page (no scroll, no letter typed into a
 * field that the action just focused).
 */
export function useReviewKeys(run: (action: ReviewKeyAction) => boolean): void {
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = reviewKeyAction(e, e.target);
      if (action && runRef.current(action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
