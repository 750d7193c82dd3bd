// AWX shows integer ids; anything else in their place names nothing (404, not 400).
import { Type } from '@sinclair/typebox';

export const IdParams = Type.Object({ id: Type.String({ maxLength: 200, description: 'An integer id; anything else names nothing (404)' }) });

export function integerId(raw: string): number | null {
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
}
