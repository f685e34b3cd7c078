import type { GitExec } from '../lib/git/git-exec.js';

/** Identity used only when git has none configured (a fresh CI machine, a bare server). */
const FALLBACK_NAME = 'Baton';
const FALLBACK_EMAIL = 'baton@localhost';

/**
 * `-c user.*` flags for the commits Baton writes itself (snapshots, check copies, landings), only
 * for what is missing, so a configured identity (or GIT_* variables) wins.
 */
export async function identityFlags(git: GitExec, cwd: string): Promise<string[]> {
  const [name, email] = await Promise.all(['user.name', 'user.email'].map((k) => git(['config', '--get', k], { cwd })));
  const flags: string[] = [];
  if (name?.code !== 0 || !name.stdout.trim()) flags.push('-c', `user.name=${FALLBACK_NAME}`);
  if (email?.code !== 0 || !email.stdout.trim()) flags.push('-c', `user.email=${FALLBACK_EMAIL}`);
  return flags;
}
