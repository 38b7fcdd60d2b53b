/** core/v1 Node. */
import { nodeColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { nodeSchema } from "../types/core-other";

export const nodeKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Node",
  plural: "nodes",
  singular: "node",
  namespaced: false,
  shortNames: ["no"],
  schema: nodeSchema,
  nameRule: "subdomain",
  statusSubresource: true,
  columns: nodeColumns,
  fieldSelectors: {
    "spec.unschedulable": (o) => String((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true),
  },
};
