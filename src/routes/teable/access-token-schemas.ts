// Request bodies shared by the access-token routes (seed 000's fields).
import { Type } from '@sinclair/typebox';

const ids = (what: string) =>
  Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }), Type.Null()], {
    description: `Restricts the token to these ${what} (null or absent: no such restriction)`,
  });

export const AccessTokenFields = {
  name: Type.String({ maxLength: 1000 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000, description: 'Actions from GET /api/access-token/scopes, `resource|action`' }),
  spaceIds: Type.Optional(ids('spaces')),
  baseIds: Type.Optional(ids('bases')),
  hasFullAccess: Type.Optional(Type.Boolean({ description: "Reach all of the owner's spaces, present and future" })),
};

export const ExpiredTime = Type.String({
  maxLength: 64,
  description: 'An ISO date (the end of that day, UTC) or date-time, in the future and within the lifetime policy',
  examples: ['2026-12-31'],
});
