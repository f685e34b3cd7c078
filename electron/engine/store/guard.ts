import { err, errorMessage, type Result } from '../lib/result.js';

/**
 * Runs a synchronous SQLite operation and turns any exception (disk full, locked, closed, corrupt)
 * into a Result with the given code, so a storage fault never throws across a service boundary.
 */
export function guard<T>(code: string, what: string, fn: () => Result<T>): Result<T> {
  try {
    return fn();
  } catch (e) {
    return err(code, `${what}: ${errorMessage(e)}`);
  }
}

export const STORE_WRITE_FAILED = 'store_write_failed';
export const STORE_READ_FAILED = 'store_read_failed';
