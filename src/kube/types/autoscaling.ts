/** Schemas of autoscaling/v1 (k8s.io/api/autoscaling/v1, v1.32): Scale, the body of every scale subresource. */
import { int32, obj, str } from "../schema/dsl";
import { objectMeta, typeMeta } from "./meta";

export const scaleSpec = obj("io.k8s.api.autoscaling.v1.ScaleSpec", { replicas: int32() });

export const scaleStatus = obj(
  "io.k8s.api.autoscaling.v1.ScaleStatus",
  { replicas: int32(), selector: str() },
  { required: ["replicas"] },
);

export const scaleSchema = obj(
  "io.k8s.api.autoscaling.v1.Scale",
  { ...typeMeta, metadata: objectMeta, spec: scaleSpec, status: scaleStatus },
  {
    description: "Scale represents a scaling request for a resource.",
    gvk: [{ group: "autoscaling", version: "v1", kind: "Scale" }],
  },
);
