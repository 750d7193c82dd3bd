// Request bodies of the AWX token routes (seed 003): both fields optional.
import { Type } from '@sinclair/typebox';

export const TokenBody = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 10_000, description: 'Default ""' })),
    scope: Type.Optional(Type.String({ maxLength: 200, description: '`read`, `write` or `read write` (default `write`); `read` may only use GET, HEAD and OPTIONS' })),
  },
  { examples: [{ description: 'terraform', scope: 'read' }] },
);
