/**
 * The transaction views on MySQL/MariaDB (views.ts holds what they read and why). A list names the index views.ts
 * chose with FORCE INDEX, so both dialects walk the same index and a plan does not change with the statistics.
 */
import { inArray } from 'drizzle-orm';
import { chunks } from '../rows.js';
import * as m from '../schema/mysql.js';
import type { MysqlDb } from '../store.mysql.js';
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

function taList(db: MysqlDb, plan: TaListPlan) {
  return db
    .select()
    .from(m.ta, { forceIndex: indexFor(plan) })
    .where(taListWhere(m.ta, plan))
    .orderBy(...listOrder(m.ta.createdAt, m.ta.id, plan))
    .limit(plan.limit + 1);
}

function runList(db: MysqlDb, plan: RunListPlan) {
  return db
    .select()
    .from(m.runs, { forceIndex: indexFor(plan) })
    .where(runsListWhere(m.runs, plan))
    .orderBy(...listOrder(m.runs.startedAt, m.runs.id, plan))
    .limit(plan.limit + 1);
}

/** The statement a list runs, as SQL text and parameters. */
export function mysqlListSql(db: MysqlDb, plan: ListPlan): ListSql {
  return isRunPlan(plan) ? runList(db, plan).toSQL() : taList(db, plan).toSQL();
}

export function createMysqlViews(db: MysqlDb): TransactionViews {
  return createTransactionViews({
    listTa: async (plan) => taList(db, plan),
    listRuns: async (plan) => runList(db, plan),
    taIn: async (column, values) => {
      const rows = [];
      for (const c of chunks(values))
        rows.push(...(await db.select().from(m.ta).where(inArray(m.ta[column], c))));
      return rows;
    },
    filenamesIn: async (ids) => {
      const rows = [];
      for (const c of chunks(ids))
        rows.push(
          ...(await db
            .select({ id: m.ta.id, filename: m.ta.filename })
            .from(m.ta)
            .where(inArray(m.ta.id, c))),
        );
      return rows;
    },
    fileReportsIn: async (taIds) => {
      const rows = [];
      for (const c of chunks(taIds))
        rows.push(...(await db.select().from(m.fileReports).where(inArray(m.fileReports.taId, c))));
      return rows;
    },
  });
}
