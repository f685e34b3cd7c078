import { describe, expect, it } from 'vitest';
import { HostAllowList, parseHost } from './host-allow-list.js';

describe('HostAllowList', () => {
  it('accepts loopback names and addresses with our port', () => {
    const hosts = new HostAllowList('127.0.0.1', 4680);
    for (const ok of ['127.0.0.1:4680', 'localhost:4680', 'LOCALHOST:4680', '[::1]:4680', '127.0.0.2:4680', '127.1:4680']) expect(hosts.allows(ok), ok).toBe(true);
  });

  // DNS rebinding: the attacker's name resolves to 127.0.0.1, but the Host header still names it.
  it('refuses any other name, another port, a missing or malformed Host', () => {
    const hosts = new HostAllowList('127.0.0.1', 4680);
    for (const bad of [
      'evil.example:4680',
      'evil.example',
      '127.0.0.1:4681',
      '127.0.0.1',
      'localhost.evil.example:4680',
      '192.168.1.10:4680',
      'evil.example@127.0.0.1:4680',
      '127.0.0.1:4680/x',
      '',
      undefined,
    ]) {
      expect(hosts.allows(bad), String(bad)).toBe(false);
    }
  });

  it('accepts the bound address, IPv6 included', () => {
    expect(new HostAllowList('192.168.1.10', 4680).allows('192.168.1.10:4680')).toBe(true);
    expect(new HostAllowList('192.168.1.10', 4680).allows('192.168.1.11:4680')).toBe(false);
    expect(new HostAllowList('fe80::1', 4680).allows('[fe80::1]:4680')).toBe(true);
    expect(new HostAllowList('::1', 4680).allows('[::1]:4680')).toBe(true);
  });

  it('on a wildcard bind accepts any IP literal (an address cannot be rebound) but still no other name', () => {
    for (const bind of ['0.0.0.0', '::']) {
      const hosts = new HostAllowList(bind, 4680);
      expect(hosts.allows('192.168.1.10:4680')).toBe(true);
      expect(hosts.allows('[fe80::1]:4680')).toBe(true);
      expect(hosts.allows('localhost:4680')).toBe(true);
      expect(hosts.allows('evil.example:4680')).toBe(false);
      expect(hosts.allows('192.168.1.10:1')).toBe(false);
    }
  });

  it('takes port 80 for a Host without a port', () => {
    expect(new HostAllowList('127.0.0.1', 80).allows('localhost')).toBe(true);
    expect(parseHost('LocalHost')).toEqual({ hostname: 'localhost', port: 80 });
  });
});
