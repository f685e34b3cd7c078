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
  {
    version: 2,
    description: 'review loop: feedback, checks, reviewer reports, landings, audits',
    up(db) {
      db.exec(`
        -- What a person (or the landing queue) sent back to the agent, one row per decision.
        CREATE TABLE review_feedback (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          issue_id TEXT NOT NULL,
          issue_identifier TEXT NOT NULL,
          round INTEGER NOT NULL,
          source TEXT NOT NULL,
          decision TEXT NOT NULL,
          summary TEXT NOT NULL,
          comments TEXT NOT NULL,
          at TEXT NOT NULL,
          actor TEXT NOT NULL
        );
        CREATE INDEX review_feedback_by_issue ON review_feedback(issue_identifier, id);

        -- The latest pre-review check run of each ticket.
        CREATE TABLE review_checks (
          issue_identifier TEXT PRIMARY KEY,
          head TEXT,
          status TEXT NOT NULL,
          command TEXT NOT NULL,
          terminal_id TEXT,
          exit_code INTEGER,
          output_tail TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT
        );

        -- The latest reviewer-agent report of each ticket; findings are a JSON array.
        CREATE TABLE reviewer_reports (
          issue_identifier TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          model TEXT NOT NULL,
          head TEXT,
          at TEXT NOT NULL,
          error TEXT,
          findings TEXT NOT NULL
        );

        -- The landing queue, finished entries included (history); files is a JSON array.
        CREATE TABLE landings (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL,
          issue_id TEXT,
          identifier TEXT NOT NULL,
          title TEXT NOT NULL,
          branch TEXT NOT NULL,
          status TEXT NOT NULL,
          step TEXT,
          enqueued_at TEXT NOT NULL,
          started_at TEXT,
          ended_at TEXT,
          error TEXT,
          terminal_id TEXT,
          base_before TEXT,
          landed_commit TEXT,
          push_error TEXT,
          files TEXT NOT NULL DEFAULT '[]',
          payload TEXT
        );
        CREATE INDEX landings_by_status ON landings(status, id);
        CREATE INDEX landings_by_identifier ON landings(identifier, id);

        -- Sampled auto-landed tickets for a person to read after the fact.
        CREATE TABLE audits (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          landing_id INTEGER NOT NULL,
          identifier TEXT NOT NULL,
          title TEXT NOT NULL,
          base_before TEXT NOT NULL,
          landed_commit TEXT NOT NULL,
          created_at TEXT NOT NULL,
          status TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    description: 'checks remember the work they ran on (HEAD and tree), to tell a current result from a stale one',
    up(db) {
      db.exec('ALTER TABLE review_checks ADD COLUMN tree TEXT');
    },
  },
  {
    version: 4,
    description: 'process groups the engine started and has not yet seen end, reaped at the next start after a crash',
    up(db) {
      db.exec(`
        CREATE TABLE process_groups (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          pgid INTEGER NOT NULL,
          kind TEXT NOT NULL,
          label TEXT NOT NULL,
          cwd TEXT,
          issue_id TEXT,
          issue_identifier TEXT,
          run_id TEXT,
          recorded_at_ms INTEGER NOT NULL
        );
      `);
    },
  },
];
