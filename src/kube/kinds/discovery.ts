/** discovery.k8s.io/v1 EndpointSlice. */

import { defaultEndpointSlice } from "../defaults/discovery";
import { endpointSliceColumns } from "../printers";
import { endpointSliceSchema } from "../types/discovery-events";
import { validateEndpointSlice } from "../validation/discovery";
import { defineKind } from "./define";

export const endpointSliceKind = defineKind({
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  plural: "endpointslices",
  namespaced: true,
  schema: endpointSliceSchema,
  columns: endpointSliceColumns,
  defaults: defaultEndpointSlice,
  validate: (o, old) => validateEndpointSlice(o, old),
});
