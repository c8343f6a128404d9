// What the web app needs to behave on a shared computer: when to sign out an idle user, and the key
// that encrypts the drafts it keeps in the browser. The key is derived from the database's own
// service key and the user's id, so it never sits in the browser's storage: a copy of that storage
// (or another user of the same computer) cannot read a draft; only its author, signed in, gets
// the key again and can finish what she started.
import type { FastifyInstance } from 'fastify';
import { actorOf, type RouteDeps } from '../app.ts';
import type { WebClientSettings } from '../../domain/web-client.ts';
import { vaultOf } from '../crypto/keys.ts';

export async function webClientRoutes(app: FastifyInstance, { db, config, requireSession }: RouteDeps): Promise<void> {
  app.get('/api/me/web', { schema: { summary: 'Ajustes del cliente web / web client settings', tags: ['session'] }, config: { policy: 'session:pending' } }, async (request): Promise<WebClientSettings> => {
    await requireSession(request, { allowPasswordChange: true });
    const { userId } = actorOf(request);
    return { idleMinutes: config.session.idleMinutes, draftKey: vaultOf(db).serviceKey(`web-draft\u0000${userId}`).toString('base64url') };
  });
}
