/** Lookup over the declared kinds: by resource path, by kind, by group. */
import { apiVersionOf, type KindDeclaration } from "./kind";

export class Registry {
  private byPath = new Map<string, KindDeclaration>();
  private byKindName = new Map<string, KindDeclaration>();
  private byShort = new Map<string, KindDeclaration>();

  constructor(readonly kinds: readonly KindDeclaration[]) {
    for (const k of kinds) {
      this.byPath.set(`${k.group}/${k.version}/${k.plural}`, k);
      this.byKindName.set(`${k.group}/${k.kind}`, k);
      for (const s of k.shortNames ?? []) this.byShort.set(s, k);
    }
  }

  lookup(group: string, version: string, resource: string): KindDeclaration | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  byKind(group: string, kind: string): KindDeclaration | undefined {
    return this.byKindName.get(`${group}/${kind}`);
  }

  /** Groups in discovery order: core first, then the order kinds were declared (kube's priority order). */
  groups(): { group: string; versions: string[] }[] {
    const out = new Map<string, Set<string>>();
    for (const k of this.kinds) {
      if (!out.has(k.group)) out.set(k.group, new Set());
      out.get(k.group)!.add(k.version);
    }
    return [...out].map(([group, versions]) => ({ group, versions: [...versions] }));
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.kinds.some((k) => k.group === group && k.version === version);
  }
}

/** Storage key of an object: `<group|core>/<plural>/<namespace>/<name>` (cluster-scoped: empty namespace). */
export function storageKey(k: KindDeclaration, namespace: string | undefined, name: string): string {
  return `${storagePrefix(k)}${k.namespaced ? (namespace ?? "") : ""}/${name}`;
}

/** Prefix of every key of a kind, or of a kind within one namespace. */
export function storagePrefix(k: KindDeclaration, namespace?: string): string {
  const base = `${k.group || "core"}/${k.plural}/`;
  return namespace && k.namespaced ? `${base}${namespace}/` : base;
}

export { apiVersionOf };
