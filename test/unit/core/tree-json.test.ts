import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { EdiReader } from '../../../engine/core/edi-reader.js';
import { IssueList } from '../../../engine/core/issue.js';
import { buildFlatTree } from '../../../engine/core/message-tree.js';
import { TreeJsonWriter } from '../../../engine/core/tree-json-writer.js';
import { corpusEntries } from '../../helpers/corpus.js';
import { interchange } from '../../helpers/x12.js';

const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../docs/schemas/edi-tree.v1.schema.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true }).compile(schema);

function treeJson(bytes: Uint8Array): { json: unknown; text: string } {
  const issues = new IssueList();
  let text = '';
  const writer = new TreeJsonWriter(
    (t) => (text += t),
    (m) => ({ body: buildFlatTree(m, issues), grammar: null }),
  );
  writer.begin({ editype: 'auto', encoding: 'bytes' });
  const reader = new EdiReader(writer, { issues });
  reader.push(bytes);
  writer.finish(reader.end());
  return { json: JSON.parse(text), text };
}

describe('tree JSON', () => {
  it('streams nested JSON that the v1 schema accepts', () => {
    const { json } = treeJson(Buffer.from(interchange([['BEG*00*SA*1', 'HL*1**S', 'REF*ZZ*A:B']])));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const tree = json as { interchanges: { groups: { messages: { body: unknown[] }[] }[] }[] };
    const body = tree.interchanges[0]!.groups[0]!.messages[0]!.body;
    expect(body[2]).toMatchObject({ loop: 'HL', hl: { id: '1', parent: '', level: 'S' } });
    expect(body.at(-1)).toMatchObject({ tag: 'SE', number: 5 });
  });

  it('is valid JSON matching the schema for every corpus file', () => {
    let checked = 0;
    for (const entry of corpusEntries()) {
      if (!existsSync(entry.file)) throw new Error(`corpus file missing: ${entry.file}`);
      const { json } = treeJson(readFileSync(entry.file));
      expect(validate(json), `${entry.file}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
      checked++;
    }
    expect(checked).toBe(174);
  });
});
