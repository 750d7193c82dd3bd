// Request bodies shared by the access-token routes (seed 000's fields).
import { Type } from '@sinclair/typebox';

const ids = Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }), Type.Null()]);

export const AccessTokenFields = {
  name: Type.String({ maxLength: 1000 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 }),
  spaceIds: Type.Optional(ids),
  baseIds: Type.Optional(ids),
  hasFullAccess: Type.Optional(Type.Boolean()),
};

export const ExpiredTime = Type.String({ maxLength: 64 });
