// Schemas every route file shares: a record's id in the path, and the headers of a write.
import { z } from 'zod';

export const IdParams = z.object({ id: z.uuid({ error: 'invalid.id' }) });
/** A retried write carries the same Idempotency-Key and creates nothing twice. */
export const WriteHeaders = z.object({ 'idempotency-key': z.string().optional() }).loose();
