/** Schemas of k8s.io/apimachinery/pkg/apis/meta/v1 types shared by every kind. */
import { any, bool, int64, list, listMap, map, obj, set, str, time } from "../schema/dsl";

export const ownerReference = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
  {
    apiVersion: str(),
    kind: str(),
    name: str(),
    uid: str(),
    controller: bool(),
    blockOwnerDeletion: bool(),
  },
  { required: ["apiVersion", "kind", "name", "uid"], mapType: "atomic" },
);

export const managedFieldsEntry = obj("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", {
  manager: str(),
  operation: str(),
  apiVersion: str(),
  time: time(),
  fieldsType: str(),
  fieldsV1: any(),
  subresource: str(),
});

export const objectMeta = obj("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", {
  name: str(),
  generateName: str(),
  namespace: str(),
  selfLink: str(),
  uid: str(),
  resourceVersion: str(),
  generation: int64(),
  creationTimestamp: time(),
  deletionTimestamp: time(),
  deletionGracePeriodSeconds: int64(),
  labels: map(str()),
  annotations: map(str()),
  ownerReferences: listMap(ownerReference, ["uid"], { patchKey: "uid" }),
  finalizers: set(str(), { patch: true }),
  managedFields: list(managedFieldsEntry),
});

export const listMeta = obj("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", {
  selfLink: str(),
  resourceVersion: str(),
  continue: str(),
  remainingItemCount: int64(),
});

export const labelSelectorRequirement = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
  { key: str(), operator: str(), values: list(str()) },
  { required: ["key", "operator"] },
);

export const labelSelector = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
  { matchLabels: map(str()), matchExpressions: list(labelSelectorRequirement) },
  { mapType: "atomic" },
);

/** metav1.Condition, used by newer APIs (core/v1 kinds have their own condition types). */
export const condition = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.Condition",
  {
    type: str(),
    status: str(),
    observedGeneration: int64(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status", "lastTransitionTime", "reason", "message"] },
);

/** Fields every top-level kind starts with. */
export const typeMeta = {
  apiVersion: str(
    "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
  ),
  kind: str(
    "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.",
  ),
};
