// POST /api/auth/signup {email, password, name?}: creates the account and signs it in.
import { Type } from '@sinclair/typebox';
import { publicUser } from '../../users/user-service.js';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, User, ref } from '../shared-schemas.js';
import { startSession } from './session-cookie.js';

const Body = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { examples: [{ email: 'ann@example.com', password: 'correct-horse-1', name: 'Ann' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/auth/signup',
    {
      schema: {
        summary: 'Sign up: creates an account and signs it in',
        description: 'The first account becomes the instance admin. `TESSERA_SIGNUP=closed` refuses (403).',
        tags: [TAGS.teable.name],
        security: [],
        body: Body,
        response: {
          201: ref(User, 'Created and signed in; `Set-Cookie: tessera_session=...` (httpOnly)'),
          403: ref(TeableError, 'Sign-up is closed'),
          409: ref(TeableError, 'The email is already registered'),
        },
      },
    },
    async (request, reply) => {
      const user = await ctx.services.users.create(request.body, ctx.origin(request));
      await startSession(ctx, request, reply, user.id);
      return reply.code(201).send(publicUser(user));
    },
  );
}
