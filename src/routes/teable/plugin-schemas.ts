// Request bodies of the plugin routes (Teable's shapes, with the scopes Tessera grants by).
import { Type } from '@sinclair/typebox';

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

export const PluginFields = {
  description: text(1000),
  detailDesc: text(3000),
  logo: text(2000),
  url: text(2000),
  helpUrl: text(2000),
  positions: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10 })),
  scopes: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
};

export const PluginParams = Type.Object({ pluginId: Type.String({ minLength: 1, maxLength: 64 }) });
