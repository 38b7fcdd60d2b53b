/** core/v1 ServiceAccount. */
import { serviceAccountColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { serviceAccountSchema } from "../types/core-other";
import { validateServiceAccount } from "../validation/core-misc";

export const serviceAccountKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  plural: "serviceaccounts",
  singular: "serviceaccount",
  namespaced: true,
  shortNames: ["sa"],
  schema: serviceAccountSchema,
  nameRule: "subdomain",
  columns: serviceAccountColumns,
  validate: validateServiceAccount,
};
