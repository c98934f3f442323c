// The transaction views contract on MySQL/MariaDB (test/helpers/mysql.ts: BOTS_TEST_MYSQL_URL; each database the
// contract asks for is created and dropped). Under CI=true an unreachable server FAILS this file; elsewhere the
// suite is skipped with a message.
// Time budget: about 5 seconds (the DDL of the migrations, twice, and the 10,001-row trace bound).
import { openStore } from '../../../engine/store/store.js';
import { createMysqlDatabase, mysqlSuite } from '../../helpers/mysql.js';
import { defineViewsContract } from './views.contract.js';

await mysqlSuite('transaction views: mysql', () =>
  defineViewsContract('mysql', {
    async create() {
      const { url, dispose } = await createMysqlDatabase();
      return { open: () => openStore({ kind: 'mysql', url, connectionLimit: 4 }), dispose };
    },
  }),
);
