// POST /api2/auth-token/ {username, password} (form or JSON): {"token": "..."}, an account token
// for `Authorization: Token <t>`. It is a session: revocable, stored as a digest.
import { Type } from '@sinclair/typebox';
import { invalid } from '../../errors.js';
import type { App, RouteContext } from '../context.js';
import { SeatableError, TAGS, ref } from '../shared-schemas.js';

const Body = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 254, description: 'The email' }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { examples: [{ username: 'ann@example.com', password: 'correct-horse-1' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api2/auth-token/',
    {
      schema: {
        summary: 'Sign in for an account token',
        description: 'The account token works as `Authorization: Token <t>` (or `Bearer`) in every family; it is a session (see GET /api/auth/sessions).',
        tags: [TAGS.seatable.name],
        security: [],
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: Body,
        response: {
          200: Type.Object({ token: Type.String({ description: 'An account token (`tess_act_...`)' }) }),
          400: ref(SeatableError, 'Bad credentials: `{"non_field_errors": ["Unable to log in with provided credentials."]}`'),
        },
      },
    },
    async (request) => {
      const user = await ctx.services.users.checkPassword(request.body.username, request.body.password, ctx.origin(request));
      if (!user) throw invalid('non_field_errors', 'Unable to log in with provided credentials.');
      const { secret } = await ctx.services.sessions.open(user.id, ctx.origin(request), 'account_token');
      return { token: secret };
    },
  );
}
