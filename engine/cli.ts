#!/usr/bin/env node
/**
 * `bots <command>`: the one entry used by people, tests, the desktop shell and containers. Commands are loaded
 * on demand so that `parse` and `validate` start without loading anything they do not use.
 * Exit codes follow DESIGN.md: 2 for usage errors, 1 for an unexpected failure (one plain line; the stack
 * trace only with --debug).
 */
import { Command, CommanderError } from 'commander';
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

program
  .command('parse')
  .description('print the tree of an EDI file: envelopes, loops and every segment with its elements')
  .argument('<file>', 'the EDI file to read')
  .option('--json', 'print the tree as JSON (docs/schemas/edi-tree.v1.schema.json)')
  .option('--editype <type>', 'read as this syntax instead of detecting it (x12, edifact)')
  .option(
    '--charset <name>',
    'decode with this charset instead of the syntax rule (utf-8, iso-8859-1, UNOC, ...)',
  )
  .action((file: string, options: { json?: boolean; editype?: string; charset?: string }) =>
    run(async () => (await import('./cli/parse-command.js')).parseCommand(file, options, out)),
  );

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
    return 2;
  }
  if (error instanceof UsageError) {
    out.stderr(`bots: ${error.message}\n`);
    return 2;
  }
  if (debug) out.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  else
    out.stderr(
      `bots: ${error instanceof Error ? error.message : String(error)} (run again with --debug for details)\n`,
    );
  return 1;
}
