/**
 * The `ctx` a mapping script gets: code lists and partners from the run's configuration (in memory, read once
 * per run), persisted values and counters from the store, the run's clock, and extra outputs. One context per
 * message: `newOutput` collects that message's extra outputs.
 */
import type { ConfigDocument, PartnerConfig } from '../core/config-model.js';
import type { MappingContext, MappingOutput, MappingPartner, MessageInfo } from '../core/mapping-api.js';
import { MappingOutputTree } from '../core/mapping-output.js';
import type { Store } from '../store/store.js';
import type { PartnerDirectory } from './partner-directory.js';

/** Code lists by list name: code -> entry, and value -> code for reverse lookups. */
export class CodeLists {
  private readonly forward = new Map<string, Map<string, { value: string; attributes: string[] }>>();
  private readonly reverse = new Map<string, Map<string, string>>();

  constructor(config: Pick<ConfigDocument, 'codeLists'>) {
    for (const entry of config.codeLists) {
      let list = this.forward.get(entry.list);
      if (!list) this.forward.set(entry.list, (list = new Map()));
      list.set(entry.code, { value: entry.value, attributes: entry.attributes });
      let back = this.reverse.get(entry.list);
      if (!back) this.reverse.set(entry.list, (back = new Map()));
      if (!back.has(entry.value)) back.set(entry.value, entry.code);
    }
  }

  lookup(list: string, code: string, reverse = false): string | undefined {
    return reverse ? this.reverse.get(list)?.get(code) : this.forward.get(list)?.get(code)?.value;
  }

  attributes(list: string, code: string): readonly string[] | undefined {
    return this.forward.get(list)?.get(code)?.attributes;
  }
}

export interface MappingContextDeps {
  codeLists: CodeLists;
  partners: PartnerDirectory;
  store: Pick<Store, 'persist' | 'counters'>;
  /** The run's time. */
  now: Date;
}

/** A context for one message; `extraOutputs` holds what `newOutput` created, in order. */
export class MessageContext implements MappingContext {
  readonly extraOutputs: MappingOutputTree[] = [];

  constructor(
    private readonly deps: MappingContextDeps,
    private readonly outputInfo: MessageInfo,
  ) {}

  codeList(list: string, code: string, options?: { reverse?: boolean }): string | undefined {
    return this.deps.codeLists.lookup(list, code, options?.reverse ?? false);
  }

  codeAttributes(list: string, code: string): readonly string[] | undefined {
    return this.deps.codeLists.attributes(list, code);
  }

  persistGet(domain: string, key: string): Promise<string | undefined> {
    return this.deps.store.persist.get(domain, key);
  }

  persistSet(domain: string, key: string, value: string): Promise<void> {
    return this.deps.store.persist.set(domain, key, String(value), this.deps.now);
  }

  async unique(domain: string): Promise<string> {
    return String(await this.deps.store.counters.next(`mapping:${domain}`));
  }

  now(): Date {
    return new Date(this.deps.now.getTime());
  }

  partner(id: string): MappingPartner | undefined {
    const partner = this.deps.partners.get(id);
    return partner ? mappingPartner(partner) : undefined;
  }

  newOutput(): MappingOutput {
    const output = new MappingOutputTree({ ...this.outputInfo });
    this.extraOutputs.push(output);
    return output;
  }
}

function mappingPartner(partner: PartnerConfig): MappingPartner {
  return {
    id: partner.id,
    name: partner.name,
    identifiers: partner.identifiers.map((i) => ({ ...i })),
    groups: [...partner.groups],
    envelope: { ...partner.envelope },
  };
}
