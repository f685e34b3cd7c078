import { describe, expect, it } from 'vitest';
import { buildReviewerMessages, buildUserPrompt, DESCRIPTION_MAX_CHARS, REVIEWER_SYSTEM_PROMPT } from './reviewer-prompt.js';

const patch = 'diff --git a/src/db.ts b/src/db.ts\n--- a/src/db.ts\n+++ b/src/db.ts\n@@ -1 +1 @@\n-keep()\n+dropTable("users")\n';

describe('reviewer prompt', () => {
  it('states the P0-only bar, what not to report, and the JSON shape', () => {
    expect(REVIEWER_SYSTEM_PROMPT).toMatch(/ONLY P0/);
    for (const word of ['break the build', 'lose or corrupt data', 'security hole', 'style', 'naming', 'missing or weak tests', 'minor']) {
      expect(REVIEWER_SYSTEM_PROMPT).toContain(word);
    }
    expect(REVIEWER_SYSTEM_PROMPT).toContain('{"findings":[{"severity":"P0"');
  });

  it('sends the system prompt, then the ticket, the guidance and the diff in one user message', () => {
    const messages = buildReviewerMessages({
      identifier: 'BAT-7',
      title: 'Clean up the users module',
      description: 'Remove dead code.',
      guidance: [
        { path: 'AGENTS.md', text: 'Never drop tables.\n', truncated: false },
        { path: 'docs/agent-guidance.md', text: 'Migrations are additive.', truncated: true },
      ],
      patch,
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]!.content).toBe(REVIEWER_SYSTEM_PROMPT);
    const user = String(messages[1]!.content);
    const order = ['# Ticket BAT-7: Clean up the users module', 'Remove dead code.', '# Repository guidance', '## AGENTS.md', 'Never drop tables.', '## docs/agent-guidance.md', 'Migrations are additive.\n[guidance truncated]', '# Diff', '+dropTable("users")'];
    let at = -1;
    for (const piece of order) {
      const next = user.indexOf(piece);
      expect(next, piece).toBeGreaterThan(at);
      at = next;
    }
  });

  it('says so when there is no description, no guidance or no diff', () => {
    const user = buildUserPrompt({ identifier: 'BAT-1', title: 't', description: '  ', guidance: [], patch: '' });
    expect(user).toContain('(no description)');
    expect(user).toContain('(the repository has no agent guidance files)');
    expect(user).toContain('(the diff is empty)');
  });

  it('caps the description and the diff, and names files the diff service left out', () => {
    const user = buildUserPrompt({
      identifier: 'BAT-1',
      title: 't',
      description: 'd'.repeat(DESCRIPTION_MAX_CHARS + 123),
      guidance: [],
      patch: patch + patch.replaceAll('db.ts', 'other.ts'),
      patchBudget: patch.length + 10,
      omittedFiles: ['assets/logo.png'],
    });
    expect(user).toContain('[description truncated: 123 more characters]');
    expect(user).toContain('[diff truncated: 1 more file: src/other.ts]');
    expect(user).toContain('Not shown (binary or too large): [diff truncated: 1 more file: assets/logo.png]');
    expect(user).not.toContain('d'.repeat(DESCRIPTION_MAX_CHARS + 1));
  });
});
