// POST /api/auth/signin {email, password}: sets the session cookie and returns the user.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import { publicUser } from '../../users/user-service.js';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, User, ref } from '../shared-schemas.js';
import { startSession } from './session-cookie.js';

const Body = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { examples: [{ email: 'ann@example.com', password: 'correct-horse-1' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/auth/signin',
    {
      schema: {
        summary: 'Sign in: sets the session cookie',
        tags: [TAGS.teable.name],
        security: [],
        body: Body,
        response: {
          200: ref(User, 'Signed in; `Set-Cookie: tessera_session=...` (httpOnly)'),
          401: ref(TeableError, 'Wrong email or password'),
          429: ref(TeableError, 'Too many failed sign-ins for this account: see Retry-After'),
        },
      },
    },
    async (request, reply) => {
      const user = await ctx.services.users.checkPassword(request.body.email, request.body.password, ctx.origin(request));
      if (!user) throw new AppError('unauthorized', 'email or password is incorrect');
      await startSession(ctx, request, reply, user.id);
      return reply.code(200).send(publicUser(user));
    },
  );
}
