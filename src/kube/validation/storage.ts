/**
 * storage.k8s.io/v1 StorageClass validation (pkg/apis/storage/validation, Kubernetes 1.32): provisioner,
 * parameters, reclaimPolicy and volumeBindingMode are all frozen after creation.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { arr, has, type Obj, obj, str } from "./extra-common";
import { isQualifiedName, utf8Length, validateLabelName } from "./names";
import {
  child,
  index,
  semanticEqual,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";

const MAX_PARAMETERS_SIZE = 256 * 1024;
const MAX_PARAMETERS = 512;
const RECLAIM_POLICIES = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];

function validateParameters(params: unknown): FieldError[] {
  const p = obj(params);
  const keys = Object.keys(p);
  if (keys.length > MAX_PARAMETERS) {
    return [
      {
        type: "FieldValueTooLong",
        field: "parameters",
        value: "Provisioner Parameters exceeded max allowed",
        detail: `may not be more than ${MAX_PARAMETERS} bytes`,
      },
    ];
  }
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of keys) {
    if (k.length < 1) errs.push(invalidValue("parameters", k, "field can not be empty."));
    total += utf8Length(k) + utf8Length(str(p[k]));
  }
  if (total > MAX_PARAMETERS_SIZE)
    errs.push({
      type: "FieldValueTooLong",
      field: "parameters",
      value: "",
      detail: `may not be more than ${MAX_PARAMETERS_SIZE} bytes`,
    });
  return errs;
}

/** ValidateTopologySelectorTerm for each allowedTopologies entry. */
function validateAllowedTopologies(topologies: unknown): FieldError[] {
  const errs: FieldError[] = [];
  arr(topologies).forEach((t, i) => {
    const exprPath = child(index("allowedTopologies", i), "matchLabelExpressions");
    const keys = new Set<string>();
    arr(obj(t).matchLabelExpressions).forEach((e, j) => {
      const req = obj(e);
      const p = index(exprPath, j);
      const values = arr(req.values).map(str);
      if (values.length === 0) errs.push(required(child(p, "values")));
      const seen = new Set<string>();
      values.forEach((v, k) => {
        if (seen.has(v)) errs.push({ type: "FieldValueDuplicate", field: index(child(p, "values"), k), value: v });
        seen.add(v);
      });
      errs.push(...validateLabelName(str(req.key), child(p, "key")));
      if (keys.has(str(req.key)))
        errs.push({ type: "FieldValueDuplicate", field: child(p, "key"), value: str(req.key) });
      keys.add(str(req.key));
    });
  });
  return errs;
}

function validateStorageClassObject(sc: KObject): FieldError[] {
  const s = sc as Obj;
  const errs = validateObjectMeta(sc.metadata, { namespaced: false, nameRule: "subdomain" });
  const provisioner = str(s.provisioner);
  if (!provisioner) errs.push(required("provisioner"));
  else errs.push(...isQualifiedName(provisioner.toLowerCase()).map((m) => invalidValue("provisioner", provisioner, m)));
  errs.push(...validateParameters(s.parameters));
  const reclaim = str(s.reclaimPolicy);
  if (reclaim && !RECLAIM_POLICIES.includes(reclaim))
    errs.push(notSupported("reclaimPolicy", reclaim, RECLAIM_POLICIES));
  if (!has(s, "volumeBindingMode")) errs.push(required("volumeBindingMode"));
  else if (!BINDING_MODES.includes(str(s.volumeBindingMode)))
    errs.push(notSupported("volumeBindingMode", str(s.volumeBindingMode), BINDING_MODES));
  errs.push(...validateAllowedTopologies(s.allowedTopologies));
  return errs;
}

/**
 * ValidateStorageClass, and on update ValidateStorageClass + ValidateStorageClassUpdate as the strategy runs
 * them. Run defaultStorageClass first (volumeBindingMode is required once defaulted).
 */
export function validateStorageClass(sc: KObject, old?: KObject): FieldError[] {
  const errs = validateStorageClassObject(sc);
  if (!old) return errs;
  const s = sc as Obj;
  const o = old as Obj;
  errs.push(...validateObjectMetaUpdate(sc.metadata, old.metadata));
  const paramsEqual =
    isPlainObject(s.parameters) || isPlainObject(o.parameters) ? semanticEqual(s.parameters, o.parameters) : true;
  if (!paramsEqual) errs.push(forbiddenField("parameters", "updates to parameters are forbidden."));
  if (str(s.provisioner) !== str(o.provisioner))
    errs.push(forbiddenField("provisioner", "updates to provisioner are forbidden."));
  if (str(s.reclaimPolicy) !== str(o.reclaimPolicy))
    errs.push(forbiddenField("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  errs.push(...validateImmutableField(s.volumeBindingMode, o.volumeBindingMode, "volumeBindingMode"));
  return errs;
}
