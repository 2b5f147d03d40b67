// The export reads through node-postgres directly (not Prisma): it needs a server-side cursor and
// one REPEATABLE READ snapshot, so that the counts in the manifest describe exactly the rows written.
import type { QueryResult, QueryResultRow } from 'pg'

export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>
}

/** Collects positional parameters while a query is assembled. */
export class Params {
  readonly values: unknown[] = []
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}
