// The identity and audit contract on MySQL/MariaDB (test/helpers/mysql.ts: BOTS_TEST_MYSQL_URL; each test creates
// its own database and drops it afterwards; replicas are separate pools). Under CI=true an unreachable server
// FAILS this file; elsewhere the suite is skipped with a message.
// Time budget: about 5 seconds (most of it the DDL of the migrations, once per test).
import { openStore } from '../../../engine/store/store.js';
import { createMysqlDatabase, mysqlSuite } from '../../helpers/mysql.js';
import { defineIdentityContract } from './identity.contract.js';

await mysqlSuite('identity contract: mysql', () =>
  defineIdentityContract('mysql', {
    async create() {
      const { url, dispose } = await createMysqlDatabase();
      return { open: () => openStore({ kind: 'mysql', url, connectionLimit: 4 }), dispose };
    },
  }),
);
