/**
 * `npm run grammars` regenerates every shipped grammar from grammars/sources/.
 * `npm run grammars -- --check` regenerates in memory and fails when a committed file differs (CI runs it).
 * `npm run grammars -- edifact D96A IFTMIN` writes one more message grammar.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Grammar } from '../../engine/core/grammar.js';
import { GeneratorError, type GrammarGenerator } from './generator.js';
import { grammarPath, serializeGrammar } from './grammar-file.js';
import { edifactGenerator } from './edifact/edifact-generator.js';
import { x12Generator } from './x12/x12-generator.js';

// Compiled to .build/grammar-gen/scripts/grammar-gen/main.js: four levels below the repository.
const root = join(import.meta.dirname, '..', '..', '..', '..');
const generators: Record<string, GrammarGenerator> = {
  edifact: edifactGenerator(root),
  x12: x12Generator(root),
};

const usage = `usage: npm run grammars [-- --check | -- <x12|edifact> <version> <message>]
  (no arguments)   regenerate every shipped grammar
  --check          fail when a committed grammar differs from what the sources give
  edifact D96A IFTMIN   generate one more message grammar (D96A: any message; D01B: the supplied ones)
  x12 004010 850        generate one X12 transaction set grammar`;

function write(grammars: Grammar[]): void {
  for (const grammar of grammars) {
    const file = join(root, grammarPath(grammar));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serializeGrammar(grammar));
    console.log(`wrote ${grammarPath(grammar)}`);
  }
}

function check(grammars: Grammar[]): number {
  let differences = 0;
  for (const grammar of grammars) {
    const file = join(root, grammarPath(grammar));
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (committed !== serializeGrammar(grammar)) {
      differences++;
      console.error(
        `${grammarPath(grammar)}: ${committed === undefined ? 'missing' : 'differs from its sources'}`,
      );
    }
  }
  console.log(`${grammars.length} grammars checked, ${differences} differ`);
  return differences;
}

function main(args: string[]): number {
  const shipped = () => Object.values(generators).flatMap((g) => g.generateShipped());
  if (args.length === 0) {
    write(shipped());
    return 0;
  }
  if (args.length === 1 && args[0] === '--check') return check(shipped()) === 0 ? 0 : 1;
  const [editype, version, message] = args;
  const generator = editype === undefined ? undefined : generators[editype];
  if (!generator || version === undefined || message === undefined || args.length !== 3) {
    console.error(usage);
    return 2;
  }
  write([generator.generate(version, message)]);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof GeneratorError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
}
