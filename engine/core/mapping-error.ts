/**
 * Errors a mapping script gets from the mapping API (mapping-input.ts, mapping-output.ts) and that the
 * serializer raises for what a script wrote (mapping-serialize.ts). Each names where: the record path from the
 * root (`ST/BEG`) and, when one field is concerned, the field (`ST/BEG/BEG05`), so the message alone tells the
 * script author what to fix.
 */

/** A path given to get/put/getloop/... that cannot be a path: no BOTSID, a null field where none may be. */
export class MappingPathError extends Error {
  override name = 'MappingPathError';
  constructor(
    /** The path as written, tags joined by `/` (`ST/BEG`); '' for an empty path. */
    readonly path: string,
    message: string,
  ) {
    super(path === '' ? message : `${path}: ${message}`);
  }
}

/** A value that is not what the call needs: getdecimal on text that is no number, put of a boolean. */
export class MappingValueError extends Error {
  override name = 'MappingValueError';
  constructor(
    /** Record path and field: `ST/BEG/BEG05`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** What a script wrote cannot be written in the output's syntax: a record or field the grammar lacks. */
export class MappingWriteError extends Error {
  override name = 'MappingWriteError';
  constructor(
    /** Record path (`ST/PO1/XYZ`) or record path and field (`ST/BEG/BEG99`). */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
