import { pathFor } from '../../../shared/api/contract.js';

/**
 * What `/` shows when no renderer build is present: an honest page, not a blank one, telling the
 * operator that the engine runs, that the UI is missing, and where the API is.
 */
export function statusPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Baton engine</title>
</head>
<body>
<h1>Baton engine is running</h1>
<p>The user interface is not built, so there is nothing to show here yet.
Build the renderer and reload this page.</p>
<p>The API is available, e.g. <code>${pathFor('getState')}</code> for the current state. Every API request
needs the token the engine printed at start, sent as <code>Authorization: Bearer &lt;token&gt;</code>
(a link cannot carry it: see docs/api.md).</p>
</body>
</html>
`;
}
