/** Builds X12 interchanges for tests with a correctly padded ISA and correct trailer counts. */
export interface X12Options {
  element?: string;
  component?: string;
  terminator?: string;
  repetition?: string;
  version?: string;
  after?: string;
  control?: string;
}

export function isa(options: X12Options = {}): string {
  const e = options.element ?? '*';
  const fields = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    'ZZ',
    'SENDER'.padEnd(15),
    'ZZ',
    'RECEIVER'.padEnd(15),
    '240101',
    '1200',
    options.repetition ?? 'U',
    options.version ?? '00401',
    (options.control ?? '1').padStart(9, '0'),
    '0',
    'P',
    options.component ?? ':',
  ];
  return fields.join(e) + (options.terminator ?? '~');
}

/** A full interchange with one group holding the given transaction set bodies (segments without ST/SE). */
export function interchange(bodies: string[][], options: X12Options = {}): string {
  const e = options.element ?? '*';
  const t = (options.terminator ?? '~') + (options.after ?? '');
  const control = options.control ?? '1';
  let out = isa(options) + (options.after ?? '');
  out += ['GS', 'PO', 'SENDER', 'RECEIVER', '20240101', '1200', '7', 'X', '004010'].join(e) + t;
  bodies.forEach((body, i) => {
    const ref = String(i + 1).padStart(4, '0');
    out += ['ST', '850', ref].join(e) + t;
    for (const segment of body) out += segment.replaceAll('*', e) + t;
    out += ['SE', String(body.length + 2), ref].join(e) + t;
  });
  out += ['GE', String(bodies.length), '7'].join(e) + t;
  out += ['IEA', '1', control.padStart(9, '0')].join(e) + t;
  return out;
}
