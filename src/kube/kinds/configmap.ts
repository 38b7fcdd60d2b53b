/** core/v1 ConfigMap. */
import { configMapColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { configMapSchema } from "../types/core-other";
import { validateConfigMap } from "../validation/core-misc";

export const configMapKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  plural: "configmaps",
  singular: "configmap",
  namespaced: true,
  shortNames: ["cm"],
  schema: configMapSchema,
  nameRule: "subdomain",
  columns: configMapColumns,
  validate: validateConfigMap,
};
