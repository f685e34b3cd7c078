import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TokenAuth } from '../../electron/engine/server/auth.js';
import { createBodySchema, identifierSchema, STATE, TOKEN } from './bench-routes.js';

/** Fastify with zod schemas through fastify-type-provider-zod; auth in an onRequest hook. */
export async function serveFastify(): Promise<number> {
  const auth = new TokenAuth(TOKEN);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (req, reply) => {
    if (!auth.authenticate(req.raw, new URL(req.url, 'http://localhost'))) {
      return reply.code(401).send({ error: { code: 'unauthorized', message: 'missing or wrong API token' } });
    }
  });
  app.get('/api/v1/state', async () => STATE);
  app.post('/api/v1/tickets', { schema: { body: createBodySchema } }, async (req, reply) => reply.code(201).send({ identifier: 'BAT-1', ...req.body }));
  app.get(
    '/api/v1/tickets/:identifier/runs',
    { schema: { params: z.object({ identifier: identifierSchema }) } },
    async (req) => ({ identifier: req.params.identifier, runs: [] }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
