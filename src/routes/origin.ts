// Where a request came from, as the audit log records it: the client address (Fastify's
// `request.ip`, which honours no proxy header unless trustProxy is set) and the user agent.
import type { FastifyRequest } from 'fastify';
import type { Origin } from '../audit/audit-log.js';

export function originOf(request: FastifyRequest): Origin {
  const agent = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}
