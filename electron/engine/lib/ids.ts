import { randomUUID } from 'node:crypto';

/** Run ids are random UUIDs: unique across restarts, so stored history never collides. */
export function newRunId(): string {
  return randomUUID();
}
