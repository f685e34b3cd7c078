// What one turn of the scripted demo agent does, by ticket state: work (or rework) on the
// ticket in its worktree, or close out a continuation turn. Landing approved work is Baton's
// landing queue's job (ADR 0006), not the agent's.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { applyEdits, planEdits } from './edits.mjs';
import { lastLine, TAG, TRACKER_TOOL } from './labels.mjs';
import { GIT_NO_SIGNING, gitOutput } from './shell.mjs';
import { readPrompt } from './ticket-prompt.mjs';

/** @param {import('./turn.mjs').Turn} turn */
export async function runTurnScript(turn) {
  const ticket = readPrompt(turn.prompt, turn.env);
  if (ticket.continuation) return continuationTurn(turn, ticket);
  turn.session.ticket = ticket;
  return workTurn(turn, ticket);
}

const WORK_STEPS = ['Read the ticket and the worktree', 'Edit the files', 'Run the tests', 'Commit on the ticket branch', 'Report on the ticket'];

async function workTurn(turn, ticket) {
  const rework = ticket.state?.toLowerCase() === 'rework';
  turn.plan(WORK_STEPS, 0);
  const named = ticket.files.length > 0 ? `It names ${ticket.files.join(', ')}.` : 'It names no file, so the change is a CHANGELOG.md entry.';
  await turn.reasoning(
    `${ticket.identifier}${rework ? ' is back for rework' : ' asks'}: "${ticket.title}". ${named} ` +
      "I am Baton's scripted demo agent (no model): I make small, marked edits and commit them; I do not write a real implementation.",
  );
  const status = await turn.command('git status --short --branch', ['git', 'status', '--short', '--branch']);
  const followUp = rework ? await reviewNote(turn) : null;

  const { edits, skipped } = await planEdits(turn.cwd, ticket, ticket.files, followUp);
  const applied = await turn.fileChange(edits, () => applyEdits(turn.cwd, edits));

  turn.plan(WORK_STEPS, 2);
  const tests = (await exists(path.join(turn.cwd, 'test', 'run.mjs')))
    ? await turn.command('node test/run.mjs', [process.execPath, 'test/run.mjs'], { env: { ...turn.env, ELECTRON_RUN_AS_NODE: '1' } })
    : null;
  const testLine = tests === null ? 'no test script found' : lastLine(tests.output) || `exit ${tests.code}`;

  let commit = null;
  if (applied) {
    const subject = `${ticket.identifier}: ${rework ? 'follow-up after review' : ticket.title}`;
    const body = "Made by Baton's scripted demo agent: canned edits, no model involved.";
    const result = await turn.command(
      `git add -A && git commit -m ${JSON.stringify(subject)}`,
      ['sh', '-c', `git add -A && git ${GIT_NO_SIGNING.join(' ')} commit -m "$1" -m "$2"`, 'sh', subject, body],
      { approval: `commit ${edits.map((e) => e.path).join(', ')}` },
    );
    if (result.code === 0) commit = { sha: await gitOutput(turn.cwd, turn.env, ['rev-parse', '--short', 'HEAD']), branch: await gitOutput(turn.cwd, turn.env, ['rev-parse', '--abbrev-ref', 'HEAD']) };
  }

  const files = edits.map((e) => e.path).join(', ');
  const outcome = !applied ? 'The edits were declined, so nothing was written or committed.'
    : commit ? `Committed ${commit.sha} on ${commit.branch}: ${files}.`
    : `Edited ${files}, but the commit did not go through (see the command output above).`;
  if (turn.hasTool(TRACKER_TOOL) && applied) {
    await turn.tool(TRACKER_TOOL, { action: 'comment', body: `${TAG} ${outcome} Tests: ${testLine}.` });
  }
  const text = [
    `${TAG} ${ticket.identifier}: ${ticket.title}`,
    outcome,
    `Tests: ${testLine}.`,
    ...(skipped.length > 0 ? [`Left alone: ${skipped.join(', ')} (not a file I can safely annotate).`] : []),
    'This agent is scripted: no model wrote this change. With codex.command set to `codex app-server`, a real agent does the work.',
  ].join('\n');
  await turn.message(text);
  turn.usage(turn.prompt.length + status.output.length, text.length + edits.reduce((n, e) => n + e.diff.length, 0));
  turn.plan(WORK_STEPS, WORK_STEPS.length);
}

/** Turn 2+ of a session (only when no handoff state moved the ticket): hand it to a reviewer. */
async function continuationTurn(turn, ticket) {
  await turn.reasoning(`Continuation turn for ${ticket.identifier}: the work is already committed; it only needs a reviewer.`);
  let moved = false;
  if (turn.hasTool(TRACKER_TOOL)) moved = (await turn.tool(TRACKER_TOOL, { action: 'move', state: 'Human Review' })).success;
  const text = `${TAG} ${ticket.identifier} is committed${moved ? ' and moved to Human Review' : '; nothing left to do until someone reviews it'}.`;
  await turn.message(text);
  turn.usage(turn.prompt.length, text.length);
}

/**
 * The newest review feedback (its summary, else its first line comment), else the latest comment not
 * written by an agent: shortened, for a rework's commit and changelog.
 */
async function reviewNote(turn) {
  if (!turn.hasTool(TRACKER_TOOL)) return '';
  const got = await turn.tool(TRACKER_TOOL, { action: 'get_ticket' });
  if (!got.success) return '';
  try {
    const parsed = JSON.parse(got.text);
    const feedback = (parsed.review_feedback ?? []).at(-1);
    const fromReview = feedback ? feedback.summary || (feedback.comments?.[0] ? `${feedback.comments[0].path}:${feedback.comments[0].line} ${feedback.comments[0].body}` : '') : '';
    const comment = (parsed.comments ?? []).filter((c) => c?.author !== 'agent' && typeof c?.body === 'string').at(-1)?.body ?? '';
    const line = (fromReview || comment).split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
    return line.length > 80 ? `${line.slice(0, 79)}…` : line;
  } catch {
    return '';
  }
}

async function exists(file) {
  return access(file).then(() => true, () => false);
}
