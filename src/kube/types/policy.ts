/**
 * Schemas of policy/v1 (k8s.io/api/policy/v1, v1.32): Eviction (the body of pods/eviction) and
 * PodDisruptionBudget, plus metav1.DeleteOptions as Eviction embeds it.
 */
import { bool, int32, int64, intOrString, list, listMap, map, type ObjectSchema, obj, str, time } from "../schema/dsl";
import { condition, labelSelector, objectMeta, typeMeta } from "./meta";

const policy = (name: string) => `io.k8s.api.policy.v1.${name}`;
const META = (name: string) => `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
const gvk = (kind: string) => [{ group: "policy", version: "v1", kind }];

// ---- metav1.DeleteOptions (Eviction.deleteOptions) ------------------------------------------------------

export const preconditions = obj(
  META("Preconditions"),
  { uid: str("Specifies the target UID."), resourceVersion: str("Specifies the target ResourceVersion") },
  { description: "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out." },
);

/**
 * metav1.DeleteOptions as a field type. The OpenAPI documents declare the kind itself (with its
 * x-kubernetes-group-version-kind list) separately; a declaration carrying a gvk wins over this bare one.
 */
export const deleteOptions = obj(META("DeleteOptions"), {
  ...typeMeta,
  gracePeriodSeconds: int64(),
  preconditions,
  orphanDependents: bool(),
  propagationPolicy: str(),
  dryRun: list(str()),
  ignoreStoreReadErrorWithClusterBreakingPotential: bool(),
});

// ---- Eviction (pods/eviction) ---------------------------------------------------------------------------

export const evictionSchema = obj(
  policy("Eviction"),
  { ...typeMeta, metadata: objectMeta, deleteOptions },
  {
    description:
      "Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a subresource of Pod.  A request to cause such an eviction is created by POSTing to .../pods/<pod name>/evictions.",
    gvk: gvk("Eviction"),
  },
);

// ---- PodDisruptionBudget --------------------------------------------------------------------------------

/**
 * PodDisruptionBudgetSpec.selector carries `patchStrategy:"replace"`: a strategic merge patch replaces the
 * selector whole. ObjectSchema's patchStrategy type only names retainKeys, hence the cast; the strategic merge
 * patch code and the OpenAPI renderers read the value as given (it is emitted at the property only).
 */
const pdbSelector = { ...labelSelector, patchStrategy: "replace" } as unknown as ObjectSchema;

export const podDisruptionBudgetSpec = obj(policy("PodDisruptionBudgetSpec"), {
  minAvailable: intOrString(),
  selector: pdbSelector,
  maxUnavailable: intOrString(),
  // UnhealthyPodEvictionPolicyType is not a Go +enum (IfHealthyBudget, AlwaysAllow).
  unhealthyPodEvictionPolicy: str(),
});

export const podDisruptionBudgetStatus = obj(
  policy("PodDisruptionBudgetStatus"),
  {
    observedGeneration: int64(),
    disruptedPods: map(time()),
    disruptionsAllowed: int32(),
    currentHealthy: int32(),
    desiredHealthy: int32(),
    expectedPods: int32(),
    conditions: listMap(condition, ["type"], { patchKey: "type" }),
  },
  { required: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"] },
);

export const podDisruptionBudgetSchema = obj(
  policy("PodDisruptionBudget"),
  { ...typeMeta, metadata: objectMeta, spec: podDisruptionBudgetSpec, status: podDisruptionBudgetStatus },
  {
    description:
      "PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods",
    gvk: gvk("PodDisruptionBudget"),
  },
);
