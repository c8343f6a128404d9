// What the server's JSON logs (pino) may say about a request or an error: the route's path
// without its query string (search words are names), and database errors without their detail
// (PostgreSQL puts the offending values there, e.g. "Key (username)=(…) already exists"), nor the
// statement and its values that PGlite's errors carry (`query`, `params`: a registration's open data).
import pino from 'pino';

const ERROR_FIELDS_DROPPED = ['detail', 'where', 'hint', 'internalQuery', 'parameters', 'checked', 'query', 'params'] as const;

interface LoggedRequest {
  method: string;
  url: string;
  ip: string;
  routeOptions?: { url?: string | undefined } | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The path as it may be logged: the route's own words, and of the values in its parameters only
 * record ids (a name or document typed where an id goes stays out). A path no route matched keeps
 * its first segment only.
 */
export function loggablePath(url: string, route: string | undefined): string {
  const path = url.split('?')[0] ?? '';
  const parts = path.split('/');
  const pattern = route?.split('/');
  if (pattern && pattern.length === parts.length && !route?.includes('*')) {
    return parts.map((part, i) => (pattern[i]?.startsWith(':') && !UUID.test(part) ? pattern[i] : part)).join('/');
  }
  return parts.length > 2 ? `/${parts[1] ?? ''}/…` : path;
}

export const LOG_SERIALIZERS = {
  req(request: LoggedRequest) {
    const route = request.routeOptions?.url;
    return { method: request.method, url: loggablePath(request.url, route), route, remoteAddress: request.ip };
  },
  err(error: Error) {
    const serialized: ReturnType<typeof pino.stdSerializers.err> & Record<string, unknown> = { ...pino.stdSerializers.err(error) };
    for (const field of ERROR_FIELDS_DROPPED) delete serialized[field];
    return serialized;
  },
};
