/**
 * A small table-driven router: routes are tried in order, `:name` segments capture a decoded
 * parameter that must pass its validator, and a path that matches a route with another method
 * yields 405 with the route's allowed methods (SPEC §13.7.2).
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type Params = Readonly<Record<string, string>>;

export interface RouteDef<H> {
  pattern: string;
  methods: Partial<Record<HttpMethod, H>>;
}

export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: Params }
  | { kind: 'method_not_allowed'; allow: HttpMethod[] }
  | { kind: 'not_found' };

type Segment = { literal: string } | { param: string };

interface CompiledRoute<H> {
  segments: Segment[];
  methods: Partial<Record<HttpMethod, H>>;
  allow: HttpMethod[];
}

export type ParamValidator = (value: string) => boolean;

export class Router<H> {
  private readonly routes: CompiledRoute<H>[];

  /** `validators` checks each named parameter; a parameter without a validator is refused. */
  constructor(routes: RouteDef<H>[], private readonly validators: Readonly<Record<string, ParamValidator>>) {
    this.routes = routes.map((route) => ({
      segments: route.pattern.split('/').map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s })),
      methods: route.methods,
      allow: Object.keys(route.methods) as HttpMethod[],
    }));
    for (const route of this.routes) {
      for (const seg of route.segments) {
        if ('param' in seg && !validators[seg.param]) throw new Error(`no validator for route parameter :${seg.param}`);
      }
    }
  }

  match(method: string, pathname: string): RouteMatch<H> {
    const parts = splitPath(pathname);
    if (!parts) return { kind: 'not_found' };
    for (const route of this.routes) {
      const params = this.matchSegments(route.segments, parts);
      if (!params) continue;
      const handler = route.methods[method as HttpMethod];
      if (handler === undefined) return { kind: 'method_not_allowed', allow: route.allow };
      return { kind: 'found', handler, params };
    }
    return { kind: 'not_found' };
  }

  private matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
    if (segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const part = parts[i]!;
      if ('literal' in seg) {
        if (seg.literal !== part) return null;
      } else {
        if (!this.validators[seg.param]!(part)) return null;
        params[seg.param] = part;
      }
    }
    return params;
  }
}

/** Decoded path segments, or null when the percent-encoding is malformed. */
function splitPath(pathname: string): string[] | null {
  try {
    return pathname.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}
