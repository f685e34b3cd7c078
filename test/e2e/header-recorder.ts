import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * "Another local web server": a plain HTTP server on 127.0.0.1 (its own port) that records every
 * request it receives, headers and all. `/page` is a page of its own that tries what a hostile
 * local page would: fetch the engine's API with credentials, embed it, and open its WebSocket, then
 * reports what happened to `/report?...`. Everything else answers a small 200.
 */
export class HeaderRecorder {
  readonly requests: RecordedRequest[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(engineUrl: string): Promise<HeaderRecorder> {
    let recorder: HeaderRecorder | null = null;
    const server = createServer((req, res) => {
      recorder!.record({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
      req.resume();
      if ((req.url ?? '').startsWith('/page')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(hostilePage(engineUrl));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    recorder = new HeaderRecorder(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return recorder;
  }

  /** Resolves once a request whose URL starts with `prefix` has arrived. */
  async waitFor(prefix: string, timeoutMs = 15_000): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.requests.find((r) => r.url.startsWith(prefix));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no request for ${prefix}; got ${this.requests.map((r) => r.url).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request);
    for (const w of this.waiters.splice(0)) w();
  }
}

function hostilePage(engineUrl: string): string {
  const ws = engineUrl.replace(/^http/, 'ws');
  return `<!doctype html><html><head><title>another local server</title></head><body>
<img src="/img-on-page">
<img src="${engineUrl}/api/v1/state">
<iframe src="${engineUrl}/"></iframe>
<script>
  function report(what) { fetch('/report?' + what); }
  fetch('${engineUrl}/api/v1/state', { credentials: 'include' })
    .then(function (r) { report('fetch=' + r.status); }, function () { report('fetch=blocked'); });
  fetch('${engineUrl}/api/v1/refresh', { method: 'POST', mode: 'no-cors', credentials: 'include' })
    .then(function () { report('post=sent'); }, function () { report('post=blocked'); });
  var socket = new WebSocket('${ws}/api/v1/ws');
  socket.onopen = function () { report('ws=open'); };
  socket.onerror = function () { report('ws=error'); };
</script></body></html>`;
}
