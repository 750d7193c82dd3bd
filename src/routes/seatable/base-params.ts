// SeaTable addresses a base by its workspace's integer id and its name.
import { Type } from '@sinclair/typebox';

export const BasePathParams = Type.Object({
  workspaceId: Type.String({ maxLength: 20 }),
  dtableName: Type.String({ minLength: 1, maxLength: 200 }),
});

export const ApiTokenPathParams = Type.Object({
  workspaceId: Type.String({ maxLength: 20 }),
  dtableName: Type.String({ minLength: 1, maxLength: 200 }),
  appName: Type.String({ minLength: 1, maxLength: 255 }),
});

