// POST /api/v2.1/dtables/share-links/ {workspace_id, table_name, permission?, password?, expire_days?}:
// a read-only link to a base, by its owner or an editor; the token is shown once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, ShareLink, TAGS, ref } from '../shared-schemas.js';

const Body = Type.Object(
  {
    workspace_id: Type.Union([Type.Integer(), Type.String({ maxLength: 20 })]),
    table_name: Type.String({ minLength: 1, maxLength: 200, description: "The base's name (SeaTable calls bases tables)" }),
    permission: Type.Optional(Type.String({ maxLength: 10, description: '`r` only: share links are read-only' })),
    password: Type.Optional(Type.String({ maxLength: 1024, description: 'At least 8 characters' })),
    expire_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Absent: the lifetime policy, or never' })),
  },
  { examples: [{ workspace_id: 1, table_name: 'Field notes', permission: 'r', expire_days: 7 }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/v2.1/dtables/share-links/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Create a read-only share link to a base',
        description: 'By the owner or an editor of the base.',
        tags: [TAGS.seatable.name],
        body: Body,
        response: { 201: ref(ShareLink, 'The link, with its token shown this once'), 404: ref(SeatableError, 'No such workspace or base') },
      },
    },
    async (request, reply) => {
      const { workspace_id: workspace, ...rest } = request.body;
      const link = await ctx.services.shareLinks.create(ctx.principal(request), { ...rest, workspace_id: String(workspace) }, ctx.origin(request));
      return reply.code(201).send(link);
    },
  );
}
