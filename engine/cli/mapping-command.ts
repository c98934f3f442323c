/**
 * `bots mapping check [NAME...] [--home DIR]`: compiles the workspace's mapping scripts (all of
 * usersys/mappings, or the named ones) and type-checks them when the typescript package is installed.
 * Output: one line per problem, `mappings/...:LINE:COL: message`, then a summary line. Exit 0 when there is no
 * problem, 1 otherwise.
 */
import { checkMappings } from '../runtime/mapping-check.js';
import { formatProblem, MappingLoader } from '../runtime/mapping-loader.js';
import { workspaceHome } from '../runtime/workspace.js';
import type { Output } from './output.js';

export interface MappingCheckCommandOptions {
  home?: string;
}

export async function mappingCheck(
  names: string[],
  options: MappingCheckCommandOptions,
  out: Output,
): Promise<number> {
  const loader = MappingLoader.forWorkspace(workspaceHome(options.home));
  const result = await checkMappings(loader, names);
  for (const problem of result.problems) out.stdout(`${formatProblem(problem)}\n`);
  if (result.scripts.length === 0) out.stdout(`no mapping scripts in ${loader.mappings}\n`);
  if (!result.typeChecked) out.stdout('type checking needs the typescript package; syntax was checked\n');
  out.stdout(
    `${result.scripts.length} script(s) checked${result.typeChecked ? ' (syntax and types)' : ' (syntax only)'}, ${result.problems.length} problem(s)\n`,
  );
  return result.problems.length > 0 ? 1 : 0;
}
