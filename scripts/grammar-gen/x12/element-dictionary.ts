/**
 * The X12 data element dictionary of pyx12 (grammars/sources/pyx12/map/dataele.xml): element number -> type,
 * length limits and name. The dictionary follows release 005010.
 */
import { readFileSync } from 'node:fs';
import { GeneratorError } from '../generator.js';
import { childrenNamed, parseXml } from '../xml-reader.js';

export interface DictionaryElement {
  id: string;
  name: string;
  /** pyx12 data_type: AN, ID, R, DT, TM, B or N0..N9. */
  type: string;
  min: number;
  max: number;
}

export function readElementDictionary(file: string): Map<string, DictionaryElement> {
  const root = parseXml(readFileSync(file, 'utf8'), file);
  const dictionary = new Map<string, DictionaryElement>();
  for (const entry of childrenNamed(root, 'data_ele')) {
    const { ele_num: id, data_type: type, min_len: min, max_len: max, name } = entry.attributes;
    if (!id || !type || !/^(AN|ID|R|DT|TM|B|N\d)$/.test(type) || !min || !max || name === undefined) {
      throw new GeneratorError(
        `${file}: the data element ${JSON.stringify(entry.attributes)} is incomplete.`,
      );
    }
    const element = { id, name, type, min: Number(min), max: Number(max) };
    // The file repeats a few elements identically (347, 367, 790); a repeat that differs is an error.
    const known = dictionary.get(id);
    if (known && JSON.stringify(known) !== JSON.stringify(element)) {
      throw new GeneratorError(`${file}: data element ${id} is defined twice, differently.`);
    }
    dictionary.set(id, element);
  }
  return dictionary;
}
