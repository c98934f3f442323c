/** Helpers the sample mappings share. */

/** CCYYMMDD (X12 DT, EDIFACT DTM format 102) as CCYY-MM-DD; anything else as it is. */
export function isoDate(value: string | undefined): string | undefined {
  return value && /^\d{8}$/.test(value)
    ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
    : value;
}
