import { describe, expect, it } from 'vitest';
import { demoAgentCommand, demoAgentScriptPath, demoWorkflowText, repointedWorkflowText } from './demo-workflow.js';

describe('demo workflow text', () => {
  it('quotes paths for bash -lc, whatever they contain', () => {
    expect(demoAgentCommand("/opt/it's node/node", '/x/demo-agent.mjs')).toBe(`ELECTRON_RUN_AS_NODE=1 '/opt/it'\\''s node/node' '/x/demo-agent.mjs'`);
  });

  it('finds the agent unpacked beside app.asar in a packaged app, and in place otherwise', () => {
    expect(demoAgentScriptPath('/Applications/Baton.app/Contents/Resources/app.asar')).toBe('/Applications/Baton.app/Contents/Resources/app.asar.unpacked/resources/demo-agent/demo-agent.mjs');
    expect(demoAgentScriptPath('/src/baton')).toBe('/src/baton/resources/demo-agent/demo-agent.mjs');
  });

  it('re-points the command line only when it changed, leaving every other line as written', () => {
    const text = demoWorkflowText(demoAgentCommand('/old/node', '/b/demo-agent.mjs')).replace('max_concurrent_agents: 3', 'max_concurrent_agents: 5');
    expect(repointedWorkflowText(text, demoAgentCommand('/old/node', '/b/demo-agent.mjs'))).toBeNull();
    const next = repointedWorkflowText(text, demoAgentCommand('/new/$HOME/node', '/b/demo-agent.mjs'));
    expect(next).toBe(text.replace(JSON.stringify(demoAgentCommand('/old/node', '/b/demo-agent.mjs')), JSON.stringify(demoAgentCommand('/new/$HOME/node', '/b/demo-agent.mjs'))));
    expect(next).toContain('max_concurrent_agents: 5');
    expect(repointedWorkflowText('---\ncodex:\n  command: codex app-server\n---\n', 'x')).toBeNull();
  });
});
