/**
 * StatefulSet validation (pkg/apis/apps/validation ValidateStatefulSet / ValidateStatefulSetUpdate, 1.32):
 * the ReplicaSet-like checks of selector and template, the StatefulSet enums, and the update rule that only
 * replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may
 * change.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported } from "../errors";
import { deepEqual, isPlainObject, type KObject } from "../object";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta";
import { validateReplicaSetSpec } from "./workloads";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

const UPDATABLE = [
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
];

/**
 * The template is checked with the claim templates counted as volumes: pods of a StatefulSet mount their
 * per-ordinal claims by template name (kube skips pod-spec validation here for that reason; the union of the
 * template's volumes and the claims is what its TODO asks for).
 */
function withClaimVolumes(spec: Obj): Obj {
  const claims = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [])
    .map((t) => String(obj(obj(t).metadata).name ?? ""))
    .filter(Boolean);
  if (claims.length === 0) return spec;
  const template = structuredClone(obj(spec.template));
  const podSpec = obj(template.spec);
  const volumes = Array.isArray(podSpec.volumes) ? [...podSpec.volumes] : [];
  const have = new Set(volumes.map((v) => obj(v).name));
  for (const c of claims) if (!have.has(c)) volumes.push({ name: c, persistentVolumeClaim: { claimName: c } });
  template.spec = { ...podSpec, volumes };
  return { ...spec, template };
}

function validateSpec(spec: Obj): FieldError[] {
  const errs = validateReplicaSetSpec(withClaimVolumes(spec), "spec");
  const pmp = spec.podManagementPolicy;
  if (pmp !== undefined && pmp !== "OrderedReady" && pmp !== "Parallel") {
    errs.push(notSupported("spec.podManagementPolicy", pmp, ["OrderedReady", "Parallel"]));
  }
  const strategy = obj(spec.updateStrategy);
  const type = strategy.type;
  if (type !== undefined && type !== "RollingUpdate" && type !== "OnDelete") {
    errs.push(notSupported("spec.updateStrategy.type", type, ["OnDelete", "RollingUpdate"]));
  }
  if (type === "OnDelete" && strategy.rollingUpdate) {
    errs.push(forbiddenField("spec.updateStrategy.rollingUpdate", "only allowed for updateStrategy 'RollingUpdate'"));
  }
  const partition = obj(strategy.rollingUpdate).partition;
  if (typeof partition === "number" && partition < 0) {
    errs.push(
      invalidValue("spec.updateStrategy.rollingUpdate.partition", partition, "must be greater than or equal to 0"),
    );
  }
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  for (const f of ["whenDeleted", "whenScaled"]) {
    const v = retention[f];
    if (v !== undefined && v !== "Retain" && v !== "Delete") {
      errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ["Retain", "Delete"]));
    }
  }
  return errs;
}

export function validateStatefulSet(sts: KObject, old?: KObject): FieldError[] {
  const spec = obj(sts.spec);
  if (!old) {
    return [...validateObjectMeta(sts.metadata, { namespaced: true, nameRule: "subdomain" }), ...validateSpec(spec)];
  }
  const errs = [...validateObjectMetaUpdate(sts.metadata, old.metadata), ...validateSpec(spec)];
  const strip = (s: Obj) => Object.fromEntries(Object.entries(s).filter(([k]) => !UPDATABLE.includes(k)));
  if (!deepEqual(strip(spec), strip(obj(old.spec)))) {
    errs.push(
      forbiddenField(
        "spec",
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}
