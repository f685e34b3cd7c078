import path from 'node:path';

/** Ticket identifiers of the demo board: `DEMO-1`, `DEMO-2`, … */
export const DEMO_PREFIX = 'DEMO';

/** Matches the front matter line that names the demo agent, so a reused demo can be re-pointed. */
const COMMAND_LINE = /^ {2}command: .*demo-agent\.mjs.*$/m;
/** Matches the demo's `review.checks` line, which names the same Node and moves with it. */
const CHECKS_LINE = /^ {2}checks: .*test\/run\.mjs.*$/m;

/**
 * The agent script inside a Baton install. In a packaged app the package root is inside
 * `app.asar`, which a spawned Node cannot execute from; the script is shipped unpacked beside it.
 */
export function demoAgentScriptPath(packageRoot: string): string {
  const script = path.join(packageRoot, 'resources', 'demo-agent', 'demo-agent.mjs');
  return script.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}

export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * The demo agent's `codex.command`. Absolute paths, because `bash -lc` may reset PATH from the
 * login profile. Under Electron, `execPath` is the Electron binary, which acts as Node only with
 * ELECTRON_RUN_AS_NODE=1; plain Node ignores the variable.
 */
export function demoAgentCommand(nodePath: string, agentScript: string): string {
  return `ELECTRON_RUN_AS_NODE=1 ${shellQuote(nodePath)} ${shellQuote(agentScript)}`;
}

/**
 * The demo's `review.checks`: its test script, run by the same Node as the agent (a packaged app's
 * user may have no `node` on PATH; Electron acts as one).
 */
export function demoChecksCommand(nodePath: string): string {
  return `ELECTRON_RUN_AS_NODE=1 ${shellQuote(nodePath)} test/run.mjs`;
}

/** WORKFLOW.md of a demo; `command` from {@link demoAgentCommand}, `checks` from {@link demoChecksCommand}. */
export function demoWorkflowText(command: string, checks: string): string {
  return `---
# Baton demo, written by \`baton demo\`. Everything in this repository is throwaway.
#
# The agent is SCRIPTED: demo-agent.mjs (in Baton's resources/demo-agent/) speaks the codex
# app-server protocol but uses no model and needs no API key. Its edits are canned, derived from
# each ticket's title and description; every message it writes starts with "[scripted demo agent]".
# \`demo: true\` below makes the UI show a "Demo — scripted agent" badge. To try real Codex on
# this repository, set codex.command to \`codex app-server\` and remove \`demo: true\`.
demo: true
tracker:
  kind: local
  provider:
    prefix: ${DEMO_PREFIX}
polling:
  interval_ms: 3000
workspace:
  root: .baton/workspaces   # one git worktree per ticket, on branch baton/<ticket>
  repo: .
agent:
  kind: codex
  max_concurrent_agents: 3
  max_turns: 3
review:
  land: merge   # approved tickets land through Baton's landing queue, one at a time
${checksLine(checks)}
codex:
${commandLine(command)}
  approval_policy: never    # on-request: the demo agent asks before writing files and committing
  stall_timeout_ms: 60000
  read_timeout_ms: 30000    # starting Node can take seconds on a busy laptop; the 5 s default failed first runs
---
You are working on ticket {{ issue.identifier }}: {{ issue.title }}
State: {{ issue.state }}
{% if issue.labels.size > 0 %}Labels: {{ issue.labels | join: ", " }}
{% endif %}
{% if issue.description %}{{ issue.description }}{% else %}No description: infer the task from the title.{% endif %}
{% for b in issue.blocked_by %}
Depends on {{ b.identifier }} ({{ b.state }}).
{% endfor %}
{% if attempt %}
This is attempt {{ attempt }}: read the git log and the ticket's comments before changing anything.
{% endif %}
{% if review %}
{{ review.text }}
{% endif %}

Work in the current directory, a git worktree on its own branch. Make the change, run the tests
with \`node test/run.mjs\`, and commit with a message that starts with the ticket identifier.
Comment on the ticket with the baton_tracker tool when you are done. Approved work is landed by
Baton's landing queue: never merge into main yourself.
`;
}

/**
 * A reused demo's WORKFLOW.md pointed at this Baton's agent and Node (both move when Node or
 * Baton is upgraded); null when the text needs no change or has no demo agent line to replace.
 */
export function repointedWorkflowText(text: string, command: string, checks: string): string | null {
  const match = COMMAND_LINE.exec(text);
  if (!match) return null;
  const line = commandLine(command);
  const next = text.replace(COMMAND_LINE, () => line).replace(CHECKS_LINE, () => checksLine(checks));
  return next === text ? null : next;
}

function checksLine(checks: string): string {
  return `  checks: ${JSON.stringify(checks)}   # must pass on the merged result before main moves`;
}

function commandLine(command: string): string {
  // A JSON string is a valid YAML double-quoted scalar, whatever quotes the paths contain.
  return `  command: ${JSON.stringify(command)}`;
}
