import type { Migration } from '../../store/database.js';

/**
 * The local tracker's tables. `state_key` is the trim+lowercase form of `state`, kept beside the
 * configured spelling so state queries stay indexed and case-insensitive (SPEC §4.2).
 * `identifier_sequences` hands out issue numbers per prefix; it only ever counts up, so a number is
 * never reused even if issues are deleted by hand. Append new steps; never edit a shipped one.
 */
export const LOCAL_TRACKER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'issues, comments, blockers, identifier sequences',
    up(db) {
      db.exec(`
        CREATE TABLE identifier_sequences (
          prefix_key TEXT PRIMARY KEY,
          last_number INTEGER NOT NULL
        );
        CREATE TABLE issues (
          id TEXT PRIMARY KEY,
          number INTEGER NOT NULL,
          identifier TEXT NOT NULL COLLATE NOCASE UNIQUE,
          title TEXT NOT NULL,
          description TEXT,
          priority INTEGER,
          state TEXT NOT NULL,
          state_key TEXT NOT NULL,
          labels TEXT NOT NULL DEFAULT '[]',
          branch_name TEXT,
          url TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX issues_by_state ON issues(state_key);
        CREATE TABLE comments (
          id TEXT PRIMARY KEY,
          issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
          author TEXT NOT NULL,
          body TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX comments_by_issue ON comments(issue_id, created_at);
        CREATE TABLE blockers (
          issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
          blocker_issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
          PRIMARY KEY (issue_id, blocker_issue_id)
        );
        CREATE INDEX blockers_by_blocker ON blockers(blocker_issue_id);
      `);
    },
  },
];
