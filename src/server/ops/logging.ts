// What the server's JSON logs (pino) may say about a request or an error: the route's path
// without its query string (search words are names), and database errors without their detail
// (PostgreSQL puts the offending values there, e.g. "Key (username)=(…) already exists").
import pino from 'pino';

const ERROR_FIELDS_DROPPED = ['detail', 'where', 'hint', 'internalQuery', 'parameters', 'checked'] as const;

interface LoggedRequest {
  method: string;
  url: string;
  ip: string;
  routeOptions?: { url?: string | undefined } | undefined;
}

export const LOG_SERIALIZERS = {
  req(request: LoggedRequest) {
    return { method: request.method, url: request.url.split('?')[0], route: request.routeOptions?.url, remoteAddress: request.ip };
  },
  err(error: Error) {
    const serialized: ReturnType<typeof pino.stdSerializers.err> & Record<string, unknown> = { ...pino.stdSerializers.err(error) };
    for (const field of ERROR_FIELDS_DROPPED) delete serialized[field];
    return serialized;
  },
};
