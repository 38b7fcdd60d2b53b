/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition. The API server settles a CRD's status (accepted names,
 * NamesAccepted and Established) as it is written, so its custom resources are served as soon as the create
 * returns; the cleanup finalizer lets the CRD's objects be deleted before the CRD disappears.
 */
import { rfc3339 } from "../../apiserver/time";
import { type CustomResourceDefinition, crdStatus } from "../crd/kind-from-crd";
import { defaultCustomResourceDefinition } from "../defaults/apiextensions";
import type { KObject } from "../object";
import { customResourceDefinitionColumns } from "../printers";
import type { AdmissionContext } from "../registry/kind";
import { customResourceDefinitionSchema } from "../types/apiextensions";
import { validateCustomResourceDefinition } from "../validation/apiextensions";
import { defineKind } from "./define";

export const CRD_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

function settleStatus(crd: KObject, ctx: AdmissionContext): void {
  const others = ctx.view
    .list("apiextensions.k8s.io", "customresourcedefinitions")
    .filter((c) => c.metadata.name !== crd.metadata.name) as unknown as CustomResourceDefinition[];
  crd.status = crdStatus(crd as unknown as CustomResourceDefinition, others, rfc3339(ctx.now)) as unknown as Record<
    string,
    unknown
  >;
}

export const customResourceDefinitionKind = defineKind({
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  plural: "customresourcedefinitions",
  namespaced: false,
  shortNames: ["crd", "crds"],
  categories: ["api-extensions"],
  schema: customResourceDefinitionSchema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: customResourceDefinitionColumns,
  genericObjectMeta: true,
  prepareForCreate(crd, ctx) {
    const fins = crd.metadata.finalizers ?? [];
    if (!fins.includes(CRD_CLEANUP_FINALIZER)) crd.metadata.finalizers = [...fins, CRD_CLEANUP_FINALIZER];
    settleStatus(crd, ctx);
  },
  prepareForUpdate(crd, _old, ctx) {
    if (!crd.metadata.deletionTimestamp) settleStatus(crd, ctx);
  },
  defaults: defaultCustomResourceDefinition,
  validate: (o, old) => validateCustomResourceDefinition(o, old),
});
