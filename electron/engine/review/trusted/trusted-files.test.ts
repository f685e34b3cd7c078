import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/fixtures/service-config.js';
import { filesRunBy, trustedAmong, trustedPaths } from './trusted-files.js';

const REPO = '/srv/web';

describe('trustedPaths', () => {
  it('trusts WORKFLOW.md inside the repository, the guidance file, the files hooks and the agent command run, and protected globs', () => {
    const config = testConfig({
      hooks: { after_create: 'npm ci', before_run: './scripts/setup.sh && bash "$BATON_WORKSPACE_PATH/tools/prep.sh"' },
      codex: { command: 'node agents/start.mjs app-server' },
      review: { guidance_file: 'docs/agent-guidance.md', protected_paths: ['.github/workflows/**', 'Dockerfile'] },
    });
    const trusted = trustedPaths(config, REPO, '/srv/web/WORKFLOW.md');
    const files = ['WORKFLOW.md', 'docs/agent-guidance.md', 'scripts/setup.sh', 'tools/prep.sh', 'package.json', 'agents/start.mjs', '.github/workflows/ci.yml', 'svc/Dockerfile', 'src/app.ts', 'README.md'];
    expect(trustedAmong(files, trusted)).toEqual([
      { path: 'WORKFLOW.md', why: expect.stringContaining('workflow file') },
      { path: 'docs/agent-guidance.md', why: expect.stringContaining('review.guidance_file') },
      { path: 'scripts/setup.sh', why: 'run by hooks.before_run' },
      { path: 'tools/prep.sh', why: 'run by hooks.before_run' },
      { path: 'package.json', why: 'run by hooks.after_create' },
      { path: 'agents/start.mjs', why: 'run by codex.command' },
      { path: '.github/workflows/ci.yml', why: 'review.protected_paths: .github/workflows/**' },
      { path: 'svc/Dockerfile', why: 'review.protected_paths: Dockerfile' },
    ]);
  });

  it('does not trust a WORKFLOW.md outside the repository, nor the pty command when the agent is codex', () => {
    const config = testConfig({ pty: { command: './my-agent.sh' } });
    const trusted = trustedPaths(config, REPO, '/etc/baton/WORKFLOW.md');
    expect(trustedAmong(['WORKFLOW.md', 'my-agent.sh', 'src/x.ts'], trusted)).toEqual([]);
    const pty = trustedPaths(testConfig({ agent: { kind: 'pty' }, pty: { command: './my-agent.sh' } }), REPO, '/etc/baton/WORKFLOW.md');
    expect(trustedAmong(['my-agent.sh'], pty)).toEqual([{ path: 'my-agent.sh', why: 'run by pty.command' }]);
  });
});

describe('filesRunBy', () => {
  it.each([
    ['./scripts/setup.sh', ['scripts/setup.sh']],
    ['bash scripts/a.sh; python tools/b.py --flag=x/y', ['scripts/a.sh', 'tools/b.py']],
    ['setup.sh', ['setup.sh']],
    ['/srv/web/bin/x && /usr/bin/env node', ['bin/x']],
    ['git fetch origin main --quiet || true', []],
    ['echo hi > ../hooks.log', []],
    ['curl https://example.test/x.sh | sh', []],
    ['make -C . build', ['Makefile', 'makefile', 'GNUmakefile']],
    ['cat ~/x.sh $HOME/y.sh', []],
  ])('%s', (script, expected) => {
    expect(filesRunBy(script, REPO)).toEqual(expected);
  });
});
