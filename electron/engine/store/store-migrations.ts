import type { Migration } from './database.js';

/** The history store's schema (`<workflow dir>/.baton/state.db`). Append new steps; never edit one. */
export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, trace events, daily tokens, operator actions',
    up(db) {
      db.exec(`
        CREATE TABLE runs (
          run_id TEXT PRIMARY KEY,
          issue_id TEXT NOT NULL,
          issue_identifier TEXT NOT NULL,
          attempt INTEGER,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          status TEXT NOT NULL,
          error TEXT,
          workspace_path TEXT,
          branch TEXT,
          session_id TEXT,
          agent_kind TEXT,
          turn_count INTEGER NOT NULL DEFAULT 0,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          total_tokens INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX runs_by_issue ON runs(issue_identifier, started_at);
        CREATE INDEX runs_by_status ON runs(status);

        -- seq is the rowid: the store assigns it, so ordering and paging cost nothing extra.
        CREATE TABLE trace_events (
          seq INTEGER PRIMARY KEY,
          issue_id TEXT NOT NULL,
          issue_identifier TEXT NOT NULL,
          run_id TEXT NOT NULL,
          session_id TEXT,
          at TEXT NOT NULL,
          kind TEXT NOT NULL,
          summary TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX trace_events_by_issue ON trace_events(issue_identifier, seq);

        CREATE TABLE token_days (
          day TEXT PRIMARY KEY,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          total_tokens INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE operator_actions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          payload TEXT
        );
      `);
    },
  },
];
