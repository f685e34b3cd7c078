// `npm run openapi`: writes the API's OpenAPI document to docs/openapi.json (a test fails when it is stale).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi-document.js';

/** docs/openapi.json from dist/electron/engine/server/. */
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/openapi.json');
await writeFile(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
