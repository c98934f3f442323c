// `bots config pack|unpack` as child processes on real temporary SQLite workspaces, and readPluginZip with
// lowered limits. Hostile zips are built here with yazl (which refuses unsafe names itself, so they are
// written under a placeholder name of the same length and the bytes patched afterwards); each must be refused
// naming the entry and the rule, with nothing written anywhere and the configuration unchanged.
// Time budget: about 10 seconds.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { normalizeConfig } from '../../../engine/core/config-check.js';
import type { ConfigDocument } from '../../../engine/core/config-model.js';
import { PluginError, readPluginZip } from '../../../engine/runtime/plugin-zip.js';
import { sampleConfig } from '../../../engine/runtime/sample-config.js';
import { bots } from '../../helpers/cli.js';

const MIB = 1024 * 1024;
const MAPPING = 'usersys/mappings/x12/850-to-xml.ts';
const MAPPING_TEXT = 'export default function map(): void {}\n';

interface ZipEntry {
  /** The name written into the zip; may be one yazl refuses. */
  name: string;
  data: Buffer | string;
  mode?: number;
  compress?: boolean;
}

/** A zip with these entries, as bytes: unsafe names go in under a same-length placeholder that is then patched. */
async function buildZip(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const patches: [Buffer, Buffer][] = [];
  entries.forEach((entry, i) => {
    const wanted = Buffer.from(entry.name);
    const placeholder = Buffer.from(`p${i}`.padEnd(wanted.length, 'q'));
    const safe = !/(^\/|^[A-Za-z]:|\\|(^|\/)\.\.(\/|$))/.test(entry.name);
    if (!safe) patches.push([placeholder, wanted]);
    zip.addBuffer(Buffer.from(entry.data), safe ? entry.name : placeholder.toString(), {
      mode: entry.mode ?? 0o100644,
      compress: entry.compress ?? true,
    });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  for (const [from, to] of patches) {
    let at = bytes.indexOf(from);
    expect(at, `placeholder for ${to.toString()}`).toBeGreaterThanOrEqual(0);
    while (at >= 0) {
      to.copy(bytes, at);
      at = bytes.indexOf(from, at + to.length);
    }
  }
  return bytes;
}

function manifest(config: ConfigDocument = normalizeConfig(sampleConfig())): string {
  return JSON.stringify({ format: 'bots-plugin/1', createdAt: new Date().toISOString(), config });
}

/** Every path under root with its size (folders as -1), to show that nothing appeared or changed. */
function listing(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const dirent of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, dirent.name);
      if (dirent.isDirectory()) {
        found.push(`${relative(root, path)}/`);
        walk(path);
      } else found.push(`${relative(root, path)} ${statSync(path).size}`);
    }
  };
  walk(root);
  return found.sort();
}

describe('plugin zips through the CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'bots-plugin-'));
  const source = join(root, 'source');
  // Nested two levels down, so that "../../evil.txt" from usersys/ still lands inside root where we can see it.
  const target = join(root, 'outer', 'inner', 'target');
  const zips = join(root, 'zips');
  const run = (home: string, args: string[], env: Record<string, string> = {}) =>
    bots(args, { env: { ...env, BOTS_HOME: home } });

  beforeAll(() => {
    mkdirSync(zips, { recursive: true });
    expect(run(source, ['init']).code).toBe(0);
    mkdirSync(join(source, 'usersys/mappings/x12'), { recursive: true });
    writeFileSync(join(source, MAPPING), MAPPING_TEXT);
    expect(run(target, ['init', '--no-sample']).code).toBe(0);
  });

  it('packs a workspace and unpacks it into a fresh one: same configuration, same usersys files', () => {
    const zip = join(zips, 'setup.zip');
    const packed = run(source, ['config', 'pack', zip]);
    expect(packed.code, packed.stderr).toBe(0);
    expect(packed.stdout).toContain(MAPPING);

    const unpacked = run(target, ['config', 'unpack', zip]);
    expect(unpacked.code, unpacked.stderr).toBe(0);
    expect(unpacked.stdout).toContain('configuration replaced');
    expect(unpacked.stdout).toContain(MAPPING);
    expect(readFileSync(join(target, MAPPING), 'utf8')).toBe(MAPPING_TEXT);
    const fromSource = run(source, ['config', 'export']);
    const fromTarget = run(target, ['config', 'export']);
    expect(fromTarget.code).toBe(0);
    expect(fromTarget.stdout).toBe(fromSource.stdout);
  });

  it('says how to call it', () => {
    const wrongName = run(target, ['config', 'pack', join(zips, 'setup.txt')]);
    expect(wrongName.code).toBe(2);
    expect(wrongName.stderr).toContain('ends in .zip');
    const missing = run(target, ['config', 'unpack', join(zips, 'missing.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  const good = (): ZipEntry[] => [
    { name: 'plugin.json', data: manifest() },
    { name: 'usersys/mappings/fine.ts', data: 'export {};\n' },
  ];
  const hostile: {
    title: string;
    entries: () => ZipEntry[];
    expected: string[];
    env?: Record<string, string>;
  }[] = [
    {
      title: 'an entry climbing out with ..',
      entries: () => [...good(), { name: '../../evil.txt', data: 'evil' }],
      expected: ['"../../evil.txt"', '".." segments'],
    },
    {
      title: 'an absolute entry',
      entries: () => [...good(), { name: '/etc/evil', data: 'evil' }],
      expected: ['"/etc/evil"', 'absolute path'],
    },
    {
      title: 'an entry under usersys/ climbing out',
      entries: () => [...good(), { name: 'usersys/../../x', data: 'evil' }],
      expected: ['"usersys/../../x"', '".." segments'],
    },
    {
      title: 'an entry with backslashes',
      entries: () => [...good(), { name: 'usersys\\..\\..\\x', data: 'evil' }],
      expected: ['usersys\\..\\..\\x', 'backslash'],
    },
    {
      title: 'an entry outside usersys/',
      entries: () => [...good(), { name: 'botssys/db/bots.sqlite', data: 'evil' }],
      expected: ['"botssys/db/bots.sqlite"', 'only plugin.json and files under usersys/'],
    },
    {
      title: 'a symlink entry',
      entries: () => [...good(), { name: 'usersys/link', data: '/etc/passwd', mode: 0o120777 }],
      expected: ['"usersys/link"', 'symbolic link'],
    },
    {
      title: 'a ratio bomb (2 MiB of zeros)',
      entries: () => [...good(), { name: 'usersys/bomb.bin', data: Buffer.alloc(2 * MIB) }],
      expected: ['"usersys/bomb.bin"', 'zip bomb'],
    },
    {
      title: 'an entry above the size limit (lowered to 1 MiB)',
      entries: () => [...good(), { name: 'usersys/big.bin', data: Buffer.alloc(2 * MIB), compress: false }],
      env: { BOTS_PLUGIN_MAX_ENTRY_BYTES: String(MIB) },
      expected: ['"usersys/big.bin"', 'larger than 1 MiB'],
    },
    {
      title: 'a plugin.json that is not a valid configuration',
      entries: () => {
        const broken = normalizeConfig(sampleConfig());
        broken.routes[0]!.fromChannel = 'no-such-channel';
        return [
          { name: 'usersys/mappings/fine.ts', data: 'x' },
          { name: 'plugin.json', data: manifest(broken) },
        ];
      },
      expected: ['plugin.json', 'not a valid configuration', 'fromChannel'],
    },
    {
      title: 'a zip without plugin.json',
      entries: () => [{ name: 'usersys/mappings/fine.ts', data: 'x' }],
      expected: ['has no plugin.json'],
    },
  ];

  for (const { title, entries, expected, env } of hostile)
    it(`refuses ${title}, writing nothing and keeping the configuration`, async () => {
      const zip = join(zips, `${title.replace(/[^a-z0-9]+/gi, '-')}.zip`);
      writeFileSync(zip, await buildZip(entries()));
      const configBefore = run(target, ['config', 'export']).stdout;
      const filesBefore = listing(root);

      const refused = run(target, ['config', 'unpack', zip], env);
      expect(refused.code, refused.stdout).toBe(2);
      for (const text of expected) expect(refused.stderr).toContain(text);
      expect(refused.stderr).toContain('nothing was changed');

      expect(listing(root)).toEqual(filesBefore);
      expect(existsSync('/etc/evil')).toBe(false);
      expect(run(target, ['config', 'export']).stdout).toBe(configBefore);
    });

  it('readPluginZip applies the limits it is given: entries, total size and ratio', async () => {
    const zip = join(zips, 'limits.zip');
    writeFileSync(
      zip,
      await buildZip([
        ...good(),
        { name: 'usersys/a.bin', data: Buffer.alloc(600 * 1024, 1), compress: false },
        { name: 'usersys/b.bin', data: Buffer.alloc(600 * 1024, 2), compress: false },
        { name: 'usersys/zeros.bin', data: Buffer.alloc(64 * 1024) },
      ]),
    );
    const contents = await readPluginZip(zip);
    expect(contents.files.map((f) => f.path)).toEqual([
      'usersys/mappings/fine.ts',
      'usersys/a.bin',
      'usersys/b.bin',
      'usersys/zeros.bin',
    ]);
    const refusal = async (limits: Parameters<typeof readPluginZip>[1]): Promise<PluginError> => {
      const error: unknown = await readPluginZip(zip, limits).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PluginError);
      return error as PluginError;
    };
    expect((await refusal({ maxEntries: 3 })).rule).toBe('too-many-entries');
    const total = await refusal({ maxTotalBytes: MIB });
    expect([total.rule, total.entry]).toEqual(['total-too-large', 'usersys/b.bin']);
    const ratio = await refusal({ maxRatio: 20, ratioMinBytes: 32 * 1024 });
    expect([ratio.rule, ratio.entry]).toEqual(['ratio', 'usersys/zeros.bin']);
  });
});
