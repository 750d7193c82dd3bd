// The field types a table may declare, and the cell values each accepts.
export const FIELD_TYPES = ['singleLineText', 'longText', 'number', 'checkbox', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export function isFieldType(value: string): value is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(value);
}

/** Returns the value to store, or an error message. `null` clears a cell. */
export function checkCell(type: FieldType, value: unknown): { value: unknown } | { error: string } {
  if (value === null) return { value: null };
  switch (type) {
    case 'singleLineText':
      return typeof value === 'string' && value.length <= 10_000 && !/[\r\n]/.test(value)
        ? { value }
        : { error: 'must be a single line of text (at most 10000 characters)' };
    case 'longText':
      return typeof value === 'string' && value.length <= 100_000 ? { value } : { error: 'must be text (at most 100000 characters)' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: 'must be a finite number' };
    case 'checkbox':
      return typeof value === 'boolean' ? { value } : { error: 'must be true or false' };
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? { value: new Date(value).toISOString() }
        : { error: 'must be an ISO date' };
  }
}
