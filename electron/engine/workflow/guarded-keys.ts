/**
 * Keys of WORKFLOW.md whose change is a change of what Baton runs outside any sandbox, or of a
 * safeguard: a reload that changes one waits for a person to apply it (issue 7 H2). A key covers
 * the keys below it (`agent.env` covers `agent.env.OPENAI_API_KEY`). docs/workflow.md lists them.
 */
export const GUARDED_KEYS: ReadonlyArray<{ key: string; why: string }> = [
  { key: 'hooks.after_create', why: 'a shell script run outside any sandbox' },
  { key: 'hooks.before_run', why: 'a shell script run outside any sandbox' },
  { key: 'hooks.after_run', why: 'a shell script run outside any sandbox' },
  { key: 'hooks.before_remove', why: 'a shell script run outside any sandbox' },
  { key: 'review.checks', why: 'a shell command run outside any sandbox' },
  { key: 'agent.kind', why: 'which agent command runs' },
  { key: 'codex.command', why: 'the agent command' },
  { key: 'pty.command', why: 'the agent command' },
  { key: 'codex.approval_policy', why: 'what the agent may do without asking' },
  { key: 'codex.thread_sandbox', why: "the agent's sandbox" },
  { key: 'codex.turn_sandbox_policy', why: "the agent's sandbox" },
  { key: 'agent.env', why: 'variables handed to the agent (it can pass the reviewer key)' },
  { key: 'tracker.provider.endpoint', why: 'where the tracker key is sent' },
  { key: 'tracker.provider.api_key', why: 'which secret is sent to the tracker' },
  { key: 'review.reviewer.base_url', why: 'where diffs and the reviewer key are sent' },
  { key: 'review.reviewer.api_key', why: 'which secret is sent to the reviewer endpoint' },
  { key: 'review.auto_land', why: 'whether work lands without a person' },
  { key: 'review.protected_paths', why: 'which files need a person to land' },
  { key: 'review.guidance_file', why: 'which file every prompt trusts' },
];

/** Why `key` is guarded, or null when a change to it applies at once. */
export function guardedWhy(key: string): string | null {
  const match = GUARDED_KEYS.find((g) => key === g.key || key.startsWith(`${g.key}.`));
  return match ? match.why : null;
}
