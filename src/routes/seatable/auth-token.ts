// POST /api2/auth-token/ {username, password} (form or JSON): {"token": "..."}, an account token
// for `Authorization: Token <t>`. It is a session: revocable, stored as a digest.
import { Type } from '@sinclair/typebox';
import { invalid } from '../../errors.js';
import type { App, RouteContext } from '../context.js';

const Body = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api2/auth-token/', { schema: { body: Body } }, async (request) => {
    const user = await ctx.services.users.checkPassword(request.body.username, request.body.password, ctx.origin(request));
    if (!user) throw invalid('non_field_errors', 'Unable to log in with provided credentials.');
    const { secret } = await ctx.services.sessions.open(user.id, ctx.origin(request), 'account_token');
    return { token: secret };
  });
}
