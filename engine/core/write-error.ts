/**
 * Errors of writing: a value that does not fit its element, a separator inside an X12 value, a character the
 * output charset cannot hold. Each has a stable code and names the element it concerns, so a mapping author
 * (or the engine's error row) can say exactly what to fix.
 */
export type WriteErrorCode =
  | 'VALUE_TOO_LONG'
  | 'VALUE_NOT_NUMBER'
  | 'VALUE_NOT_DATE'
  | 'VALUE_NOT_TIME'
  | 'VALUE_HAS_SEPARATOR'
  | 'VALUE_NOT_ENCODABLE'
  | 'WRITER_STATE';

export class WriteError extends Error {
  override name = 'WriteError';
  constructor(
    readonly code: WriteErrorCode,
    message: string,
    /** Where: `BEG02`, `ISA06`, `DTM01-02`. */
    readonly position?: string,
  ) {
    super(position ? `${position}: ${message}` : message);
  }
}
