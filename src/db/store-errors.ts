// What a store error means, on either dialect: a constraint that another request's write made fail
// (a race the request lost), or anything else (the store's own trouble, a lost connection). Only
// the first is a conflict: a write whose connection was lost may have committed, and finding its
// row afterwards does not make it someone else's.
const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** A unique key taken: a simultaneous request made the same thing first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Runs a write that a service checked could be made, as `taken()`'s error when a simultaneous
 * request made the same thing first (a unique key); any other failure, a lost connection among
 * them (its write may have committed), stays what it was.
 */
export async function conflictIfTaken<T>(write: () => Promise<T>, taken: () => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

/** A row referred to is gone: a simultaneous request deleted it. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** PostgreSQL chose this transaction as the loser of two that could not both go on. */
export function isSerializationFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}
