// POST /api/base/{baseId}/table {name?, description?, fields?: [{name, type}]} (needs table|create).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Field, TAGS, Table, TeableError, ref } from '../shared-schemas.js';
import { BaseParams } from './params.js';

const Body = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    fields: Type.Optional(
      Type.Array(
        Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), type: Type.String({ maxLength: 50, description: 'singleLineText, longText, number, checkbox or date' }) }),
        { maxItems: 200, description: 'Absent: one singleLineText field, Name' },
      ),
    ),
  },
  { examples: [{ name: 'Birds', fields: [{ name: 'Species', type: 'singleLineText' }, { name: 'Count', type: 'number' }] }] },
);

const Created = Type.Object(
  { ...Table.properties, fields: Type.Array(ref(Field)), views: Type.Array(Type.Never()), records: Type.Array(Type.Never()) },
  { description: 'The table with its fields (and, as Teable answers, no views or records yet)' },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/base/:baseId/table',
    {
      onRequest: ctx.requireScope('table|create'),
      schema: { summary: 'Create a table and declare its fields', tags: [TAGS.teable.name], params: BaseParams, body: Body, response: { 201: Created, 404: ref(TeableError, 'No such base') } },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      return reply.code(201).send(await ctx.services.tables.create(principal, request.params.baseId, request.body));
    },
  );
}
