/**
 * A small, strict XML reader for the source files under grammars/sources/ that both generators read (pyx12 maps,
 * StAEDI schemas, php-edifact-mapping service segments and messages).
 * It handles elements, attributes, text, comments, the XML declaration and the five predefined entities plus
 * numeric character references; it rejects anything else (DOCTYPE, CDATA, mismatched tags) with an error that
 * names the file, because these files are simple and a surprise means the source changed.
 * Namespace prefixes are kept in names; StAEDI's default namespace needs no handling.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (outside child elements), entities decoded, trimmed. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

export function parseXml(text: string, file: string): XmlElement {
  let pos = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, pos).split('\n').length;
    throw new Error(`${file}, line ${line}: ${what}`);
  };

  const decode = (raw: string): string =>
    raw.replace(/&(#x[0-9A-Fa-f]+|#\d+|\w+);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) return fail('a bare "&" in text or an attribute');
      if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
      return ENTITIES[entity] ?? fail(`the unknown entity ${match}`);
    });

  const skipMisc = (): void => {
    for (;;) {
      while (pos < text.length && /\s/.test(text.charAt(pos))) pos++;
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('an unterminated comment');
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) fail('an unterminated processing instruction');
        pos = end + 2;
      } else return;
    }
  };

  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(text);
    if (!match) return fail('a name was expected');
    pos = NAME.lastIndex;
    return match[0];
  };

  const readElement = (): XmlElement => {
    if (text.charAt(pos) !== '<') fail('an element was expected');
    pos++;
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      ATTRIBUTE.lastIndex = pos;
      const match = ATTRIBUTE.exec(text);
      if (!match) break;
      const [, key = '', double, single] = match;
      if (key in element.attributes) fail(`the attribute ${key} appears twice`);
      element.attributes[key] = decode(double ?? single ?? '');
      pos = ATTRIBUTE.lastIndex;
    }
    while (/\s/.test(text.charAt(pos))) pos++;
    if (text.startsWith('/>', pos)) {
      pos += 2;
      return element;
    }
    if (text.charAt(pos) !== '>') fail(`<${element.name}> has a malformed start tag`);
    pos++;
    let content = '';
    for (;;) {
      const next = text.indexOf('<', pos);
      if (next < 0) fail(`<${element.name}> is not closed`);
      content += text.slice(pos, next);
      pos = next;
      if (text.startsWith('</', pos)) {
        pos += 2;
        const name = readName();
        if (name !== element.name) fail(`</${name}> closes <${element.name}>`);
        while (/\s/.test(text.charAt(pos))) pos++;
        if (text.charAt(pos) !== '>') fail(`</${name}> is malformed`);
        pos++;
        element.text = decode(content).trim();
        return element;
      }
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('an unterminated comment');
        pos = end + 3;
      } else if (text.startsWith('<!', pos) || text.startsWith('<?', pos)) {
        fail('CDATA, DOCTYPE and processing instructions inside elements are not supported');
      } else element.children.push(readElement());
    }
  };

  skipMisc();
  if (text.startsWith('<!', pos)) fail('a DOCTYPE is not supported');
  const root = readElement();
  skipMisc();
  if (pos !== text.length) fail('content after the root element');
  return root;
}

/** Children of `element` named `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The text of the first child named `name`, or undefined when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  return element.children.find((child) => child.name === name)?.text;
}

/** Every descendant of `element` (not itself) named `name`, in document order. */
export function descendantsNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...descendantsNamed(child, name),
  ]);
}
