import { isIP } from 'node:net';

/** A Host header we are willing to parse: a name or IP literal, optional port; nothing else (no userinfo, no path). */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Addresses a wildcard bind listens on: any of the machine's addresses may then be the Host. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Which Host headers the server answers, against DNS rebinding: a page on `evil.example` whose
 * name the attacker re-points to 127.0.0.1 reaches us as same-origin for its own scripts, but its
 * requests still say `Host: evil.example:<port>`. Accepted are loopback names and addresses
 * (`localhost`, 127.0.0.0/8, `[::1]`) and the address the server is bound to, always with our
 * port. A wildcard bind (0.0.0.0, ::) also accepts any IP literal: an address cannot be rebound,
 * only a name can.
 */
export class HostAllowList {
  private readonly bound: string;
  private readonly wildcard: boolean;

  constructor(boundHost: string, private readonly port: number) {
    this.bound = normalizeHostname(boundHost);
    this.wildcard = WILDCARD_ADDRESSES.has(boundHost);
  }

  allows(hostHeader: string | undefined): boolean {
    const parsed = parseHost(hostHeader);
    if (!parsed || parsed.port !== this.port) return false;
    if (isLoopbackHostname(parsed.hostname) || parsed.hostname === this.bound) return true;
    return this.wildcard && isIP(unbracket(parsed.hostname)) !== 0;
  }
}

/** Host header → lowercase hostname (IPv6 in brackets, IPv4 in dotted form) and port (80 when absent). */
export function parseHost(hostHeader: string | undefined): { hostname: string; port: number } | null {
  if (hostHeader === undefined || !HOST_HEADER.test(hostHeader)) return null;
  let url: URL;
  try {
    // The WHATWG parser normalizes what browsers would: case, `127.1`, `0x7f.0.0.1`, IPv6 forms.
    url = new URL(`http://${hostHeader}`);
  } catch {
    return null;
  }
  const port = url.port === '' ? 80 : Number(url.port);
  return { hostname: url.hostname, port };
}

export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function normalizeHostname(host: string): string {
  const bare = unbracket(host);
  return parseHost(isIP(bare) === 6 ? `[${bare}]` : bare)?.hostname ?? host.toLowerCase();
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
