import { err, ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';
import type { NewOperatorAction, OperatorAction } from './store-types.js';

/** Upper bound of one `listActions` page, so a careless caller cannot pull the whole audit log at once. */
export const MAX_ACTIONS_PAGE = 1000;

/** The audit log of what operators did (moves, cancels, approvals), newest first when listed. */
export class ActionStore {
  constructor(private readonly db: SqliteDatabase) {}

  recordAction(action: NewOperatorAction): Result<OperatorAction> {
    let payloadJson: string | null = null;
    if (action.payload != null) {
      try {
        payloadJson = JSON.stringify(action.payload);
      } catch (e) {
        return err('invalid_input', `action payload is not JSON-serializable: ${(e as Error).message}`);
      }
    }
    return guard(STORE_WRITE_FAILED, 'record action', () => {
      const insert = this.db.prepare('INSERT INTO operator_actions (at, actor, action, target, payload) VALUES (?, ?, ?, ?, ?)');
      const info = writeTransaction(this.db, () => insert.run(action.at, action.actor, action.action, action.target, payloadJson));
      return ok({ ...action, id: Number(info.lastInsertRowid), payload: action.payload ?? null });
    });
  }

  listActions(limit = 100): Result<OperatorAction[]> {
    const n = Math.min(Math.max(1, Math.floor(limit) || 1), MAX_ACTIONS_PAGE);
    return guard(STORE_READ_FAILED, 'list actions', () => {
      const rows = this.db
        .prepare('SELECT id, at, actor, action, target, payload FROM operator_actions ORDER BY id DESC LIMIT ?')
        .all(n) as Record<string, unknown>[];
      return ok(rows.map(toAction));
    });
  }
}

function toAction(r: Record<string, unknown>): OperatorAction {
  return {
    id: Number(r.id),
    at: String(r.at),
    actor: String(r.actor),
    action: String(r.action),
    target: r.target == null ? null : String(r.target),
    payload: r.payload == null ? null : (JSON.parse(String(r.payload)) as Record<string, unknown>),
  };
}
