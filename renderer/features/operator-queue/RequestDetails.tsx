import type { ReactNode } from 'react';
import type { Approval } from '../../../shared/api/schemas.js';
import { requestDetails } from './request-details.js';

/** What exactly is asked: the command and where, the files, the permissions, the MCP server. */
export function RequestDetails({ request }: { request: Approval }) {
  const d = requestDetails(request);
  return (
    <dl className="request-details">
      {d.command !== null && <Row label="command" testId="detail-command"><code>{d.command}</code></Row>}
      {d.cwd !== null && <Row label="in" testId="detail-cwd"><code>{d.cwd}</code></Row>}
      {d.paths.length > 0 && <Row label="files" testId="detail-paths"><PathList paths={d.paths} /></Row>}
      {d.pathsMissing && (
        <Row label="files" testId="detail-paths">
          <span className="muted">not named in the request — they show in the ticket’s trace once the change is applied</span>
        </Row>
      )}
      {d.grantRoot !== null && <Row label="write access" testId="detail-grant"><code>{d.grantRoot}</code></Row>}
      {d.permissions.length > 0 && (
        <Row label="permissions" testId="detail-permissions">
          <ul className="plain-list">{d.permissions.map((p) => <li key={p}>{p}</li>)}</ul>
        </Row>
      )}
      {d.server !== null && <Row label="MCP server" testId="detail-server">{d.server}</Row>}
      {d.url !== null && <Row label="link" testId="detail-url"><code>{d.url}</code></Row>}
      {d.reason !== null && <Row label="reason" testId="detail-reason">{d.reason}</Row>}
    </dl>
  );
}

function Row({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="detail-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function PathList({ paths }: { paths: string[] }) {
  return <ul className="plain-list">{paths.map((p) => <li key={p}><code>{p}</code></li>)}</ul>;
}
