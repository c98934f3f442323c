/** The delimiters of one interchange, as found in its ISA or UNA (or EDIFACT's defaults). */
export interface Separators {
  segment: string;
  element: string;
  component: string;
  /** Empty when the interchange declares no repetition separator. */
  repetition: string;
  /** EDIFACT release (escape) character; empty for X12. */
  release: string;
  /** EDIFACT decimal mark ('.' or ','); X12 always uses '.'. */
  decimal: string;
}

/** What outgoing X12 is written with unless a partner says otherwise (the repetition separator only from
 * 005010 on). */
export const X12_DEFAULT_SEPARATORS: Readonly<Separators> = {
  segment: '~',
  element: '*',
  component: ':',
  repetition: '^',
  release: '',
  decimal: '.',
};

export const EDIFACT_DEFAULT_SEPARATORS: Readonly<Separators> = {
  segment: "'",
  element: '+',
  component: ':',
  repetition: '*',
  release: '?',
  decimal: '.',
};
