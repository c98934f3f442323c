import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'corpus');

export interface CorpusEntry {
  folder: string;
  path: string;
  std: string;
  validity: string;
  license: string;
}

export function corpusEntries(): (CorpusEntry & { file: string })[] {
  const entries = JSON.parse(readFileSync(join(CORPUS_DIR, 'index.json'), 'utf8')) as CorpusEntry[];
  // index.json paths may carry the source commit after the name: "test/files/x.txt (@57f2f32051)".
  return entries.map((e) => ({
    ...e,
    file: join(CORPUS_DIR, e.folder, e.path.replace(/ \(@[0-9a-f]+\)$/, '')),
  }));
}
