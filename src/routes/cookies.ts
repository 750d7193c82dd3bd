// The session cookie: read from the Cookie header only when a request has one and names no other
// credential (parsing every request's cookies cost a tenth of a bare server's throughput), and
// written as an httpOnly, SameSite=Lax cookie; `cookie` (jshttp) parses and serializes.
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tessera_session';

/** The session cookie's value, or undefined. */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined || !header.includes(SESSION_COOKIE)) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

export function setSessionCookie(reply: FastifyReply, secret: string, options: { expires: Date; secure: boolean }): void {
  void reply.header('set-cookie', stringifySetCookie({ name: SESSION_COOKIE, value: secret, httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/', expires: options.expires }));
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.header('set-cookie', stringifySetCookie({ name: SESSION_COOKIE, value: '', path: '/', expires: new Date(0) }));
}
