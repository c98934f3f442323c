/**
 * A tag reader for the simple, attribute-centred XML of the service-segment sources: no DTDs, CDATA or
 * namespaces are needed, only elements, attributes and short text content.
 */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
  /** `open` for `<a>`, `close` for `</a>`, `empty` for `<a/>`. */
  kind: 'open' | 'close' | 'empty';
  /** The text between this tag and the next one, entities decoded and trimmed. */
  text: string;
}

const TAG = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>([^<]*)/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*"([^"]*)"/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}

export function xmlTags(xml: string): XmlTag[] {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  return [...withoutComments.matchAll(TAG)].map(
    ([, slash, name = '', attributes = '', empty, text = '']) => ({
      name,
      attributes: Object.fromEntries(
        [...attributes.matchAll(ATTRIBUTE)].map(([, key = '', value = '']) => [key, decodeEntities(value)]),
      ),
      kind: slash ? 'close' : empty ? 'empty' : 'open',
      text: decodeEntities(text).trim(),
    }),
  );
}
