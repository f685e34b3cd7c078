import path from 'node:path';
import { buildServiceConfig } from '../../electron/engine/workflow/config.js';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';

/**
 * The effective configuration WorkspaceManager reads, with git mode on and no hooks, so the
 * benchmark times git and the lock, not user scripts. Built by the engine's own config builder from
 * a minimal front matter, so every other key holds its real default.
 */
export function benchConfig(workspaceRoot: string, repo: string): ServiceConfig {
  const built = buildServiceConfig(
    {
      path: path.join(workspaceRoot, 'WORKFLOW.md'),
      config: {
        tracker: { kind: 'local', states: ['Todo', 'In Progress', 'Human Review', 'Done', 'Cancelled'], active_states: ['Todo', 'In Progress'], provider: { prefix: 'BENCH' } },
        workspace: { root: workspaceRoot, repo, base_branch: 'main' },
        agent: { kind: 'pty' },
      },
      prompt_template: '',
    },
    {},
  );
  if (!built.ok) throw new Error(`bench config: ${built.error.message}`);
  return built.value;
}
