import type { ConfigDocument } from '../../engine/core/config-model.js';

/** A configuration document with nothing in it but what `overrides` gives. */
export function configDoc(overrides: Partial<ConfigDocument> = {}): ConfigDocument {
  return {
    version: 1,
    channels: [],
    routes: [],
    translations: [],
    partners: [],
    partnerGroups: [],
    codeLists: [],
    confirmRules: [],
    ...overrides,
  };
}
