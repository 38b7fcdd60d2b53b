/** The scale subresource (autoscaling/v1 Scale) of kinds that declare one: `kubectl scale` uses it. */
import { badRequest, invalid } from "../kube/errors";
import { deepClone, isPlainObject, type KObject } from "../kube/object";
import { labelSelectorString } from "../kube/printers";
import type { KindDeclaration } from "../kube/registry/kind";

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split(".").filter(Boolean)) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".").filter(Boolean);
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

export function scaleOf(decl: KindDeclaration, obj: KObject): KObject {
  const s = decl.scale!;
  const m = obj.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, s.specReplicasPath) ?? 0) },
    status: {
      replicas: Number(getPath(obj, s.statusReplicasPath) ?? 0),
      selector: s.labelSelectorPath ? (labelSelectorString(getPath(obj, s.labelSelectorPath)) ?? "") : "",
    },
  };
}

/** Applies a Scale body to the object: spec.replicas, guarded by the Scale's resourceVersion if given. */
export function applyScale(decl: KindDeclaration, obj: KObject, body: unknown): KObject {
  if (!isPlainObject(body)) throw badRequest("a Scale object was expected");
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== "number" || !Number.isInteger(replicas)) {
    throw badRequest(
      `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`,
    );
  }
  if (replicas < 0) {
    throw invalid("Scale", "autoscaling", String(obj.metadata.name), [
      {
        type: "FieldValueInvalid",
        field: "spec.replicas",
        value: replicas,
        detail: "must be greater than or equal to 0",
      },
    ]);
  }
  const next = deepClone(obj);
  setPath(next, decl.scale!.specReplicasPath, replicas);
  const meta = isPlainObject(body.metadata) ? body.metadata : {};
  if (typeof meta.resourceVersion === "string" && meta.resourceVersion) {
    next.metadata.resourceVersion = meta.resourceVersion;
  } else {
    delete next.metadata.resourceVersion;
  }
  return next;
}
