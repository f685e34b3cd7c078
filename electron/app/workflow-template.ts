import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { err, errorMessage, ok, type Result } from '../engine/lib/result.js';

export const WORKFLOW_FILE = 'WORKFLOW.md';

/**
 * `<repo>/WORKFLOW.md`, created from the template when absent (an existing one is kept as is:
 * it is the user's). The folder must be a git repository, since the template gives every ticket a
 * worktree of it.
 */
export async function workflowFromTemplate(repoDir: string, templatePath: string): Promise<Result<string>> {
  if (!(await exists(path.join(repoDir, '.git')))) {
    return err('not-a-repository', `${repoDir} is not a git repository (no .git); run \`git init\` there first`);
  }
  const target = path.join(repoDir, WORKFLOW_FILE);
  if (await exists(target)) return ok(target);
  try {
    // Read and write rather than copy: the template may sit inside the app's asar archive.
    const template = await readFile(templatePath, 'utf8');
    await writeFile(target, template, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return ok(target);
    return err('template-failed', `could not create ${target}: ${errorMessage(e)}`);
  }
  return ok(target);
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
