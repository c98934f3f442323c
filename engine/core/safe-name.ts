/**
 * Values from EDI data that become part of a file name (partner ids from ISA06/ISA08 or UNB, references,
 * message types) are reduced to [A-Za-z0-9._-] so they can never leave the folder they are joined to.
 */
const UNSAFE = /[^A-Za-z0-9._-]/g;

/** The sanitised name, or undefined when nothing usable is left ('', '.', '..'). */
export function safeFileName(value: string): string | undefined {
  const name = value.trim().replace(UNSAFE, '_');
  return name === '' || /^\.+$/.test(name) ? undefined : name;
}
