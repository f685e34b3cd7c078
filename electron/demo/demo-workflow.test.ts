import { describe, expect, it } from 'vitest';
import { demoAgentCommand, demoAgentScriptPath, demoChecksCommand, demoWorkflowText, repointedWorkflowText } from './demo-workflow.js';

describe('demo workflow text', () => {
  it('quotes paths for bash -lc, whatever they contain', () => {
    expect(demoAgentCommand("/opt/it's node/node", '/x/demo-agent.mjs')).toBe(`ELECTRON_RUN_AS_NODE=1 '/opt/it'\\''s node/node' '/x/demo-agent.mjs'`);
  });

  it('finds the agent unpacked beside app.asar in a packaged app, and in place otherwise', () => {
    expect(demoAgentScriptPath('/Applications/Baton.app/Contents/Resources/app.asar')).toBe('/Applications/Baton.app/Contents/Resources/app.asar.unpacked/resources/demo-agent/demo-agent.mjs');
    expect(demoAgentScriptPath('/src/baton')).toBe('/src/baton/resources/demo-agent/demo-agent.mjs');
  });

  it('re-points the command and checks lines only when they changed, leaving every other line as written', () => {
    const oldCommand = demoAgentCommand('/old/node', '/b/demo-agent.mjs');
    const newCommand = demoAgentCommand('/new/$HOME/node', '/b/demo-agent.mjs');
    const text = demoWorkflowText(oldCommand, demoChecksCommand('/old/node')).replace('max_concurrent_agents: 3', 'max_concurrent_agents: 5');
    expect(repointedWorkflowText(text, oldCommand, demoChecksCommand('/old/node'))).toBeNull();
    const next = repointedWorkflowText(text, newCommand, demoChecksCommand('/new/$HOME/node'));
    expect(next).toBe(
      text
        .replace(JSON.stringify(oldCommand), JSON.stringify(newCommand))
        .replace(JSON.stringify(demoChecksCommand('/old/node')), JSON.stringify(demoChecksCommand('/new/$HOME/node'))),
    );
    expect(next).toContain('max_concurrent_agents: 5');
    expect(repointedWorkflowText('---\ncodex:\n  command: codex app-server\n---\n', 'x', 'y')).toBeNull();
  });
});
