// POST /api/auth/signup {email, password, name?}: creates the account and signs it in.
import { Type } from '@sinclair/typebox';
import { publicUser } from '../../users/user-service.js';
import type { App, RouteContext } from '../context.js';
import { startSession } from './session-cookie.js';

const Body = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/auth/signup', { schema: { body: Body } }, async (request, reply) => {
    const user = await ctx.services.users.create(request.body, ctx.origin(request));
    await startSession(ctx, request, reply, user.id);
    return reply.code(201).send(publicUser(user));
  });
}
