// The job-queue contract on MySQL/MariaDB (test/helpers/mysql.ts: each test creates its own database and drops
// it; the queues of one test are separate pools). Under CI=true an unreachable server FAILS this file.
// Time budget: about 6 seconds (most of it the DDL of the migrations, once per test).
import { openStore } from '../../../engine/store/store.js';
import { createMysqlDatabase, mysqlSuite } from '../../helpers/mysql.js';
import { defineJobQueueContract } from './job-queue.contract.js';

await mysqlSuite('job queue contract: mysql', () =>
  defineJobQueueContract('mysql', {
    async create() {
      const { url, dispose } = await createMysqlDatabase();
      return { open: () => openStore({ kind: 'mysql', url, connectionLimit: 4 }), dispose };
    },
  }),
);
