// What the logger may write. Secrets travel in headers (redacted by path) and, for a few SeaTable
// routes, in the URL itself (a share link's token in a query string or a path): every URL is
// logged with Tessera secrets, JWTs and secret-named query values cut out.
import type { FastifyRequest } from 'fastify';

/** Log paths that may carry a secret; the logger writes "[redacted]" instead. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.token',
  '*.secret',
  '*.password',
];

const TESSERA_SECRET = /\b(tess_[a-z]{3})_[0-9A-Za-z]+/g;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]+/g;
const SECRET_QUERY = /([?&](?:token|password|secret|code|access_token|refresh_token|api_token)=)[^&#]*/gi;

/** The text with every secret it may hold replaced by a marker that keeps the kind prefix. */
export function redactSecrets(text: string): string {
  return text.replace(TESSERA_SECRET, '$1_[redacted]').replace(JWT, '[redacted-jwt]').replace(SECRET_QUERY, '$1[redacted]');
}

/** Fastify's request line, with the URL redacted. */
export function requestSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactSecrets(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
}
