/**
 * autoscaling/v2 HorizontalPodAutoscaler. (autoscaling/v1 shares its storage in kube and needs conversion;
 * it is served once the registry converts between versions.)
 */

import { defaultHorizontalPodAutoscaler } from "../defaults/autoscaling";
import { horizontalPodAutoscalerColumns } from "../printers";
import { horizontalPodAutoscalerV2Schema } from "../types/autoscaling-hpa";
import { validateHorizontalPodAutoscaler } from "../validation/autoscaling";
import { defineKind } from "./define";

export const horizontalPodAutoscalerKind = defineKind({
  group: "autoscaling",
  version: "v2",
  kind: "HorizontalPodAutoscaler",
  plural: "horizontalpodautoscalers",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  schema: horizontalPodAutoscalerV2Schema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: horizontalPodAutoscalerColumns,
  prepareForCreate(hpa) {
    hpa.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  defaults: defaultHorizontalPodAutoscaler,
  validate: (o, old) => validateHorizontalPodAutoscaler(o, old),
});
