/**
 * labelSelector / fieldSelector of list and watch requests. Every kind supports metadata.name and
 * metadata.namespace; kinds declare more (pods: spec.nodeName, status.phase; events: involvedObject.*).
 * An unsupported field is a 400 like kube's `field label not supported: spec.foo`.
 */
import { badRequest } from "../kube/errors";
import type { KObject } from "../kube/object";
import type { KindDeclaration } from "../kube/registry/kind";
import { type FieldRequirement, matchesFields, parseFieldSelector } from "../kube/selectors/field-selector";
import { type LabelSelector, matches, parseLabelSelector } from "../kube/selectors/label-selector";

export interface ListFilter {
  label?: LabelSelector;
  field?: FieldRequirement[];
  /** A watch or get on one name (`/pods/<name>` with watch=true). */
  name?: string;
}

export function buildFilter(decl: KindDeclaration, query: URLSearchParams, name?: string): ListFilter {
  const filter: ListFilter = { name };
  const ls = query.get("labelSelector");
  if (ls) {
    try {
      filter.label = parseLabelSelector(ls);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
  }
  const fs = query.get("fieldSelector");
  if (fs) {
    let reqs: FieldRequirement[];
    try {
      reqs = parseFieldSelector(fs);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
    for (const r of reqs) {
      if (!fieldGetter(decl, r.field)) throw badRequest(`field label not supported: ${r.field}`);
    }
    filter.field = reqs;
  }
  return filter;
}

function fieldGetter(decl: KindDeclaration, field: string): ((o: KObject) => string | undefined) | undefined {
  if (field === "metadata.name") return (o) => o.metadata.name;
  if (field === "metadata.namespace") return (o) => (decl.namespaced ? (o.metadata.namespace ?? "") : "");
  return decl.fieldSelectors?.[field];
}

export function matchesFilter(decl: KindDeclaration, obj: KObject, f: ListFilter): boolean {
  if (f.name !== undefined && obj.metadata.name !== f.name) return false;
  if (f.label && !matches(f.label, obj.metadata.labels)) return false;
  if (f.field) {
    const reqs = f.field;
    if (!matchesFields(reqs, (field) => fieldGetter(decl, field)?.(obj) ?? "")) return false;
  }
  return true;
}
