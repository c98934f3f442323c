/** Shows control characters readably (\n, \r, \t, \x00) in messages about input text. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point here
  return text.replace(/[\x00-\x1f\x7f]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
