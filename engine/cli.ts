#!/usr/bin/env node
/**
 * `bots <command>`: the one entry used by people, tests, the desktop shell and containers. Commands are loaded
 * on demand so that `parse` and `validate` start without loading anything they do not use.
 * Exit codes follow DESIGN.md: 2 for usage errors, 1 for an unexpected failure (one plain line; the stack
 * trace only with --debug).
 */
import { Command, CommanderError } from 'commander';
import './cli/thread-pool.js';
import { numberOption } from './cli/number-option.js';
import { UsageError } from './cli/usage-error.js';
import type { Output } from './cli/output.js';

const out: Output = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

const debug = process.argv.includes('--debug');

// A reader that stops early (`bots parse FILE | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

function run(action: () => number | Promise<number>): Promise<void> {
  return Promise.resolve()
    .then(action)
    .then((code) => {
      process.exitCode = code;
    });
}

const program = new Command()
  .name('bots')
  .description('EDI translator: parse, validate and translate X12, EDIFACT and more')
  .option('--debug', 'show stack traces of unexpected errors')
  .exitOverride()
  .configureOutput({ writeErr: out.stderr, writeOut: out.stdout });

/** The options `parse` and `validate` share for what cannot be detected. */
/** The engine's mode flags (engine, job add, schedule add); cli/mode-flags.ts reads them. */
function withModeOptions(command: Command): Command {
  return command
    .option('--new', 'receive and process new files (the default mode)')
    .option('--resend', 'send again the outgoing files marked for resend')
    .option('--rereceive', 'process again the received files marked for rereceive')
    .option('--retry', 'write again the outgoing files whose sending failed')
    .option(
      '--cleanup',
      'maintenance: remove log rows, reports and content older than the retention settings',
    );
}

function withInputOptions(command: Command): Command {
  return command
    .option(
      '--editype <type>',
      'read as this syntax instead of detecting it (x12, edifact, csv, fixed, json, xml)',
    )
    .option(
      '--messagetype <id>',
      'look the grammar up under this message type (850004010, ORDERSD96AUN, ORDERS_CSV)',
    )
    .option('--grammar <file>', 'read and check every message with this grammar file')
    .option(
      '--partner <id>',
      "apply this partner's layer (usersys/partners/<id>/) instead of the envelope's parties",
    )
    .option(
      '--charset <name>',
      'decode with this charset instead of the syntax rule (utf-8, iso-8859-1, UNOC, ...)',
    )
    .option('--home <dir>', 'workspace with usersys/grammars and usersys/partners (default: BOTS_HOME)');
}

withInputOptions(
  program
    .command('parse')
    .description('print the tree of a file: envelopes, loops and groups, and every segment with its elements')
    .argument('<file>', 'the file to read')
    .option('--json', 'print the tree as JSON (docs/schemas/edi-tree.v1.schema.json)'),
).action((file: string, options: Record<string, string | boolean | undefined>) =>
  run(async () => {
    const rerun = (await import('./cli/young-generation.js')).rerunForLargeInput([file]);
    return rerun ?? (await import('./cli/parse-command.js')).parseCommand(file, options, out);
  }),
);

withInputOptions(
  program
    .command('validate')
    .description('check files against their grammars; one line per problem, then a result line per file')
    .argument('<files...>', 'the files to check')
    .option('--json', 'print the results as JSON')
    .option(
      '--charsetcheck <mode>',
      'characters outside a UNOA/UNOB set: strict (error), warn (default) or replace',
    )
    .option('--max-issues <n>', 'issues kept per file (default 1000)'),
).action((files: string[], options: Record<string, string | boolean | undefined>) =>
  run(async () => {
    const rerun = (await import('./cli/young-generation.js')).rerunForLargeInput(files);
    return rerun ?? (await import('./cli/validate-command.js')).validateCommand(files, options, out);
  }),
);

program
  .command('init')
  .description(
    'create the workspace, its database and the sample configuration (nothing existing is changed)',
  )
  .argument('[dir]', 'the workspace folder (default: --home, BOTS_HOME, or ~/.local/share/bots-edi)')
  .option('--home <dir>', 'the workspace folder')
  .option('--no-sample', 'do not install the sample configuration')
  .action((dir: string | undefined, options: { home?: string; sample?: boolean }) =>
    run(async () => (await import('./cli/init-command.js')).initCommand(dir, options, out)),
  );

program
  .command('migrate')
  .alias('init-db')
  .description('apply the database migrations that are not applied yet')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { home?: string }) =>
    run(async () => (await import('./cli/migrate-command.js')).migrateCommand(options, out)),
  );

withModeOptions(
  program
    .command('engine')
    .description(
      'run the routes once: receive, translate, envelope and send (all routes of the default run, or those named)',
    )
    .argument('[routes...]', 'route ids to run (default: every route not marked not-in-default-run)'),
)
  .option('--json', 'print the run report as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 system or usage error, 2 finished with file errors, 3 a route is held by another run.',
  )
  .action((routes: string[], options: Record<string, string | boolean | undefined>) =>
    run(async () => (await import('./cli/engine-command.js')).engineCommand(routes, options, out)),
  );

const config = program
  .command('config')
  .description(
    'export and import the configuration (routes, channels, partners, ...), alone or as a plugin zip with usersys/',
  );
config
  .command('export')
  .description('write the configuration as JSON (or YAML for .yaml/.yml files, or with --yaml)')
  .argument('[file]', 'the file to write; standard output when left out')
  .option('--yaml', 'YAML on standard output')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((file: string | undefined, options: { home?: string; yaml?: boolean }) =>
    run(async () => (await import('./cli/config-command.js')).configExport(file, options, out)),
  );
config
  .command('import')
  .description('replace the configuration with a checked JSON or YAML document (all or nothing)')
  .argument('<file>', 'the configuration document (docs/schemas/config.v1.schema.json)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((file: string, options: { home?: string }) =>
    run(async () => (await import('./cli/config-command.js')).configImport(file, options, out)),
  );

config
  .command('pack')
  .description('write the configuration and every usersys/ file into one plugin zip')
  .argument('<file>', 'the plugin zip to write (FILE.zip)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((file: string, options: { home?: string }) =>
    run(async () => (await import('./cli/plugin-command.js')).configPack(file, options, out)),
  );
config
  .command('unpack')
  .description(
    'check a plugin zip, then install its usersys/ files and replace the configuration (all or nothing)',
  )
  .argument('<file>', 'the plugin zip to read (FILE.zip)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((file: string, options: { home?: string }) =>
    run(async () => (await import('./cli/plugin-command.js')).configUnpack(file, options, out)),
  );

const grammar = program.command('grammar').description('list, show and check grammars');
grammar
  .command('list')
  .description('list shipped and user grammars')
  .option('--json', 'print as JSON')
  .option('--editype <type>', 'only grammars of this syntax')
  .option('--home <dir>', 'workspace with usersys/grammars (default: BOTS_HOME)')
  .action((options: { json?: boolean; editype?: string; home?: string }) =>
    run(async () => (await import('./cli/grammar-command.js')).grammarList(options, out)),
  );
grammar
  .command('show')
  .description("print a grammar's segment table (or the file with --json)")
  .argument('<id>', 'grammar id, such as 850004010 or ORDERSD96AUN')
  .option('--json', 'print the grammar file')
  .option('--editype <type>', 'when the id exists for several syntaxes')
  .option('--home <dir>', 'workspace with usersys/grammars (default: BOTS_HOME)')
  .action((id: string, options: { json?: boolean; editype?: string; home?: string }) =>
    run(async () => (await import('./cli/grammar-command.js')).grammarShow(id, options, out)),
  );
grammar
  .command('check')
  .description('check a grammar file or partner layer file and explain every problem')
  .argument('<file>', 'the grammar (bots-grammar/1) or partner layer (bots-partner-layer/1) file')
  .option('--editype <type>', 'syntax of the message type a partner layer narrows')
  .option('--home <dir>', 'workspace with usersys/grammars (default: BOTS_HOME)')
  .action((file: string, options: { editype?: string; home?: string }) =>
    run(async () => (await import('./cli/grammar-command.js')).grammarCheck(file, options, out)),
  );

program
  .command('serve')
  .description(
    'migrate, then run the long-running roles (web, worker, scheduler, dirmonitor) as supervised processes until stopped',
  )
  .option('--roles <list>', 'only these roles, comma-separated (web, worker, scheduler, dirmonitor)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { roles?: string; home?: string }) =>
    run(async () => (await import('./cli/serve-command.js')).serveCommand(options, out)),
  );

program
  .command('web')
  .alias('webserver')
  .description('the web role: the HTTP API, the setup page and the health endpoints, until stopped (SIGTERM)')
  .option(
    '--host <address>',
    'listen on this address (default: BOTS_WEB_HOST or 127.0.0.1; 0.0.0.0 for every interface)',
  )
  .option('--port <port>', 'listen on this port (default: BOTS_WEB_PORT or 8080)')
  .option('--no-setup-link', 'do not print a setup link when no admin exists')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { host?: string; port?: string; setupLink: boolean; home?: string }) =>
    run(async () => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
        throw new UsageError(`--port must be a port number from 1 to 65535; got "${options.port}"`);
      const { webRole } = await import('./roles/web-role.js');
      return webRole(
        {
          ...(options.home ? { home: options.home } : {}),
          ...(options.host ? { host: options.host } : {}),
          ...(port === undefined ? {} : { port }),
          ...(options.setupLink ? {} : { noSetupLink: true }),
        },
        out,
      );
    }),
  );

program
  .command('healthcheck')
  .description(
    "ask a role's health endpoint (127.0.0.1:BOTS_HEALTH_PORT) whether it is live, ready or started",
  )
  .option('--check <check>', 'live (default), ready or startup')
  .option(
    '--role <role>',
    'the role to ask: web (on BOTS_WEB_PORT), or under bots serve worker, scheduler, dirmonitor (the base port plus an offset)',
  )
  .option('--port <port>', 'the health port (default: BOTS_HEALTH_PORT)')
  .option('--json', 'print the report as JSON')
  .option('--quiet', 'print nothing; the exit code tells')
  .addHelpText('after', '\nExit codes: 0 healthy, 1 unhealthy or no answer, 2 configuration error.')
  .action((options: { check?: string; role?: string; port?: string; json?: boolean; quiet?: boolean }) =>
    run(async () => (await import('./cli/healthcheck-command.js')).healthcheckCommand(options, out)),
  );

program
  .command('dirmonitor')
  .description(
    'the directory monitor role: queue a run when files arrive in monitored folders, until stopped',
  )
  .option('--debounce <seconds>', 'quiet time that ends a burst of activity (default 2)')
  .option('--poll <seconds>', 'poll the folders instead of using file-system events (network file systems)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { debounce?: string; poll?: string; home?: string }) =>
    run(async () => {
      const debounce = numberOption('--debounce', options.debounce, Number.MIN_VALUE);
      const poll = numberOption('--poll', options.poll, Number.MIN_VALUE);
      return (await import('./roles/dirmonitor-role.js')).dirMonitorRole(
        {
          ...(options.home ? { home: options.home } : {}),
          ...(debounce === undefined ? {} : { debounceSeconds: debounce }),
          ...(poll === undefined ? {} : { pollSeconds: poll }),
        },
        out,
      );
    }),
  );

program
  .command('worker')
  .alias('jobqueue')
  .description('the worker role: claim queued jobs and run them in this process until stopped (SIGTERM)')
  .option('--once', 'run what is due, then exit')
  .option('--poll <seconds>', 'wait between claims when nothing is due (default 2)')
  .option(
    '--drain <seconds>',
    'on SIGTERM, let the current job finish this long before giving it back (default 30)',
  )
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { once?: boolean; poll?: string; drain?: string; home?: string }) =>
    run(async () => {
      const poll = numberOption('--poll', options.poll, 0.01);
      const drain = numberOption('--drain', options.drain, 0);
      return (await import('./roles/worker-role.js')).workerRole(
        {
          ...(options.home ? { home: options.home } : {}),
          ...(poll === undefined ? {} : { pollSeconds: poll }),
          ...(drain === undefined ? {} : { drainSeconds: drain }),
          ...(options.once ? { once: true } : {}),
        },
        out,
      );
    }),
  );

program
  .command('scheduler')
  .description('the scheduler role: fire the cron schedules into the job queue until stopped (SIGTERM)')
  .option(
    '--catch-up <hours>',
    'make up a firing missed while stopped, if due within this many hours (default 24; 0: never)',
  )
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { catchUp?: string; home?: string }) =>
    run(async () => {
      const hours = numberOption('--catch-up', options.catchUp, 0, 'hours');
      return (await import('./roles/scheduler-role.js')).schedulerRole(
        {
          ...(options.home ? { home: options.home } : {}),
          ...(hours === undefined ? {} : { catchUpHours: hours }),
        },
        out,
      );
    }),
  );

const schedule = program
  .command('schedule')
  .description('cron schedules that queue engine runs and maintenance (fired by `bots scheduler`)');
withModeOptions(
  schedule
    .command('add')
    .description('add or replace a schedule')
    .argument('<id>', 'a name for the schedule')
    .argument(
      '<cron>',
      'when, in cron syntax: "minute hour day month weekday" (an optional seconds field first)',
    )
    .argument('[routes...]', 'route ids to run (default: every route of the default run)'),
)
  .option(
    '--timezone <zone>',
    "the time zone of the cron times, such as Europe/Amsterdam (default: the system's)",
  )
  .option('--priority <n>', 'priority of its jobs: 0 (most urgent) to 1000 (default 100)')
  .option('--inactive', 'keep the schedule but do not fire it')
  .option('--description <text>', 'what the schedule is for')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .addHelpText('after', '\nExample: bots schedule add every-5-minutes "*/5 * * * *" x12-orders')
  .action(
    (id: string, cronText: string, routes: string[], options: Record<string, string | boolean | undefined>) =>
      run(async () =>
        (await import('./cli/schedule-command.js')).scheduleAdd(id, cronText, routes, options, out),
      ),
  );
schedule
  .command('list')
  .description('list the schedules')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/schedule-command.js')).scheduleList(options, out)),
  );
schedule
  .command('remove')
  .description('remove a schedule (its firing history stays)')
  .argument('<id>', 'the schedule')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((id: string, options: { home?: string }) =>
    run(async () => (await import('./cli/schedule-command.js')).scheduleRemove(id, options, out)),
  );

const monitor = program
  .command('monitor')
  .description(
    'extra folders the directory monitor (`bots dirmonitor`) watches, each queuing runs of a route',
  );
monitor
  .command('add')
  .description('add or replace a monitored folder')
  .argument('<id>', 'a name for the folder')
  .argument('<path>', 'the folder, relative to the data folder (botssys/data)')
  .argument('<route>', 'the route a burst of activity there queues a run of')
  .option('--mask <mask>', 'file names to react to, such as *.edi (default *)')
  .option('--recursive', 'watch sub-folders too')
  .option('--inactive', 'keep the folder but do not watch it')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((id: string, path: string, route: string, options: Record<string, string | boolean | undefined>) =>
    run(async () => (await import('./cli/monitor-command.js')).monitorAdd(id, path, route, options, out)),
  );
monitor
  .command('list')
  .description('list the monitored folders')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/monitor-command.js')).monitorList(options, out)),
  );
monitor
  .command('remove')
  .description('stop watching a monitored folder')
  .argument('<id>', 'the folder')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((id: string, options: { home?: string }) =>
    run(async () => (await import('./cli/monitor-command.js')).monitorRemove(id, options, out)),
  );

program
  .command('db')
  .description('the workspace database')
  .command('backup')
  .description('copy the SQLite database to FILE while the product keeps running')
  .argument('<file>', 'the new backup file')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((file: string, options: { home?: string }) =>
    run(async () => (await import('./cli/db-command.js')).dbBackup(file, options, out)),
  );

const user = program
  .command('user')
  .description('user accounts of the admin and the API (the first admin, recovery)');
user
  .command('add')
  .description('add a user; the password is read from standard input or asked for in a terminal')
  .argument('<name>', 'the user name (letters, digits, ".", "_", "-", "@")')
  .option('--role <role>', 'admin, operator or viewer (default viewer)')
  .option('--display-name <text>', 'the name shown in the admin')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .addHelpText('after', '\nExample: echo "$ADMIN_PASSWORD" | bots user add alice --role admin')
  .action((name: string, options: { role?: string; displayName?: string; home?: string }) =>
    run(async () => (await import('./cli/user-command.js')).userAdd(name, options, out)),
  );
user
  .command('passwd')
  .description("set a user's password (and re-enable the account); ends the user's sessions")
  .argument('<name>', 'the user name')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((name: string, options: { home?: string }) =>
    run(async () => (await import('./cli/user-command.js')).userPasswd(name, options, out)),
  );
user
  .command('list')
  .description('list users')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/user-command.js')).userList(options, out)),
  );
user
  .command('remove')
  .description('remove a user (not the last active admin)')
  .argument('<name>', 'the user name')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((name: string, options: { home?: string }) =>
    run(async () => (await import('./cli/user-command.js')).userRemove(name, options, out)),
  );

const secret = program
  .command('secret')
  .description('named secrets for channels (passwords, keys), stored encrypted');
secret
  .command('set')
  .description('store a secret; the value is read from standard input or asked for in a terminal')
  .argument('<name>', 'the name channels refer to it by')
  .option('--description <text>', 'what it is for')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((name: string, options: { description?: string; home?: string }) =>
    run(async () => (await import('./cli/secret-command.js')).secretSet(name, options, out)),
  );
secret
  .command('list')
  .description('list secrets (names and dates, never values)')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/secret-command.js')).secretList(options, out)),
  );
secret
  .command('remove')
  .description('remove a secret')
  .argument('<name>', 'the secret')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((name: string, options: { home?: string }) =>
    run(async () => (await import('./cli/secret-command.js')).secretRemove(name, options, out)),
  );

const token = program
  .command('token')
  .description('API tokens for integrations ("Authorization: Bearer <token>")');
token
  .command('create')
  .description('create a token and print it, this once')
  .argument('<name>', 'a name that says who uses it')
  .option('--scopes <list>', 'comma-separated: read, operate, admin, outbound, metrics (default read)')
  .option('--expires-days <n>', 'the token stops working after this many days (default: never)')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((name: string, options: { scopes?: string; expiresDays?: string; json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/token-command.js')).tokenCreate(name, options, out)),
  );
token
  .command('list')
  .description('list tokens, revoked ones included')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/token-command.js')).tokenList(options, out)),
  );
token
  .command('revoke')
  .description('revoke a token by its id (or its name, when only one active token has it)')
  .argument('<token>', 'the id or the name')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((idOrName: string, options: { home?: string }) =>
    run(async () => (await import('./cli/token-command.js')).tokenRevoke(idOrName, options, out)),
  );

const job = program
  .command('job')
  .description('the job queue: engine runs and maintenance waiting for a worker (`bots worker`)');
withModeOptions(
  job
    .command('add')
    .description('queue an engine run (all routes of the default run, or those named) for a worker')
    .argument('[routes...]', 'route ids to run (default: every route not marked not-in-default-run)'),
)
  .option('--priority <n>', 'smaller runs first: 0 (most urgent) to 1000 (default 100)')
  .option('--max-attempts <n>', 'failed executions before the job fails (default 3)')
  .option('--max-runtime <seconds>', 'the worker stops the run after this long (default 3600)')
  .option('--after <time>', 'not before this time (ISO 8601, such as 2026-12-01T18:00:00Z)')
  .option('--json', 'print the job as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .addHelpText('after', '\nA job for the same mode and routes that is still pending is not added twice.')
  .action((routes: string[], options: Record<string, string | boolean | undefined>) =>
    run(async () => (await import('./cli/job-command.js')).jobAdd(routes, options, out)),
  );
job
  .command('list')
  .description('list jobs, newest first')
  .option(
    '--status <list>',
    'only these statuses, comma-separated (pending, running, done, failed, cancelled)',
  )
  .option('--limit <n>', 'at most this many (default 100, at most 1000)')
  .option('--json', 'print as JSON')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { status?: string; limit?: string; json?: boolean; home?: string }) =>
    run(async () => (await import('./cli/job-command.js')).jobList(options, out)),
  );
job
  .command('clear')
  .description('remove queued jobs (default: the pending ones); their execution history stays')
  .option('--status <list>', 'the statuses to remove, comma-separated (default pending; not running)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { status?: string; home?: string }) =>
    run(async () => (await import('./cli/job-command.js')).jobClear(options, out)),
  );
job
  .command('pause')
  .description('stop workers from claiming jobs (running jobs finish; adding still works)')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { home?: string }) =>
    run(async () => (await import('./cli/job-command.js')).jobPause(true, options, out)),
  );
job
  .command('resume')
  .description('let workers claim jobs again')
  .option('--home <dir>', 'the workspace folder (default: BOTS_HOME)')
  .action((options: { home?: string }) =>
    run(async () => (await import('./cli/job-command.js')).jobPause(false, options, out)),
  );

const mapping = program.command('mapping').description('check mapping scripts (usersys/mappings)');
mapping
  .command('check')
  .description('compile the mapping scripts and type-check them; one line per problem, then a summary')
  .argument('[names...]', 'scripts such as x12/850-to-xml (default: every script under usersys/mappings)')
  .option('--home <dir>', 'workspace with usersys/mappings (default: BOTS_HOME)')
  .action((names: string[], options: { home?: string }) =>
    run(async () => (await import('./cli/mapping-command.js')).mappingCheck(names, options, out)),
  );

/** `bots engine` reports usage errors with 1 (DESIGN.md exit codes: its 2 means "finished with file errors"). */
const usageExit = process.argv.slice(2).find((a) => !a.startsWith('-')) === 'engine' ? 1 : 2;

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = failure(error);
}

function failure(error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
    )
      return 0;
    return usageExit;
  }
  if (error instanceof UsageError) {
    out.stderr(`bots: ${error.message}\n`);
    return usageExit;
  }
  if (debug) out.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  else
    out.stderr(
      `bots: ${error instanceof Error ? error.message : String(error)} (run again with --debug for details)\n`,
    );
  return 1;
}
