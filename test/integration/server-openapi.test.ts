import { Validator } from '@seriousme/openapi-schema-validator';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api/contract.js';
import { openApiDocument } from '../../electron/engine/server/openapi-document.js';
import { send, startServer, type Harness } from './server-harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.server.close();
  harness = null;
});

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; deprecated?: boolean; responses: Record<string, { description: string }> }>>;
}

/** `/api/v1/tickets/:identifier` as OpenAPI writes it. */
const openApiPath = (pattern: string) => pattern.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json behind the token, and describes every contract route once', async () => {
    harness = await startServer();
    expect((await send(harness.port, '/api/v1/openapi.json')).status).toBe(401);
    const res = await send(harness.port, '/api/v1/openapi.json', { headers: harness.auth });
    expect(res.status).toBe(200);
    const doc = res.json() as OpenApi;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${p} ${op.operationId}`));
    const declared = Object.entries(API).map(([name, spec]) => `${spec.method} ${openApiPath(spec.path)} ${name}`);
    expect(operations.sort()).toEqual(declared.sort());
    // The 405 fillers, the WebSocket's plain GET and the static files are not API operations.
    expect(doc.paths['/api/v1/ws']).toBeUndefined();
    expect(doc.paths['/api/v1/merge-queue']!.get!.deprecated).toBe(true);
    // Each route lists the codes it answers under their status.
    expect(doc.paths['/api/v1/tickets/{identifier}/review']!.post!.responses['409']!.description).toContain('not_in_review');
    expect(doc.paths['/api/v1/state']!.get!.responses['401']!.description).toBe('error.code: unauthorized');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate((await openApiDocument()) as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is checked in as docs/openapi.json, current (regenerate with `npm run openapi`)', async () => {
    const file = path.join(import.meta.dirname, '../../docs/openapi.json');
    const checkedIn = JSON.parse(await readFile(file, 'utf8')) as unknown;
    expect(checkedIn, 'docs/openapi.json is stale: run `npm run openapi`').toEqual(await openApiDocument());
  });
});

describe('the landing queue', () => {
  it('answers at /api/v1/landing-queue and, for one release, at the deprecated /api/v1/merge-queue', async () => {
    harness = await startServer();
    const current = await send(harness.port, '/api/v1/landing-queue', { headers: harness.auth });
    const alias = await send(harness.port, '/api/v1/merge-queue', { headers: harness.auth });
    expect(current.status).toBe(200);
    expect(alias.status).toBe(200);
    expect(alias.json()).toEqual(current.json());
    expect((current.json() as { entries: unknown[] }).entries).toBeInstanceOf(Array);
  });
});
