#!/usr/bin/env node
// The whole test suite (`npm test`): build, type check, lint, format check, then every Vitest suite.
// Prints each suite's duration and ends with one plain line `N passed, N failed` summed over every runner.
// Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, '.ci', 'results');
mkdirSync(resultsDir, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

function step(name, command, args) {
  const start = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  const seconds = (Date.now() - start) / 1000;
  const ok = result.status === 0;
  lines.push(`suite ${name}: ${seconds.toFixed(1)}s ${ok ? 'passed' : 'failed'}`);
  if (ok) passed++;
  else failed++;
  return ok;
}

const npx = (bin) => join(root, 'node_modules', '.bin', bin);
const built = step('build', 'npm', ['run', '--silent', 'build']);
step('typecheck', npx('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint', npx('eslint'), ['.', '--max-warnings', '0']);
step('format', npx('prettier'), ['--check', '.', '--log-level', 'warn']);

const report = join(resultsDir, 'vitest.json');
rmSync(report, { force: true });
if (built) {
  const start = Date.now();
  spawnSync(npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = (Date.now() - start) / 1000;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    for (const suite of json.testResults) {
      const ok = suite.status === 'passed';
      const duration = ((suite.endTime - suite.startTime) / 1000).toFixed(1);
      lines.push(`suite ${relative(root, suite.name)}: ${duration}s ${ok ? 'passed' : 'failed'}`);
    }
    passed += json.numPassedTests;
    failed += json.numFailedTests + (json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? 1 : 0);
    lines.push(`vitest total: ${seconds.toFixed(1)}s`);
  } else {
    lines.push('suite vitest: no report written (the runner crashed)');
    failed++;
  }
} else {
  lines.push('suite vitest: not run, the build failed');
  failed++;
}

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
