/** core/v1 Endpoints. */

import { defaultEndpoints } from "../defaults/core-misc";
import { endpointsColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { endpointsSchema } from "../types/core-other";
import { validateEndpoints } from "../validation/core-misc";

export const endpointsKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Endpoints",
  plural: "endpoints",
  singular: "endpoints",
  namespaced: true,
  shortNames: ["ep"],
  schema: endpointsSchema,
  nameRule: "subdomain",
  columns: endpointsColumns,
  defaults: defaultEndpoints,
  validate: validateEndpoints,
};
