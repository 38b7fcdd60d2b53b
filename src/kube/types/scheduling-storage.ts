/**
 * Schemas of scheduling.k8s.io/v1 PriorityClass and storage.k8s.io/v1 StorageClass (k8s.io/api/scheduling/v1
 * and storage/v1, v1.32), with the core/v1 TopologySelectorTerm that StorageClass.allowedTopologies uses.
 */
import { bool, enumOf, int32, list, map, obj, str } from "../schema/dsl";
import { objectMeta, typeMeta } from "./meta";

const core = (name: string) => `io.k8s.api.core.v1.${name}`;

// ---- PriorityClass --------------------------------------------------------------------------------------

export const priorityClassSchema = obj(
  "io.k8s.api.scheduling.v1.PriorityClass",
  {
    ...typeMeta,
    metadata: objectMeta,
    value: int32(),
    globalDefault: bool(),
    description: str(),
    // core/v1 PreemptionPolicy (+enum).
    preemptionPolicy: enumOf(["Never", "PreemptLowerPriority"]),
  },
  {
    description:
      "PriorityClass defines mapping from a priority class name to the priority integer value. The value can be any valid integer.",
    required: ["value"],
    gvk: [{ group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass" }],
  },
);

// ---- StorageClass ---------------------------------------------------------------------------------------

export const topologySelectorLabelRequirement = obj(
  core("TopologySelectorLabelRequirement"),
  { key: str(), values: list(str()) },
  { required: ["key", "values"] },
);

export const topologySelectorTerm = obj(
  core("TopologySelectorTerm"),
  { matchLabelExpressions: list(topologySelectorLabelRequirement) },
  { mapType: "atomic" },
);

export const storageClassSchema = obj(
  "io.k8s.api.storage.v1.StorageClass",
  {
    ...typeMeta,
    metadata: objectMeta,
    provisioner: str(),
    parameters: map(str()),
    reclaimPolicy: enumOf(["Delete", "Recycle", "Retain"]),
    mountOptions: list(str()),
    allowVolumeExpansion: bool(),
    volumeBindingMode: enumOf(["Immediate", "WaitForFirstConsumer"]),
    allowedTopologies: list(topologySelectorTerm),
  },
  {
    description:
      "StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.\n\nStorageClasses are non-namespaced; the name of the storage class according to etcd is in ObjectMeta.Name.",
    required: ["provisioner"],
    gvk: [{ group: "storage.k8s.io", version: "v1", kind: "StorageClass" }],
  },
);
