/**
 * How our issue codes map onto the codes of functional acknowledgements: X12 997 (AK304 segment errors, AK403
 * element errors, AK502 transaction set errors, AK905 group errors), X12 999 (IK304, IK403, IK502) and EDIFACT
 * CONTRL (0085 syntax error code). The acknowledgement generator reads this table; docs/error-codes.md shows it.
 * Codes without an entry (warnings, input-level problems) do not appear in acknowledgements.
 */

export interface AckCodes {
  /** 997 AK304 / 999 IK304: segment syntax error code. */
  ak304?: string;
  /** 997 AK403 element syntax error code (4010). */
  ak403?: string;
  /** 999 IK403 element syntax error code (5010; adds 12 and 13). */
  ik403?: string;
  /** 997 AK502 / 999 IK502 transaction set syntax error code. */
  ak502?: string;
  /** 997/999 AK905 functional group syntax error code. */
  ak905?: string;
  /** EDIFACT CONTRL 0085 syntax error code. */
  contrl: string;
}

export const ACK_CODES: Readonly<Record<string, AckCodes>> = {
  SEGMENT_UNKNOWN: { ak304: '1', contrl: '15' },
  SEGMENT_UNEXPECTED: { ak304: '2', contrl: '15' },
  SEGMENT_OUT_OF_ORDER: { ak304: '7', contrl: '15' },
  SEGMENT_MISSING: { ak304: '3', contrl: '13' },
  GROUP_MISSING: { ak304: '3', contrl: '13' },
  GROUP_TOO_MANY: { ak304: '4', contrl: '36' },
  SEGMENT_TOO_MANY: { ak304: '5', contrl: '35' },
  ELEMENT_MISSING: { ak304: '8', ak403: '1', ik403: '1', contrl: '13' },
  ELEMENT_TOO_MANY: { ak304: '8', ak403: '3', ik403: '3', contrl: '16' },
  COMPONENT_TOO_MANY: { ak304: '8', ak403: '3', ik403: '13', contrl: '16' },
  REPEAT_TOO_MANY: { ak304: '8', ak403: '3', ik403: '12', contrl: '35' },
  ELEMENT_TOO_SHORT: { ak304: '8', ak403: '4', ik403: '4', contrl: '40' },
  ELEMENT_TOO_LONG: { ak304: '8', ak403: '5', ik403: '5', contrl: '39' },
  ELEMENT_INVALID_CHARACTER: { ak304: '8', ak403: '6', ik403: '6', contrl: '37' },
  NUMBER_INVALID: { ak304: '8', ak403: '6', ik403: '6', contrl: '37' },
  NUMBER_LEADING_DIGIT: { ak304: '8', ak403: '6', ik403: '6', contrl: '38' },
  CHARSET_INVALID: { ak304: '8', ak403: '6', ik403: '6', contrl: '21' },
  CODE_INVALID: { ak304: '8', ak403: '7', ik403: '7', contrl: '12' },
  DATE_INVALID: { ak304: '8', ak403: '8', ik403: '8', contrl: '12' },
  TIME_INVALID: { ak304: '8', ak403: '9', ik403: '9', contrl: '12' },
  HL_SEQUENCE: { ak304: '8', ak403: '7', ik403: '7', contrl: '12' },
  HL_PARENT_UNKNOWN: { ak304: '8', ak403: '7', ik403: '7', contrl: '12' },
  SE_MISSING: { ak502: '2', contrl: '13' },
  UNT_MISSING: { ak502: '2', contrl: '13' },
  SE_REFERENCE: { ak502: '3', contrl: '28' },
  UNT_REFERENCE: { ak502: '3', contrl: '28' },
  SE_COUNT: { ak502: '4', contrl: '29' },
  UNT_COUNT: { ak502: '4', contrl: '29' },
  GE_MISSING: { ak905: '3', contrl: '13' },
  UNE_MISSING: { ak905: '3', contrl: '13' },
  GE_REFERENCE: { ak905: '4', contrl: '28' },
  UNE_REFERENCE: { ak905: '4', contrl: '28' },
  GE_COUNT: { ak905: '5', contrl: '29' },
  UNE_COUNT: { ak905: '5', contrl: '29' },
};
