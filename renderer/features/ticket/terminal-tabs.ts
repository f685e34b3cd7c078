import type { RunningEntry, RunRecord, TerminalInfo } from '../../../shared/api/schemas.js';
import { attemptLabel } from '../../lib/format.js';

export interface TerminalTab {
  id: string;
  label: string;
  kind: 'agent' | 'check' | 'shell';
  interactive: boolean;
  exited: boolean;
}

export interface TabSources {
  identifier: string;
  /** Every terminal the engine lists (all tickets). */
  terminals: readonly TerminalInfo[];
  /** Shells opened from this view that the terminal list does not have yet. */
  opened: readonly string[];
  /** The ticket's recorded runs, once loaded. */
  runs: readonly RunRecord[] | null;
  /** The ticket's run in progress, if any: names its terminal before the run list has it. */
  running: Pick<RunningEntry, 'terminal_id' | 'attempt'> | null;
  /** `agent.kind` of the workflow, for terminals of runs not loaded yet. */
  workflowKind: string | null;
}

/**
 * The ticket's terminals as tabs: one per run, named by its attempt ("Agent · attempt 2"), then the
 * review checks' terminals ("Checks") and operator shells. A check's terminal is not an agent's:
 * calling it "Agent" put two tabs on a ticket with one finished run.
 */
export function terminalTabs(src: TabSources): TerminalTab[] {
  const mine = src.terminals.filter((t) => t.issue_identifier?.toLowerCase() === src.identifier.toLowerCase());
  const agents = new Map<string, TerminalTab>();
  const checks: TerminalTab[] = [];
  const shells: TerminalTab[] = [];
  for (const t of mine) {
    if (t.kind === 'shell') shells.push({ id: t.id, label: '', kind: 'shell', interactive: true, exited: t.exited });
    else if (t.kind === 'check') checks.push({ id: t.id, label: '', kind: 'check', interactive: false, exited: t.exited });
    else {
      const run = src.runs?.find((r) => r.run_id === t.id || r.session_id === t.id);
      const attempt = run ? run.attempt : src.running?.terminal_id === t.id ? src.running.attempt : undefined;
      // Only a pty agent reads keystrokes; a codex run's terminal is a transcript rendered by the engine.
      const kind = run?.agent_kind ?? src.workflowKind;
      const tab: TerminalTab = { id: t.id, label: attempt === undefined ? 'Agent' : `Agent · ${attemptLabel(attempt)}`, kind: 'agent', interactive: kind === 'pty', exited: t.exited };
      // One tab per run: should a run ever own two terminals, the newer one (listed later) stands for it.
      agents.set(run?.run_id ?? t.id, tab);
    }
  }
  checks.forEach((tab, i) => (tab.label = checks.length === 1 ? 'Checks' : `Checks ${i + 1}`));
  // A shell just opened may be announced by the terminal list a moment after the POST answered.
  for (const id of src.opened) if (!shells.some((t) => t.id === id)) shells.push({ id, label: '', kind: 'shell', interactive: true, exited: false });
  shells.forEach((tab, i) => (tab.label = `Shell ${i + 1}`));
  return [...agents.values(), ...checks, ...shells];
}
