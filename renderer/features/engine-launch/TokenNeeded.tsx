import './first-run.css';

/**
 * A browser tab opened without the engine's token (a bookmark, a new tab, a link someone pasted
 * without its `?token=`): every API call would be refused, so say how to get in instead of
 * showing an empty board that never connects.
 */
export function TokenNeeded() {
  return (
    <main className="first-run" data-testid="token-needed">
      <h1>Open the address baton printed</h1>
      <p className="first-run-lede">
        This page needs the engine&apos;s token. Open the full address <code>baton serve</code> printed when it started
        (<code>http://127.0.0.1:&lt;port&gt;/?token=…</code>). The page keeps the token for this tab only and removes it from
        the address bar; it is never stored in a cookie.
      </p>
    </main>
  );
}
