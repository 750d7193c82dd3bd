// GET /api/openapi.json: the OpenAPI 3.1 document of every route (src/routes/openapi.ts). Public.
import { Type } from '@sinclair/typebox';
import type { App } from '../context.js';
import { TAGS } from '../shared-schemas.js';

export default function register(app: App): void {
  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This OpenAPI 3.1 document',
        tags: [TAGS.docs.name],
        security: [],
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'The OpenAPI 3.1 document' }) },
      },
    },
    () => app.swagger(),
  );
}
