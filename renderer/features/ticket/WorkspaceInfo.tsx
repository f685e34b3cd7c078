import { useState } from 'react';

export interface WorkspaceInfoProps {
  path: string | null;
  branch: string | null;
}

/**
 * The ticket's workspace and branch. "Reveal" opens the folder in the OS file manager when Baton
 * runs in Electron; in a browser the page cannot do that, so it copies the path instead.
 */
export function WorkspaceInfo({ path, branch }: WorkspaceInfoProps) {
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const bridge = typeof window === 'undefined' ? undefined : window.baton;
  const reveal = async () => {
    if (!path) return;
    if (bridge?.openPath) {
      const result = await bridge.openPath(path).catch((e: unknown) => ({ ok: false, error: String(e) }));
      setMessage(result.ok ? null : { text: `Could not open the folder: ${result.error ?? 'unknown error'}`, bad: true });
      return;
    }
    try {
      await navigator.clipboard.writeText(path);
      setMessage({ text: 'Path copied.', bad: false });
    } catch {
      setMessage({ text: 'Could not copy the path: select it and copy it by hand.', bad: true });
    }
  };
  return (
    <section className="ticket-panel workspace-info" data-testid="workspace-info">
      <h2>Workspace</h2>
      {path ? (
        <>
          <div className="workspace-path" data-testid="workspace-path">
            <code>{path}</code>
          </div>
          {branch && (
            <div className="workspace-branch">
              branch <code>{branch}</code>
            </div>
          )}
          <button type="button" onClick={() => void reveal()} data-testid="workspace-reveal">
            {bridge?.openPath ? 'Reveal in file manager' : 'Copy path'}
          </button>
          {message && (
            <div className={message.bad ? 'error' : 'empty'} role={message.bad ? 'alert' : 'status'}>
              {message.text}
            </div>
          )}
        </>
      ) : (
        <div className="empty">No workspace yet: it is created when the ticket first runs.</div>
      )}
    </section>
  );
}
