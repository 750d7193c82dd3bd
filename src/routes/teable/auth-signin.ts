// POST /api/auth/signin {email, password}: sets the session cookie and returns the user.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import { publicUser } from '../../users/user-service.js';
import type { App, RouteContext } from '../context.js';
import { startSession } from './session-cookie.js';

const Body = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/auth/signin', { schema: { body: Body } }, async (request, reply) => {
    const user = await ctx.services.users.checkPassword(request.body.email, request.body.password, ctx.origin(request));
    if (!user) throw new AppError('unauthorized', 'email or password is incorrect');
    await startSession(ctx, request, reply, user.id);
    return reply.code(200).send(publicUser(user));
  });
}
