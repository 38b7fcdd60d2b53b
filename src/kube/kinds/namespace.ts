/** core/v1 Namespace. Deleting one marks it Terminating; the namespace controller empties and removes it. */
import { defaultNamespace, prepareNamespaceForCreate } from "../defaults/core-misc";
import { namespaceColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { namespaceSchema } from "../types/core-other";
import { validateNamespace } from "../validation/core-misc";

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
  prepareForCreate: prepareNamespaceForCreate,
  defaults: defaultNamespace,
  validate: validateNamespace,
  beginDeletion(ns) {
    ns.status = { ...((ns.status as object) ?? {}), phase: "Terminating" };
    return ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
  },
};
