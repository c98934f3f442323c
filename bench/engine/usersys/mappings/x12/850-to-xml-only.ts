/**
 * The benchmark's flow (a) restricted to its XML output: the sample mapping x12/850-to-xml (the same fields)
 * without the chained CSV translation it asks for.
 */
import type { MappingContext, MappingInput, MappingOutput } from 'bots-edi/mapping';
import orderToXml from './850-to-xml.js';

export default function map(inn: MappingInput, out: MappingOutput, ctx: MappingContext): void {
  orderToXml(inn, out, ctx);
}
