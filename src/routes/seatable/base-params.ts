// SeaTable addresses a base by its workspace's integer id and its name.
import { Type } from '@sinclair/typebox';

const workspaceId = Type.String({ maxLength: 20, description: "The workspace's integer id (a space's, from GET /api/v2.1/workspaces/)" });
const dtableName = Type.String({ minLength: 1, maxLength: 200, description: "The base's name" });

export const BasePathParams = Type.Object({ workspaceId, dtableName });

export const ApiTokenPathParams = Type.Object({ workspaceId, dtableName, appName: Type.String({ minLength: 1, maxLength: 255 }) });
