/**
 * Renders objects and lists the way the client asked: plain JSON objects / typed lists, server-side Tables
 * (meta.k8s.io Table, what `kubectl get` prints), or PartialObjectMetadata.
 */
import type { KObject } from "../kube/object";
import { apiVersionOf, type KindDeclaration } from "../kube/registry/kind";
import type { Rendering } from "./negotiation";

export interface ListMetaOut {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

function partialMetadata(obj: KObject, version: string): KObject {
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

function columnDefinitions(decl: KindDeclaration) {
  return decl.columns.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? "",
    description: c.description,
    priority: c.priority,
  }));
}

function row(decl: KindDeclaration, obj: KObject, now: number, r: Extract<Rendering, { as: "table" }>) {
  const cells = decl.columns.map((c) => {
    try {
      return c.cell(obj, now);
    } catch {
      // A printer must never fail a request; kube prints <unknown> for cells it cannot compute.
      return "<unknown>";
    }
  });
  const out: Record<string, unknown> = { cells };
  if (r.includeObject === "Object") out.object = obj;
  else if (r.includeObject === "Metadata") out.object = partialMetadata(obj, r.version);
  return out;
}

export function renderTable(
  decl: KindDeclaration,
  objs: KObject[],
  now: number,
  r: Extract<Rendering, { as: "table" }>,
  listMeta: ListMetaOut | undefined,
  withColumns = true,
): Record<string, unknown> {
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${r.version}`,
    metadata: listMeta ?? {},
    columnDefinitions: withColumns ? columnDefinitions(decl) : null,
    rows: objs.map((o) => row(decl, o, now, r)),
  };
}

/** Typed lists omit apiVersion/kind on items, like kube's JSON encoding of a PodList. */
export function renderList(decl: KindDeclaration, items: KObject[], meta: ListMetaOut): Record<string, unknown> {
  return {
    kind: `${decl.kind}List`,
    apiVersion: apiVersionOf(decl),
    metadata: meta,
    items: items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  };
}

export function renderMetadataList(items: KObject[], meta: ListMetaOut, version: string): Record<string, unknown> {
  return {
    kind: "PartialObjectMetadataList",
    apiVersion: `meta.k8s.io/${version}`,
    metadata: meta,
    items: items.map((o) => partialMetadata(o, version)),
  };
}

/** One object in the requested rendering. */
export function renderObject(decl: KindDeclaration, obj: KObject, now: number, r: Rendering): unknown {
  if (r.as === "table")
    return renderTable(decl, [obj], now, r, { resourceVersion: obj.metadata.resourceVersion ?? "" });
  if (r.as === "metadata") return partialMetadata(obj, r.version);
  return obj;
}
