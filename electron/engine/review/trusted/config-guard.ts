import { realpath } from 'node:fs/promises';
import { API_ERROR_CODES as C } from '../../../../shared/api/errors.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { ServiceConfig } from '../../workflow/config-types.js';
import { trustedAmong, trustedPaths, type TrustedFile } from './trusted-files.js';

export interface ConfigGuardDeps {
  config: () => ServiceConfig;
  /** Absolute path of the WORKFLOW.md the engine runs. */
  workflowPath: string;
  /** The ticket's changed paths, committed and uncommitted, renames under both names. */
  changedFiles: (identifier: string) => Promise<Result<string[]>>;
}

/**
 * Tells which of a ticket's changes are trusted configuration (trusted-files.ts), for the places
 * that must not let them land without a person: auto-landing, a board move into the merging state,
 * and an approval without `confirm_config`.
 */
export class ConfigGuard {
  constructor(private readonly deps: ConfigGuardDeps) {}

  /** The trusted files among `files`; none without a repository (nothing lands then). */
  async among(files: readonly string[]): Promise<TrustedFile[]> {
    const matcher = await this.matcher();
    return matcher ? trustedAmong(files, matcher) : [];
  }

  /** The trusted files the ticket's work changes. Fails when its changes cannot be listed. */
  async touched(identifier: string): Promise<Result<TrustedFile[]>> {
    if (!this.deps.config().workspace.repo) return ok([]);
    const files = await this.deps.changedFiles(identifier);
    if (!files.ok) return files;
    return ok(await this.among(files.value));
  }

  /**
   * Refuses, with `config_confirmation_required`, a move of `identifier` toward landing that a
   * person has not confirmed: its work changes trusted files, or its changes cannot be listed.
   */
  async requireConfirmation(identifier: string, how: string): Promise<Result<void>> {
    const touched = await this.touched(identifier);
    if (!touched.ok) {
      return err(C.configConfirmationRequired, `cannot tell whether ${identifier} changes trusted configuration (${touched.error.message}): ${how}`);
    }
    if (touched.value.length === 0) return ok(undefined);
    return err(C.configConfirmationRequired, `${identifier} changes trusted configuration (${describe(touched.value)}): ${how}`, {
      files: touched.value,
    });
  }

  private async matcher(): Promise<((file: string) => string | null) | null> {
    const cfg = this.deps.config();
    if (!cfg.workspace.repo) return null;
    // Compared as real paths: a workflow reached through a symlink is still the repository's file.
    const [repo, workflow] = await Promise.all([resolved(cfg.workspace.repo), resolved(this.deps.workflowPath)]);
    return trustedPaths(cfg, repo, workflow);
  }
}

export function describe(files: readonly TrustedFile[]): string {
  return files.map((f) => `${f.path} — ${f.why}`).join('; ');
}

async function resolved(file: string): Promise<string> {
  return realpath(file).catch(() => file);
}
