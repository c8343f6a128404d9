// Health and reference data: what any client needs before signing in.
import type { FastifyInstance } from 'fastify';
import { CODE_LISTS } from '../../domain/code-lists.ts';
import { COUNTRY_CODES, countryName } from '../../domain/countries.ts';
import { DEPARTMENTS } from '../../domain/ubigeo.ts';
import type { RouteDeps } from '../app.ts';

export async function metaRoutes(app: FastifyInstance, { db, linkage }: RouteDeps): Promise<void> {
  app.get('/api/health', { schema: { summary: 'Estado del servicio / service health', tags: ['meta'], security: [] }, config: { policy: 'public' } }, async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ok', database: db.engine, linkage: linkage ? (linkage.isReady ? 'ready' : 'building') : 'off' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: db.engine });
    }
  });

  const codeLists = {
    lists: Object.fromEntries(Object.entries(CODE_LISTS).map(([name, list]) => [name, list.values])),
    countries: COUNTRY_CODES.map((code) => ({ code, es: countryName(code, 'es'), en: countryName(code, 'en') })),
    departments: DEPARTMENTS,
  };
  app.get('/api/code-lists', { schema: { summary: 'Listas de códigos con etiquetas / code lists with labels', tags: ['meta'], security: [] }, config: { policy: 'public' } }, async (_request, reply) => {
    reply.header('Cache-Control', 'public, max-age=3600');
    return codeLists;
  });
}
