/**
 * autoscaling/v2 HorizontalPodAutoscaler (the storage version) and autoscaling/v1, which `kubectl autoscale`
 * creates and which reads and writes the same objects through conversion.
 */

import { hpaV1ToV2, hpaV2ToV1 } from "../conversion/hpa";
import { defaultHorizontalPodAutoscaler, defaultHorizontalPodAutoscalerV1 } from "../defaults/autoscaling";
import { horizontalPodAutoscalerColumns } from "../printers";
import { horizontalPodAutoscalerV1Schema, horizontalPodAutoscalerV2Schema } from "../types/autoscaling-hpa";
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerV1 } from "../validation/autoscaling";
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

export const horizontalPodAutoscalerV1Kind = defineKind({
  group: "autoscaling",
  version: "v1",
  kind: "HorizontalPodAutoscaler",
  plural: "horizontalpodautoscalers",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  schema: horizontalPodAutoscalerV1Schema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: horizontalPodAutoscalerColumns,
  storedAs: { group: "autoscaling", plural: "horizontalpodautoscalers", toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 },
  defaults: defaultHorizontalPodAutoscalerV1,
  validate: (o, old) => validateHorizontalPodAutoscalerV1(o, old),
  prepareForCreate(hpa) {
    hpa.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
});
