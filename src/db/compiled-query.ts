// A query built and compiled once, then run with new parameter values. Kysely builds, freezes and
// compiles every query anew; on the verification path that cost as much as the lookup itself, and
// on the data APIs' per-request lookups (table, fields, role) it was most of what a request allocated.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

export class CompiledLookup<Row> {
  private readonly compiled: CompiledQuery<Row>;

  /** `query` is built with placeholder values; their count is the count `first` must be given. */
  constructor(
    private readonly db: Kysely<Database>,
    query: Compilable<Row>,
  ) {
    this.compiled = query.compile();
  }

  /** The first row for these parameter values, in the order the compiled SQL takes them. */
  async first(...parameters: readonly unknown[]): Promise<Row | undefined> {
    return (await this.all(...parameters))[0];
  }

  /** Every row for these parameter values, in the order the compiled SQL takes them. */
  async all(...parameters: readonly unknown[]): Promise<Row[]> {
    if (parameters.length !== this.compiled.parameters.length) {
      throw new Error(`the query takes ${this.compiled.parameters.length} parameters, not ${parameters.length}`);
    }
    const result = await this.db.executeQuery<Row>({ ...this.compiled, parameters });
    return result.rows;
  }
}
