import { useEffect, useState } from 'react';

/** Ages in the inbox show minutes; re-rendering the list twice a minute keeps them right (ms). */
export const AGE_TICK_MS = 30_000;

export function useMinuteNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), AGE_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}
