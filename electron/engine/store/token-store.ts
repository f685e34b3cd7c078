import { ZERO_TOKENS, type TokenTotals } from '../../../shared/domain/tokens.js';
import { err, ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const ADD_TOKENS = `INSERT INTO token_days (day, input_tokens, output_tokens, total_tokens) VALUES (?, ?, ?, ?)
  ON CONFLICT(day) DO UPDATE SET
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    total_tokens = total_tokens + excluded.total_tokens
  RETURNING input_tokens, output_tokens, total_tokens`;

/** Tokens spent per calendar day, so "tokens today" survives an engine restart. */
export class TokenStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Adds `delta` to the day's totals. `day` is `YYYY-MM-DD` in whatever zone the caller reports in. */
  recordTokens(day: string, delta: TokenTotals): Result<TokenTotals> {
    if (!DAY.test(day)) return err('invalid_input', `day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
    const counts = [delta.input_tokens, delta.output_tokens, delta.total_tokens];
    if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      return err('invalid_input', 'token deltas must be non-negative integers');
    }
    return guard(STORE_WRITE_FAILED, 'record tokens', () => {
      const row = writeTransaction(this.db, () => this.db.prepare(ADD_TOKENS).get(day, ...counts)) as Record<string, unknown>;
      return ok(toTotals(row));
    });
  }

  tokensForDay(day: string): Result<TokenTotals> {
    return guard(STORE_READ_FAILED, 'read tokens', () => {
      const row = this.db
        .prepare('SELECT input_tokens, output_tokens, total_tokens FROM token_days WHERE day = ?')
        .get(day) as Record<string, unknown> | undefined;
      return ok(row ? toTotals(row) : { ...ZERO_TOKENS });
    });
  }
}

function toTotals(row: Record<string, unknown>): TokenTotals {
  return {
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    total_tokens: Number(row.total_tokens),
  };
}
