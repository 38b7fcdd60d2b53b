/** core/v1 Node. */

import { defaultNode } from "../defaults/core-misc";
import { nodeColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { nodeSchema } from "../types/core-other";
import { validateNode } from "../validation/core-misc";

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
  defaults: defaultNode,
  validate: validateNode,
  fieldSelectors: {
    "spec.unschedulable": (o) => String((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true),
  },
};
