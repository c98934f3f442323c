/**
 * The transaction views on SQLite (views.ts holds what they read and why). A list names the index views.ts chose
 * with INDEXED BY: SQLite keeps no statistics here, so its planner would otherwise walk ta_status_created for
 * every shape; and a statement whose index cannot serve it fails to prepare instead of scanning the log.
 */
import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { chunks, type RunRow, type TaRow } from '../rows.js';
import * as s from '../schema/sqlite.js';
import type { SqliteDb } from '../store.sqlite.js';
import {
  createTransactionViews,
  indexFor,
  isRunPlan,
  listOrder,
  runsListWhere,
  taListWhere,
  type ListPlan,
  type ListSql,
  type RunListPlan,
  type TaListPlan,
  type TransactionViews,
} from './views.js';

const indexed = (table: SQLiteTable, plan: ListPlan) =>
  sql`${table} indexed by ${sql.identifier(indexFor(plan))}`;

/**
 * Every column of a table as an expression decoded by that column: drizzle refuses plain columns of a table
 * that is not in FROM, and here FROM is the `indexed by` expression. Rows come back as the plain select's.
 */
function columnsOf(table: SQLiteTable): Record<string, SQL> {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => [key, sql`${column}`.mapWith(column)]),
  );
}

function taList(db: SqliteDb, plan: TaListPlan) {
  return db
    .select(columnsOf(s.ta))
    .from(indexed(s.ta, plan))
    .where(taListWhere(s.ta, plan))
    .orderBy(...listOrder(s.ta.createdAt, s.ta.id, plan))
    .limit(plan.limit + 1);
}

function runList(db: SqliteDb, plan: RunListPlan) {
  return db
    .select(columnsOf(s.runs))
    .from(indexed(s.runs, plan))
    .where(runsListWhere(s.runs, plan))
    .orderBy(...listOrder(s.runs.startedAt, s.runs.id, plan))
    .limit(plan.limit + 1);
}

/** The statement a list runs, as SQL text and parameters. */
export function sqliteListSql(db: SqliteDb, plan: ListPlan): ListSql {
  return isRunPlan(plan) ? runList(db, plan).toSQL() : taList(db, plan).toSQL();
}

export function createSqliteViews(db: SqliteDb): TransactionViews {
  return createTransactionViews({
    listTa: async (plan) => taList(db, plan).all() as TaRow[],
    listRuns: async (plan) => runList(db, plan).all() as RunRow[],
    taIn: async (column, values) =>
      chunks(values).flatMap((c) => db.select().from(s.ta).where(inArray(s.ta[column], c)).all()),
    filenamesIn: async (ids) =>
      chunks(ids).flatMap((c) =>
        db.select({ id: s.ta.id, filename: s.ta.filename }).from(s.ta).where(inArray(s.ta.id, c)).all(),
      ),
    fileReportsIn: async (taIds) =>
      chunks(taIds).flatMap((c) =>
        db.select().from(s.fileReports).where(inArray(s.fileReports.taId, c)).all(),
      ),
  });
}
