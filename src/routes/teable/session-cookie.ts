// Opens a session and hands its secret to the browser as an httpOnly cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../context.js';
import { setSessionCookie } from '../cookies.js';

export async function startSession(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  const { secret, expires } = await ctx.services.sessions.open(userId, ctx.origin(request));
  setSessionCookie(reply, secret, { expires, secure: ctx.config.cookieSecure });
}
