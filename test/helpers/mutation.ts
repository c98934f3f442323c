import fc from 'fast-check';

/** Random edits of a valid input: up to `edits` replacements of a few characters by arbitrary bytes. */
export function mutation(base: string, edits = 6, width = 4): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.nat(base.length), fc.nat(width), fc.string({ maxLength: width, unit: 'binary' })), {
      maxLength: edits,
    })
    .map((list) => {
      let text = base;
      for (const [at, remove, insert] of list) text = text.slice(0, at) + insert + text.slice(at + remove);
      return text;
    });
}
