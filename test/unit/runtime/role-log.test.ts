// The roles' log files: lines appended with time and stream, rotation at the size limit keeping the configured
// number of old files, and the tail read from the end of a long file. Time budget: under a second.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RoleLogs, tailRoleLog } from '../../../engine/runtime/role-log.js';

describe('role logs', () => {
  it('append lines with time and stream, and tail the last ones', () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'bots-logs-')), 'logs');
    const logs = new RoleLogs(folder);
    const at = new Date('2026-12-01T10:00:00.000Z');
    logs.write('worker', 'stdout', 'job 1 claimed', at);
    logs.write('worker', 'stderr', 'cannot reach the queue', at);
    expect(readFileSync(join(folder, 'worker.log'), 'utf8')).toBe(
      '2026-12-01T10:00:00.000Z OUT job 1 claimed\n2026-12-01T10:00:00.000Z ERR cannot reach the queue\n',
    );
    expect(tailRoleLog(folder, 'worker', 1)).toEqual(['2026-12-01T10:00:00.000Z ERR cannot reach the queue']);
    expect(tailRoleLog(folder, 'web', 10)).toEqual([]);
    expect(() => tailRoleLog(folder, '../etc', 10)).toThrow('not a role name');
  });

  it('rotate at the size limit, keeping two old files', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bots-logs-'));
    const logs = new RoleLogs(folder, 1000, 2);
    for (let i = 0; i < 100; i++) logs.write('web', 'stdout', `line ${i} ${'x'.repeat(40)}`);
    expect(existsSync(join(folder, 'web.log.1'))).toBe(true);
    expect(existsSync(join(folder, 'web.log.2'))).toBe(true);
    expect(existsSync(join(folder, 'web.log.3'))).toBe(false);
    expect(readFileSync(join(folder, 'web.log'), 'utf8').length).toBeLessThanOrEqual(1000);
    expect(tailRoleLog(folder, 'web', 1)[0]).toContain('line 99 ');
  });

  it('read only the end of a long file, without a cut first line', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bots-logs-'));
    const logs = new RoleLogs(folder);
    for (let i = 0; i < 5000; i++) logs.write('scheduler', 'stdout', `firing ${i}`);
    const tail = tailRoleLog(folder, 'scheduler', 5000, 2000);
    expect(tail.length).toBeGreaterThan(10);
    expect(tail.every((line) => /^\S+ OUT firing \d+$/.test(line))).toBe(true);
    expect(tail.at(-1)).toMatch(/firing 4999$/);
  });
});
