/** A compact way to declare a kind: the names every declaration repeats are derived from the kind. */
import type { KindDeclaration } from "../registry/kind";

type Required = Pick<KindDeclaration, "group" | "version" | "kind" | "plural" | "namespaced" | "schema" | "columns">;

export function defineKind(d: Required & Partial<KindDeclaration>): KindDeclaration {
  return { singular: d.kind.toLowerCase(), nameRule: "subdomain", ...d };
}
