/** core/v1 Namespace. Deleting one marks it Terminating; the namespace controller empties and removes it. */
import { namespaceColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { namespaceSchema } from "../types/core-other";

export const namespaceKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  singular: "namespace",
  namespaced: false,
  shortNames: ["ns"],
  schema: namespaceSchema,
  nameRule: "label",
  statusSubresource: true,
  columns: namespaceColumns,
  fieldSelectors: { "status.phase": (o) => (o.status as { phase?: string } | undefined)?.phase ?? "" },
  prepareForCreate(ns) {
    ns.status = { phase: "Active" };
  },
  defaults(ns) {
    // NamespaceDefaultLabelName: every namespace carries its own name as a label (immutable in practice).
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": String(ns.metadata.name) };
    const spec = (ns.spec ??= {}) as { finalizers?: string[] };
    spec.finalizers ??= ["kubernetes"];
  },
  beginDeletion(ns) {
    ns.status = { ...((ns.status as object) ?? {}), phase: "Terminating" };
    return (((ns.spec as { finalizers?: string[] } | undefined)?.finalizers) ?? []).length > 0;
  },
};
