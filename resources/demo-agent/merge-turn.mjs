// A ticket in Merging: merge the ticket's branch into the branch checked out in the main
// checkout (the demo repository itself), then move the ticket to Done. A merge that fails is
// aborted, leaving the main checkout as it was, and reported on the ticket.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { TAG, TRACKER_TOOL } from './labels.mjs';
import { GIT_NO_SIGNING, gitOutput } from './shell.mjs';

const STEPS = ['Find the main checkout', 'Merge the ticket branch', 'Move the ticket to Done'];

/** @param {import('./turn.mjs').Turn} turn */
export async function mergeTurn(turn, ticket) {
  turn.plan(STEPS, 0);
  const { cwd, env } = turn;
  const branch = await gitOutput(cwd, env, ['rev-parse', '--abbrev-ref', 'HEAD']);
  const commonDir = await gitOutput(cwd, env, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  const main = commonDir && path.basename(commonDir) === '.git' ? path.dirname(commonDir) : null;
  const base = main ? await gitOutput(main, env, ['symbolic-ref', '--short', '-q', 'HEAD']) : null;
  if (!branch || branch === 'HEAD' || !main || !base || main === cwd) {
    await turn.reasoning(`${ticket.identifier} is in Merging, but this worktree has no branch to merge into a main checkout.`);
    return finish(turn, `${TAG} Cannot merge ${ticket.identifier}: no ticket branch or main checkout found from ${cwd}.`, false);
  }
  await turn.reasoning(`${ticket.identifier} is in Merging: I merge ${branch} into ${base} in the main checkout (${main}), then move the ticket to Done.`);

  const subject = `Merge ${branch}: ${ticket.title}`;
  const merged = await turn.command(`git merge --no-ff ${branch}`, ['git', ...GIT_NO_SIGNING, 'merge', '--no-ff', '-m', subject, branch], {
    cwd: main,
    approval: `merge ${branch} into ${base}`,
  });
  if (merged.declined) return finish(turn, `${TAG} The merge of ${branch} was declined; ${ticket.identifier} stays as it is.`, false);
  if (merged.code !== 0) {
    if (await access(path.join(commonDir, 'MERGE_HEAD')).then(() => true, () => false)) {
      await turn.command('git merge --abort', ['git', 'merge', '--abort'], { cwd: main });
    }
    return finish(turn, `${TAG} Merging ${branch} into ${base} failed, so I aborted it; the main checkout is unchanged. A person needs to look at ${ticket.identifier}.`, true);
  }
  const sha = await gitOutput(main, env, ['rev-parse', '--short', 'HEAD']);

  const text = `${TAG} Merged ${branch} into ${base} (${sha}) in ${main}. ${turn.hasTool(TRACKER_TOOL) ? 'Moving the ticket to Done.' : 'Move the ticket to Done when you are happy with it.'}`;
  await turn.message(text);
  turn.usage(turn.prompt.length + merged.output.length, text.length);
  // Last, right before the turn ends: once the ticket is Done the engine stops this run.
  if (turn.hasTool(TRACKER_TOOL)) await turn.tool(TRACKER_TOOL, { action: 'move', state: 'Done' });
  turn.plan(STEPS, STEPS.length);
}

async function finish(turn, text, comment) {
  if (comment && turn.hasTool(TRACKER_TOOL)) await turn.tool(TRACKER_TOOL, { action: 'comment', body: text });
  await turn.message(text);
  turn.usage(turn.prompt.length, text.length);
}
