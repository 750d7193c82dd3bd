// Request bodies of the AWX token routes (seed 003): both fields optional.
import { Type } from '@sinclair/typebox';

export const TokenBody = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  scope: Type.Optional(Type.String({ maxLength: 200 })),
});
