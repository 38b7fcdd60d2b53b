/** Lookup over the declared kinds: by resource path, by kind, by group. */
import type { KindDeclaration } from "./kind";

export class Registry {
  private byPath = new Map<string, KindDeclaration>();
  private byKindName = new Map<string, KindDeclaration>();
  private current: readonly KindDeclaration[] = [];
  /** Bumped whenever the set of kinds changes (CRDs), so caches of discovery/OpenAPI can tell. */
  generation = 0;

  constructor(
    private readonly builtin: readonly KindDeclaration[],
    custom: readonly KindDeclaration[] = [],
  ) {
    this.setCustomKinds(custom);
  }

  /** Every served kind: the built-in ones, then those defined by CustomResourceDefinitions. */
  get kinds(): readonly KindDeclaration[] {
    return this.current;
  }

  /** Replaces the custom kinds (a CRD was created, changed or removed). Built-in kinds always win. */
  setCustomKinds(custom: readonly KindDeclaration[]): void {
    const taken = new Set(this.builtin.map((k) => `${k.group}/${k.version}/${k.plural}`));
    this.current = [...this.builtin, ...custom.filter((k) => !taken.has(`${k.group}/${k.version}/${k.plural}`))];
    this.byPath.clear();
    this.byKindName.clear();
    for (const k of this.current) {
      this.byPath.set(`${k.group}/${k.version}/${k.plural}`, k);
      // The first declared version of a kind is its preferred (storage) version.
      if (!this.byKindName.has(`${k.group}/${k.kind}`)) this.byKindName.set(`${k.group}/${k.kind}`, k);
    }
    this.generation++;
  }

  lookup(group: string, version: string, resource: string): KindDeclaration | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  byKind(group: string, kind: string, version?: string): KindDeclaration | undefined {
    if (version !== undefined)
      return this.current.find((k) => k.group === group && k.kind === kind && k.version === version);
    return this.byKindName.get(`${group}/${kind}`);
  }

  /** The declaration storing a resource (any version of it), by group and plural. */
  byResource(group: string, plural: string): KindDeclaration | undefined {
    return this.current.find((k) => k.group === group && k.plural === plural);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.current.some((k) => k.group === group && k.version === version);
  }
}

/** Storage key of an object: `<group|core>/<plural>/<namespace>/<name>` (cluster-scoped: empty namespace). */
export function storageKey(k: KindDeclaration, namespace: string | undefined, name: string): string {
  return `${storagePrefix(k)}${k.namespaced ? (namespace ?? "") : ""}/${name}`;
}

/** Prefix of every key of a kind, or of a kind within one namespace. */
export function storagePrefix(k: KindDeclaration, namespace?: string): string {
  const group = k.storedAs ? k.storedAs.group : k.group;
  const plural = k.storedAs ? k.storedAs.plural : k.plural;
  const base = `${group || "core"}/${plural}/`;
  return namespace && k.namespaced ? `${base}${namespace}/` : base;
}
