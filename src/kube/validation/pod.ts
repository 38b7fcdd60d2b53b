/**
 * Pod and PodSpec validation (pkg/apis/core/validation/validation.go, Kubernetes 1.32 behaviour).
 *
 * Works on the v1 JSON shape after defaulting (src/kube/defaults/pod.ts), exactly as the API server validates
 * after SetDefaults_*: fields kube defaults (terminationMessagePolicy, imagePullPolicy, restartPolicy, ...) are
 * therefore reported as Required when missing, as kube does for an undefaulted object.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required, tooLong } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { type Quantity, QuantityParseError, quantityFromJSON } from "../quantity";
import { type LabelSelectorObject, validateLabelSelector as validateSelectorObject } from "../selectors/label-selector";

/** ValidateLabelSelector on a raw JSON value (ignored unless it is an object). */
const validateLabelSelector = (sel: unknown, path: string): FieldError[] =>
  isPlainObject(sel) ? validateSelectorObject(sel as LabelSelectorObject, path) : [];

import {
  inclusiveRangeError,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabelName,
  validateLabels,
} from "./names";
import {
  child,
  goAny,
  goFieldName,
  goMapValue,
  goSliceValue,
  IS_NEGATIVE,
  IS_NOT_POSITIVE,
  index,
  key,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

// ---- quantities -------------------------------------------------------------------------------------------

/** The JSON value as a resource.Quantity, or the decoder's message when it does not parse. */
export function parseQuantityOrError(v: unknown): Quantity | string {
  try {
    return quantityFromJSON(v);
  } catch (e) {
    return e instanceof QuantityParseError ? e.message : String(e);
  }
}

const q = (v: unknown): Quantity | undefined => {
  const r = parseQuantityOrError(v);
  return typeof r === "string" ? undefined : r;
};
/** Quantity.String() of a JSON quantity (the raw text when it does not parse). */
export const formatQuantity = (v: unknown): string => q(v)?.toString() ?? str(v);
const isNegativeQuantity = (v: unknown): boolean => (q(v)?.sign() ?? 0) < 0;
const isIntegerQuantity = (v: unknown): boolean => {
  const x = q(v);
  return !x || x.milliValue() % 1000n === 0n;
};
/** Cmp of two JSON quantities; undefined when either does not parse. */
export function cmpQuantities(a: unknown, b: unknown): number | undefined {
  const x = q(a);
  const y = q(b);
  return x && y ? x.cmp(y) : undefined;
}
const isZeroQuantity = (v: unknown): boolean => q(v)?.isZero() ?? false;

export interface PodValidationOptions {
  /** The spec belongs to a Pod (not a template inside a workload): enables pod-only checks. */
  resourceIsPod?: boolean;
  /** The pod's metadata, for generic ephemeral volume PVC names. */
  podMeta?: Obj;
  /** Tolerate an invalid pod-deletion-cost annotation (set on update when the old pod already had one). */
  allowInvalidPodDeletionCost?: boolean;
  /** Allow projected service account token paths outside the volume (kube: only for existing objects). */
  allowNonLocalProjectedTokenPath?: boolean;
}

const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"];

// ---- paths and local files ------------------------------------------------------------------------------

function isAbsPath(p: string): boolean {
  return p.startsWith("/");
}

function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split("/").includes("..") ? [invalidValue(path, target, "must not contain '..'")] : [];
}

function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isAbsPath(target)) errs.push(invalidValue(path, target, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

/** ValidateLocalNonReservedPath. */
function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith("..") && !target.startsWith("../"))
    errs.push(invalidValue(path, target, "must not start with '..'"));
  return errs;
}

function validateFileMode(mode: unknown, path: string): FieldError[] {
  return typeof mode === "number" && (mode > 0o777 || mode < 0) ? [invalidValue(path, mode, FILE_MODE_ERROR)] : [];
}

function validateKeyToPath(kp: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(kp.key)) errs.push(required(child(path, "key")));
  if (!str(kp.path)) errs.push(required(child(path, "path")));
  errs.push(...validateLocalNonReservedPath(str(kp.path), child(path, "path")));
  errs.push(...validateFileMode(kp.mode, child(path, "mode")));
  return errs;
}

// ---- volumes ---------------------------------------------------------------------------------------------

const SUPPORTED_HOST_PATH_TYPES = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

const VALID_VOLUME_DOWNWARD_API_FIELD_PATHS = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
];
const VALID_ENV_DOWNWARD_API_FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const VALID_CONTAINER_RESOURCE_FIELD_PATHS = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];
/** pods.ConvertDownwardAPIFieldLabel for v1. */
const CONVERTIBLE_FIELD_LABELS = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['x']` → path + subscript. */
function splitSubscriptedPath(fieldPath: string): { path: string; subscript?: string } {
  const m = /^(.*)\['(.*)'\]$/.exec(fieldPath);
  return m ? { path: m[1], subscript: m[2] } : { path: fieldPath };
}

function validateObjectFieldSelector(fs: Obj, expressions: string[], path: string): FieldError[] {
  const apiVersion = str(fs.apiVersion);
  const fieldPath = str(fs.fieldPath);
  if (!apiVersion) return [required(child(path, "apiVersion"))];
  if (!fieldPath) return [required(child(path, "fieldPath"))];
  const { path: base, subscript } = splitSubscriptedPath(fieldPath);
  let convErr: string | undefined;
  if (apiVersion !== "v1") convErr = `unsupported pod version: ${apiVersion}`;
  else if (subscript !== undefined) {
    if (base !== "metadata.annotations" && base !== "metadata.labels")
      convErr = `field label not supported: ${fieldPath}`;
  } else if (!CONVERTIBLE_FIELD_LABELS.has(fieldPath)) convErr = `field label not supported: ${fieldPath}`;
  if (convErr) return [invalidValue(child(path, "fieldPath"), fieldPath, `error converting fieldPath: ${convErr}`)];
  if (subscript !== undefined) {
    const name = base === "metadata.annotations" ? subscript.toLowerCase() : subscript;
    return isQualifiedName(name).map((m) => invalidValue(path, name, m));
  }
  if (!expressions.includes(fieldPath)) return [notSupported(child(path, "fieldPath"), fieldPath, expressions)];
  return [];
}

const DIVISORS_CPU = ["1m", "1"];
const DIVISORS_BYTES = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];

function validateContainerResourceDivisor(resource: string, divisor: unknown, path: string): FieldError[] {
  if (divisor === undefined || divisor === null || divisor === "" || isZeroQuantity(divisor)) return [];
  const d = formatQuantity(divisor);
  const errs: FieldError[] = [];
  switch (resource) {
    case "limits.cpu":
    case "requests.cpu":
      if (!DIVISORS_CPU.includes(d)) {
        errs.push(
          invalidValue(
            child(path, "divisor"),
            resource,
            "only divisor's values 1m and 1 are supported with the cpu resource",
          ),
        );
      }
      break;
    case "limits.memory":
    case "requests.memory":
      if (!DIVISORS_BYTES.includes(d)) {
        errs.push(
          invalidValue(
            child(path, "divisor"),
            resource,
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
          ),
        );
      }
      break;
    case "limits.ephemeral-storage":
    case "requests.ephemeral-storage":
      if (!DIVISORS_BYTES.includes(d)) {
        errs.push(
          invalidValue(
            child(path, "divisor"),
            resource,
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
          ),
        );
      }
      break;
  }
  if (
    (resource.startsWith("requests.hugepages-") || resource.startsWith("limits.hugepages-")) &&
    !DIVISORS_BYTES.includes(d)
  ) {
    errs.push(
      invalidValue(
        child(path, "divisor"),
        resource,
        "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource",
      ),
    );
  }
  return errs;
}

function validateContainerResourceFieldSelector(fs: Obj, path: string, volume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(fs.resource);
  if (volume && !str(fs.containerName)) errs.push(required(child(path, "containerName")));
  else if (!resource) errs.push(required(child(path, "resource")));
  else if (
    !VALID_CONTAINER_RESOURCE_FIELD_PATHS.includes(resource) &&
    !resource.startsWith("limits.hugepages-") &&
    !resource.startsWith("requests.hugepages-")
  ) {
    errs.push(notSupported(child(path, "resource"), resource, VALID_CONTAINER_RESOURCE_FIELD_PATHS));
  }
  errs.push(...validateContainerResourceDivisor(resource, fs.divisor, path));
  return errs;
}

function validateDownwardAPIVolumeFile(file: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(file.path)) errs.push(required(child(path, "path")));
  errs.push(...validateLocalNonReservedPath(str(file.path), child(path, "path")));
  if (has(file, "fieldRef")) {
    errs.push(
      ...validateObjectFieldSelector(
        obj(file.fieldRef),
        VALID_VOLUME_DOWNWARD_API_FIELD_PATHS,
        child(path, "fieldRef"),
      ),
    );
    if (has(file, "resourceFieldRef")) {
      errs.push(invalidValue(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
    }
  } else if (has(file, "resourceFieldRef")) {
    errs.push(
      ...validateContainerResourceFieldSelector(obj(file.resourceFieldRef), child(path, "resourceFieldRef"), true),
    );
  } else {
    errs.push(required(path, "one of fieldRef and resourceFieldRef is required"));
  }
  errs.push(...validateFileMode(file.mode, child(path, "mode")));
  return errs;
}

function validateProjectionSources(projection: Obj, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const allPaths = new Set<string>();
  const notePath = (p: string, shown: string) => {
    if (allPaths.has(p)) errs.push(invalidValue(path, shown, "conflicting duplicate paths"));
    else allPaths.add(p);
  };
  arr(projection.sources).forEach((rawSource, i) => {
    const source = obj(rawSource);
    let numSources = 0;
    const srcPath = index(child(path, "sources"), i);
    for (const kind of ["secret", "configMap"] as const) {
      if (!has(source, kind)) continue;
      numSources++;
      const s = obj(source[kind]);
      const projPath = child(srcPath, kind);
      if (!str(s.name)) errs.push(required(child(projPath, "name")));
      arr(s.items).forEach((kp, j) => {
        const item = obj(kp);
        errs.push(...validateKeyToPath(item, index(child(projPath, "items"), j)));
        if (str(item.path)) notePath(str(item.path), str(s.name));
      });
    }
    if (has(source, "downwardAPI")) {
      numSources++;
      const projPath = child(srcPath, "downwardAPI");
      for (const rawFile of arr(obj(source.downwardAPI).items)) {
        const file = obj(rawFile);
        errs.push(...validateDownwardAPIVolumeFile(file, projPath));
        if (str(file.path)) notePath(str(file.path), str(file.path));
      }
    }
    if (has(source, "serviceAccountToken")) {
      numSources++;
      const sat = obj(source.serviceAccountToken);
      const projPath = child(srcPath, "serviceAccountToken");
      const exp = typeof sat.expirationSeconds === "number" ? sat.expirationSeconds : 0;
      if (exp < 600) {
        errs.push(
          invalidValue(child(projPath, "expirationSeconds"), exp, "may not specify a duration less than 10 minutes"),
        );
      }
      if (exp > 2 ** 32) {
        errs.push(
          invalidValue(
            child(projPath, "expirationSeconds"),
            exp,
            "may not specify a duration larger than 2^32 seconds",
          ),
        );
      }
      if (!str(sat.path)) errs.push(required(child(path, "path")));
      else if (!opts.allowNonLocalProjectedTokenPath)
        errs.push(...validateLocalNonReservedPath(str(sat.path), child(path, "path")));
    }
    if (has(source, "clusterTrustBundle")) {
      numSources++;
      const ctb = obj(source.clusterTrustBundle);
      const projPath = child(srcPath, "clusterTrustBundle");
      const usingName = ctb.name !== undefined && ctb.name !== null;
      const usingSigner = ctb.signerName !== undefined && ctb.signerName !== null;
      if (usingName && usingSigner)
        errs.push(invalidValue(projPath, ctb, "only one of name and signerName may be used"));
      else if (usingName) {
        if (!str(ctb.name)) errs.push(required(child(projPath, "name"), "must be a valid object name"));
        if (has(ctb, "labelSelector")) {
          errs.push(
            invalidValue(
              child(projPath, "labelSelector"),
              ctb.labelSelector,
              "labelSelector must be unset if name is specified",
            ),
          );
        }
      } else if (usingSigner) {
        if (!str(ctb.signerName)) errs.push(required(child(projPath, "signerName"), "must be a valid signer name"));
        errs.push(...validateLabelSelector(ctb.labelSelector, child(projPath, "labelSelector")));
      } else {
        errs.push(required(projPath, "either name or signerName must be specified"));
      }
      if (!str(ctb.path)) errs.push(required(child(projPath, "path")));
      errs.push(...validateLocalNonReservedPath(str(ctb.path), child(projPath, "path")));
      notePath(str(ctb.path), str(ctb.path));
    }
    if (numSources > 1) errs.push(forbiddenField(srcPath, "may not specify more than 1 volume type per source"));
  });
  return errs;
}

/** Required string fields of the volume sources whose validation is only "is it set". */
const SIMPLE_SOURCES: Record<string, { path?: string; required: string[] }> = {
  gitRepo: { required: ["repository"] },
  gcePersistentDisk: { path: "persistentDisk", required: ["pdName"] },
  awsElasticBlockStore: { required: ["volumeID"] },
  glusterfs: { required: ["endpoints", "path"] },
  persistentVolumeClaim: { required: ["claimName"] },
  rbd: { required: ["monitors", "image"] },
  cinder: { required: ["volumeID"] },
  cephfs: { required: ["monitors"] },
  flexVolume: { required: ["driver"] },
  azureFile: { required: ["secretName", "shareName"] },
  vsphereVolume: { required: ["volumePath"] },
  photonPersistentDisk: { required: ["pdID"] },
  portworxVolume: { required: ["volumeID"] },
  azureDisk: { required: ["diskName", "diskURI"] },
  storageos: { required: ["volumeName"] },
  scaleIO: { required: ["gateway", "system", "volumeName"] },
  quobyte: { required: ["registry", "volume"] },
  iscsi: { required: ["targetPortal", "iqn"] },
};

/** The order kube checks sources in; the second key is the (sometimes misspelt) path of "more than 1" errors. */
const VOLUME_SOURCE_ORDER: [string, string][] = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

function validateCSIDriverName(driver: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(path));
  if (driver.length > 63) errs.push(tooLong(path, "", 63));
  for (const m of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalidValue(path, driver, m));
  return errs;
}

function validateSourceBody(
  kind: string,
  src: Obj,
  path: string,
  volName: string,
  opts: PodValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case "emptyDir":
      if (has(src, "sizeLimit") && isNegativeQuantity(src.sizeLimit)) {
        errs.push(forbiddenField(child(path, "sizeLimit"), "SizeLimit field must be a valid resource quantity"));
      }
      return errs;
    case "hostPath": {
      const p = str(src.path);
      if (!p) return [required(child(path, "path"))];
      errs.push(...validatePathNoBacksteps(p, child(path, "path")));
      if (src.type !== undefined && src.type !== null && !SUPPORTED_HOST_PATH_TYPES.includes(str(src.type))) {
        errs.push(notSupported(child(path, "type"), src.type, SUPPORTED_HOST_PATH_TYPES));
      }
      return errs;
    }
    case "secret":
      if (!str(src.secretName)) errs.push(required(child(path, "secretName")));
      errs.push(...validateFileMode(src.defaultMode, child(path, "defaultMode")));
      arr(src.items).forEach((kp, i) => {
        errs.push(...validateKeyToPath(obj(kp), index(child(path, "items"), i)));
      });
      return errs;
    case "configMap":
      if (!str(src.name)) errs.push(required(child(path, "name")));
      errs.push(...validateFileMode(src.defaultMode, child(path, "defaultMode")));
      arr(src.items).forEach((kp, i) => {
        errs.push(...validateKeyToPath(obj(kp), index(child(path, "items"), i)));
      });
      return errs;
    case "nfs":
      if (!str(src.server)) errs.push(required(child(path, "server")));
      if (!str(src.path)) errs.push(required(child(path, "path")));
      if (!isAbsPath(str(src.path)))
        errs.push(invalidValue(child(path, "path"), str(src.path), "must be an absolute path"));
      return errs;
    case "downwardAPI":
      errs.push(...validateFileMode(src.defaultMode, child(path, "defaultMode")));
      for (const f of arr(src.items)) errs.push(...validateDownwardAPIVolumeFile(obj(f), path));
      return errs;
    case "projected":
      errs.push(...validateFileMode(src.defaultMode, child(path, "defaultMode")));
      errs.push(...validateProjectionSources(src, path, opts));
      return errs;
    case "flocker": {
      const name = str(src.datasetName);
      const uuid = str(src.datasetUUID);
      if (!name && !uuid) errs.push(required(path, "one of datasetName and datasetUUID is required"));
      if (name && uuid)
        errs.push(invalidValue(path, "resource", "datasetName and datasetUUID can not be specified simultaneously"));
      if (name.includes("/")) errs.push(invalidValue(child(path, "datasetName"), name, "must not contain '/'"));
      return errs;
    }
    case "fc": {
      const wwns = arr(src.targetWWNs);
      const wwids = arr(src.wwids);
      if (wwns.length < 1 && wwids.length < 1) {
        errs.push(required(child(path, "targetWWNs"), "must specify either targetWWNs or wwids, but not both"));
      }
      if (wwns.length && wwids.length) {
        errs.push(
          invalidValue(
            child(path, "targetWWNs"),
            goSliceValue(wwns),
            "targetWWNs and wwids can not be specified simultaneously",
          ),
        );
      }
      if (wwns.length) {
        if (typeof src.lun !== "number")
          errs.push(required(child(path, "lun"), "lun is required if targetWWNs is specified"));
        else if (src.lun < 0 || src.lun > 255)
          errs.push(invalidValue(child(path, "lun"), src.lun, inclusiveRangeError(0, 255)));
      }
      return errs;
    }
    case "csi":
      return validateCSIDriverName(str(src.driver), child(path, "driver"));
    case "ephemeral": {
      if (!has(src, "volumeClaimTemplate")) return [required(child(path, "volumeClaimTemplate"))];
      const tpl = obj(src.volumeClaimTemplate);
      const tplPath = child(path, "volumeClaimTemplate");
      const meta = obj(tpl.metadata);
      errs.push(
        ...validateAnnotations(meta.annotations as Record<string, string>, child(tplPath, "metadata", "annotations")),
      );
      errs.push(...validateLabels(meta.labels as Record<string, string>, child(tplPath, "metadata", "labels")));
      for (const k of Object.keys(meta)) {
        if (k !== "labels" && k !== "annotations" && meta[k] !== undefined && meta[k] !== null && meta[k] !== "") {
          errs.push(forbiddenField(child(tplPath, "metadata", k), "cannot be set"));
        }
      }
      const spec = obj(tpl.spec);
      const specPath = child(tplPath, "spec");
      if (arr(spec.accessModes).length === 0)
        errs.push(required(child(specPath, "accessModes"), "at least 1 access mode is required"));
      const storage = obj(obj(spec.resources).requests).storage;
      if (storage === undefined) errs.push(required(key(child(specPath, "resources"), "storage")));
      const podName = str(opts.podMeta?.name);
      if (podName && volName) {
        const pvcName = `${podName}-${volName}`;
        for (const m of isDNS1123Subdomain(pvcName))
          errs.push(invalidValue(child(path, "name"), volName, `PVC name "${pvcName}": ${m}`));
      }
      return errs;
    }
    case "image":
      if (opts.resourceIsPod && !str(src.reference)) errs.push(required(child(path, "reference")));
      errs.push(...validatePullPolicy(src.pullPolicy, child(path, "pullPolicy")));
      return errs;
    default: {
      const simple = SIMPLE_SOURCES[kind];
      if (!simple) return errs;
      const p = simple.path ? child(path.slice(0, path.lastIndexOf(".")), simple.path) : path;
      for (const f of simple.required) {
        const v = src[f];
        if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0))
          errs.push(required(child(p, f)));
      }
      if ((kind === "gcePersistentDisk" || kind === "awsElasticBlockStore") && typeof src.partition === "number") {
        if (src.partition < 0 || src.partition > 255)
          errs.push(invalidValue(child(p, "partition"), src.partition, inclusiveRangeError(1, 255)));
      }
      if (kind === "iscsi" && typeof src.lun === "number" && (src.lun < 0 || src.lun > 255)) {
        errs.push(invalidValue(child(p, "lun"), src.lun, inclusiveRangeError(0, 255)));
      }
      return errs;
    }
  }
}

function validateVolumeSource(vol: Obj, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let numVolumes = 0;
  for (const [kind, forbiddenName] of VOLUME_SOURCE_ORDER) {
    if (!has(vol, kind)) continue;
    if (numVolumes > 0) {
      errs.push(forbiddenField(child(path, forbiddenName), "may not specify more than 1 volume type"));
      continue;
    }
    numVolumes++;
    errs.push(...validateSourceBody(kind, obj(vol[kind]), child(path, kind), str(vol.name), opts));
  }
  if (numVolumes === 0) errs.push(required(path, "must specify a volume type"));
  return errs;
}

/** ValidateVolumes: returns the valid volumes by name (mounts may only refer to those) and the errors. */
export function validateVolumes(
  volumes: unknown,
  path: string,
  opts: PodValidationOptions = {},
): { volumes: Map<string, Obj>; errors: FieldError[] } {
  const all = new Map<string, Obj>();
  const errors: FieldError[] = [];
  const podName = str(opts.podMeta?.name);
  const createdPVCs = new Set<string>();
  if (podName)
    for (const v of arr(volumes)) if (has(obj(v), "ephemeral")) createdPVCs.add(`${podName}-${str(obj(v).name)}`);
  arr(volumes).forEach((raw, i) => {
    const vol = obj(raw);
    const idxPath = index(path, i);
    const namePath = child(idxPath, "name");
    const name = str(vol.name);
    const el = validateVolumeSource(vol, idxPath, opts);
    if (!name) el.push(required(namePath));
    else el.push(...isDNS1123Label(name).map((m) => invalidValue(namePath, name, m)));
    if (all.has(name)) el.push({ type: "FieldValueDuplicate", field: namePath, value: name });
    if (el.length === 0) all.set(name, vol);
    else errors.push(...el);
    const claim = str(obj(vol.persistentVolumeClaim).claimName);
    if (has(vol, "persistentVolumeClaim") && createdPVCs.has(claim)) {
      errors.push(
        invalidValue(
          child(idxPath, "persistentVolumeClaim", "claimName"),
          claim,
          "must not reference a PVC that gets created for an ephemeral volume",
        ),
      );
    }
  });
  return { volumes: all, errors };
}

// ---- containers --------------------------------------------------------------------------------------------

function validatePullPolicy(policy: unknown, path: string): FieldError[] {
  const p = str(policy);
  if (p === "Always" || p === "IfNotPresent" || p === "Never") return [];
  if (p === "") return [required(path)];
  return [notSupported(path, p, ["Always", "IfNotPresent", "Never"])];
}

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((raw, i) => {
    const port = obj(raw);
    const p = index(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((m) => invalidValue(child(p, "name"), name, m)));
      else if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(p, "name"), value: name });
      else names.add(name);
    }
    const cp = typeof port.containerPort === "number" ? port.containerPort : 0;
    if (cp === 0) errs.push(required(child(p, "containerPort")));
    else errs.push(...isValidPortNum(cp).map((m) => invalidValue(child(p, "containerPort"), cp, m)));
    const hp = typeof port.hostPort === "number" ? port.hostPort : 0;
    if (hp !== 0) errs.push(...isValidPortNum(hp).map((m) => invalidValue(child(p, "hostPort"), hp, m)));
    const proto = str(port.protocol);
    if (!proto) errs.push(required(child(p, "protocol")));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(proto))
      errs.push(notSupported(child(p, "protocol"), proto, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(sel: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sel.name);
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalidValue(child(path, "name"), name, m));
  const k = str(sel.key);
  if (!k) errs.push(required(child(path, "key")));
  else for (const m of isConfigMapKey(k)) errs.push(invalidValue(child(path, "key"), k, m));
  return errs;
}

function validateEnvVarValueFrom(ev: Obj, path: string): FieldError[] {
  if (!has(ev, "valueFrom")) return [];
  const vf = obj(ev.valueFrom);
  const errs: FieldError[] = [];
  let numSources = 0;
  if (has(vf, "fieldRef")) {
    numSources++;
    errs.push(
      ...validateObjectFieldSelector(obj(vf.fieldRef), VALID_ENV_DOWNWARD_API_FIELD_PATHS, child(path, "fieldRef")),
    );
  }
  if (has(vf, "resourceFieldRef")) {
    numSources++;
    errs.push(
      ...validateContainerResourceFieldSelector(obj(vf.resourceFieldRef), child(path, "resourceFieldRef"), false),
    );
  }
  if (has(vf, "configMapKeyRef")) {
    numSources++;
    errs.push(...validateKeySelector(obj(vf.configMapKeyRef), child(path, "configMapKeyRef")));
  }
  if (has(vf, "secretKeyRef")) {
    numSources++;
    errs.push(...validateKeySelector(obj(vf.secretKeyRef), child(path, "secretKeyRef")));
  }
  if (numSources === 0) {
    errs.push(
      invalidValue(
        path,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  } else if (str(ev.value)) {
    errs.push(invalidValue(path, "", "may not be specified when `value` is not empty"));
  } else if (numSources > 1) {
    errs.push(invalidValue(path, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

/** ValidateEnv (RelaxedEnvironmentVariableValidation is on by default in 1.32). */
export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((raw, i) => {
    const ev = obj(raw);
    const p = index(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(child(p, "name")));
    else errs.push(...isRelaxedEnvVarName(name).map((m) => invalidValue(child(p, "name"), name, m)));
    errs.push(...validateEnvVarValueFrom(ev, child(p, "valueFrom")));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((raw, i) => {
    const ev = obj(raw);
    const p = index(path, i);
    const prefix = str(ev.prefix);
    if (prefix) errs.push(...isRelaxedEnvVarName(prefix).map((m) => invalidValue(child(p, "prefix"), prefix, m)));
    let numSources = 0;
    for (const k of ["configMapRef", "secretRef"]) {
      if (!has(ev, k)) continue;
      numSources++;
      const name = str(obj(ev[k]).name);
      if (!name) errs.push(required(child(p, k, "name")));
      else for (const m of nameIsDNSSubdomain(name, true)) errs.push(invalidValue(child(p, k, "name"), name, m));
    }
    if (numSources === 0) errs.push(invalidValue(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (numSources > 1) errs.push(invalidValue(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

const MOUNT_PROPAGATIONS = ["Bidirectional", "HostToContainer", "None"];

function validateVolumeMounts(
  mounts: unknown,
  devices: Map<string, string>,
  volumes: Map<string, Obj>,
  ctr: Obj,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  arr(mounts).forEach((raw, i) => {
    const mnt = obj(raw);
    const p = index(path, i);
    const name = str(mnt.name);
    const mountPath = str(mnt.mountPath);
    if (!name) errs.push(required(child(p, "name")));
    if (!volumes.has(name)) errs.push({ type: "FieldValueNotFound", field: child(p, "name"), value: name });
    if (!mountPath) errs.push(required(child(p, "mountPath")));
    if (mountpoints.has(mountPath)) errs.push(invalidValue(child(p, "mountPath"), mountPath, "must be unique"));
    mountpoints.add(mountPath);
    if (devices.has(name)) errs.push(invalidValue(child(p, "name"), name, "must not already exist in volumeDevices"));
    if ([...devices.values()].includes(mountPath)) {
      errs.push(invalidValue(child(p, "mountPath"), mountPath, "must not already exist as a path in volumeDevices"));
    }
    const vol = volumes.get(name);
    if (vol && has(vol, "image")) {
      if (str(mnt.subPath))
        errs.push(invalidValue(child(p, "subPath"), mnt.subPath, "not allowed in image volume sources"));
      if (str(mnt.subPathExpr))
        errs.push(invalidValue(child(p, "subPathExpr"), mnt.subPathExpr, "not allowed in image volume sources"));
    }
    // kube reports these two against the list path, not the item's.
    if (str(mnt.subPath)) errs.push(...validateLocalDescendingPath(str(mnt.subPath), child(path, "subPath")));
    if (str(mnt.subPathExpr)) {
      if (str(mnt.subPath)) {
        errs.push(
          invalidValue(child(p, "subPathExpr"), mnt.subPathExpr, "subPathExpr and subPath are mutually exclusive"),
        );
      }
      errs.push(...validateLocalDescendingPath(str(mnt.subPathExpr), child(path, "subPathExpr")));
    }
    if (has(mnt, "mountPropagation")) {
      const mp = str(mnt.mountPropagation);
      const mpPath = child(path, "mountPropagation");
      if (!MOUNT_PROPAGATIONS.includes(mp)) errs.push(notSupported(mpPath, mp, MOUNT_PROPAGATIONS));
      const privileged = obj(ctr.securityContext).privileged === true;
      if (mp === "Bidirectional" && !privileged) {
        errs.push(forbiddenField(mpPath, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
    if (has(mnt, "recursiveReadOnly")) {
      const rro = str(mnt.recursiveReadOnly);
      const rroPath = child(path, "recursiveReadOnly");
      if (rro === "Enabled" || rro === "IfPossible") {
        if (mnt.readOnly !== true) errs.push(forbiddenField(rroPath, "may only be specified when readOnly is true"));
        if (has(mnt, "mountPropagation") && mnt.mountPropagation !== "None") {
          errs.push(forbiddenField(rroPath, "may only be specified when mountPropagation is None or not specified"));
        }
      } else if (rro !== "Disabled") {
        errs.push(notSupported(rroPath, rro, ["Disabled", "Enabled", "IfPossible"]));
      }
    }
  });
  return errs;
}

function validateVolumeDevices(
  devices: unknown,
  mounts: Map<string, string>,
  volumes: Map<string, Obj>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  const names = new Set<string>();
  arr(devices).forEach((raw, i) => {
    const dev = obj(raw);
    const p = index(path, i);
    const name = str(dev.name);
    const devPath = str(dev.devicePath);
    const vol = volumes.get(name);
    const isPVC = !!vol && (has(vol, "persistentVolumeClaim") || has(vol, "ephemeral"));
    if (!name) errs.push(required(child(p, "name")));
    if (names.has(name)) errs.push(invalidValue(child(p, "name"), name, "must be unique"));
    if (vol && !isPVC) {
      errs.push(
        invalidValue(
          child(p, "name"),
          name,
          "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
        ),
      );
    }
    if (!vol) errs.push({ type: "FieldValueNotFound", field: child(p, "name"), value: name });
    if (!devPath) errs.push(required(child(p, "devicePath")));
    if (paths.has(devPath)) errs.push(invalidValue(child(p, "devicePath"), devPath, "must be unique"));
    if (devPath?.split("/").includes("..")) {
      errs.push(invalidValue(child(p, "devicePath"), devPath, "can not contain backsteps ('..')"));
    } else paths.add(devPath);
    if (mounts.has(name)) errs.push(invalidValue(child(p, "name"), name, "must not already exist in volumeMounts"));
    if ([...mounts.values()].includes(devPath)) {
      errs.push(invalidValue(child(p, "devicePath"), devPath, "must not already exist as a path in volumeMounts"));
    }
    if (name) names.add(name);
  });
  return errs;
}

// ---- resources ---------------------------------------------------------------------------------------------

const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);
const INTEGER_RESOURCES = new Set([
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
]);

const isHugePageResourceName = (n: string) => n.startsWith("hugepages-");
const isNativeResource = (n: string) => !n.includes("/") || n.includes("kubernetes.io/");
function isExtendedResourceName(n: string): boolean {
  if (isNativeResource(n) || n.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${n}`).length === 0;
}
const isOvercommitAllowed = (n: string) => isNativeResource(n) && !isHugePageResourceName(n);
const isIntegerResourceName = (n: string) => INTEGER_RESOURCES.has(n) || isExtendedResourceName(n);

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalidValue(path, name, m));
  if (errs.length) return errs;
  if (!name.includes("/")) {
    const standard =
      STANDARD_RESOURCES.has(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
    if (!standard) return [invalidValue(path, name, "must be a standard resource type or fully qualified")];
  }
  return [];
}

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes("/")) {
    if (!(name === "cpu" || name === "memory" || name === "ephemeral-storage" || isHugePageResourceName(name))) {
      errs.push(invalidValue(path, name, "must be a standard resource for containers"));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidValue(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: non-negative, and whole for integer resources. */
export function validateResourceQuantityValue(resource: string, value: unknown, path: string): FieldError[] {
  const parsed = parseQuantityOrError(value);
  if (typeof parsed === "string") return [invalidValue(path, str(value), parsed)];
  const errs: FieldError[] = [];
  if (isNegativeQuantity(value)) errs.push(invalidValue(path, formatQuantity(value), IS_NEGATIVE));
  if (isIntegerResourceName(resource) && !isIntegerQuantity(value)) {
    errs.push(invalidValue(path, formatQuantity(value), "must be an integer"));
  }
  return errs;
}

/** ValidateContainerResourceRequirements: names, quantities, requests <= limits. */
export function validateContainerResourceRequirements(
  resources: unknown,
  path: string,
  podClaimNames: Set<string> = new Set(),
): FieldError[] {
  const req = obj(resources);
  const limits = obj(req.limits);
  const requests = obj(req.requests);
  const limPath = child(path, "limits");
  const reqPath = child(path, "requests");
  const errs: FieldError[] = [];
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  for (const [name, q] of Object.entries(limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === "cpu" || name === "memory") limCpuMem = true;
  }
  for (const [name, q] of Object.entries(requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (Object.hasOwn(limits, name)) {
      const lim = limits[name];
      const c = cmpQuantities(q, lim);
      if (c !== undefined) {
        if (c !== 0 && !isOvercommitAllowed(name)) {
          errs.push(
            invalidValue(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(lim)}`),
          );
        } else if (c > 0) {
          errs.push(
            invalidValue(
              reqPath,
              formatQuantity(q),
              `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`,
            ),
          );
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === "cpu" || name === "memory") reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && hugePages) errs.push(forbiddenField(path, "HugePages require cpu or memory"));
  const names = new Set<string>();
  arr(req.claims).forEach((raw, i) => {
    const claim = obj(raw);
    const name = str(claim.name);
    const p = index(child(path, "claims"), i);
    if (!name) {
      errs.push(required(p));
      return;
    }
    if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: p, value: name });
    else {
      let k = name;
      if (str(claim.request)) {
        errs.push(
          ...isDNS1123Label(str(claim.request)).map((m) => invalidValue(child(p, "request"), claim.request, m)),
        );
        k += `/${str(claim.request)}`;
      }
      if (names.has(k)) errs.push({ type: "FieldValueDuplicate", field: p, value: k });
      names.add(k);
    }
    if (!podClaimNames.has(name)) {
      const detail = `must be one of the names in pod.spec.resourceClaims${podClaimNames.size === 0 ? " which is empty" : `: ${[...podClaimNames].sort().join(", ")}`}`;
      errs.push({ type: "FieldValueNotFound", field: p, value: name, detail });
    }
  });
  return errs;
}

// ---- probes and lifecycle ------------------------------------------------------------------------------------

/** ValidatePortNumOrName (an int or an IANA service name). */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalidValue(path, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => invalidValue(path, port, m));
  return [{ type: "InternalError", field: path, detail: "unknown type: 0" }];
}

function validateHandler(handler: Obj, kinds: string[], gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const k of kinds) {
    if (!has(handler, k)) continue;
    if (n > 0) {
      errs.push(forbiddenField(child(path, k), "may not specify more than 1 handler type"));
      continue;
    }
    n++;
    const h = obj(handler[k]);
    const p = child(path, k);
    switch (k) {
      case "exec":
        if (arr(h.command).length === 0) errs.push(required(child(p, "command")));
        break;
      case "httpGet":
        if (!str(h.path)) errs.push(required(child(p, "path")));
        errs.push(...validatePortNumOrName(h.port, child(p, "port")));
        if (h.scheme !== "HTTP" && h.scheme !== "HTTPS")
          errs.push(notSupported(child(p, "scheme"), str(h.scheme), ["HTTP", "HTTPS"]));
        for (const hdr of arr(h.httpHeaders)) {
          const name = str(obj(hdr).name);
          errs.push(...isHTTPHeaderName(name).map((m) => invalidValue(child(p, "httpHeaders"), name, m)));
        }
        break;
      case "tcpSocket":
        errs.push(...validatePortNumOrName(h.port, child(p, "port")));
        break;
      case "grpc":
        errs.push(...validatePortNumOrName(typeof h.port === "number" ? h.port : 0, child(p, "port")));
        break;
      case "sleep": {
        const secs = typeof h.seconds === "number" ? h.seconds : 0;
        if (gracePeriod !== undefined && (secs <= 0 || secs > gracePeriod)) {
          errs.push(
            invalidValue(
              p,
              secs,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
            ),
          );
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"];
const LIFECYCLE_HANDLERS = ["exec", "httpGet", "tcpSocket", "sleep"];

function validateProbe(
  probe: unknown,
  gracePeriod: number | undefined,
  path: string,
  kind: "liveness" | "readiness" | "startup",
): FieldError[] {
  if (!isPlainObject(probe)) return [];
  const errs = validateHandler(probe, PROBE_HANDLERS, gracePeriod, path);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...validateNonnegativeField(probe[f], child(path, f)));
  }
  const tgp = probe.terminationGracePeriodSeconds;
  if (typeof tgp === "number" && tgp <= 0)
    errs.push(invalidValue(child(path, "terminationGracePeriodSeconds"), tgp, "must be greater than 0"));
  if (kind === "readiness") {
    if (tgp !== undefined && tgp !== null) {
      errs.push(invalidValue(child(path, "terminationGracePeriodSeconds"), tgp, "must not be set for readinessProbes"));
    }
  } else if ((typeof probe.successThreshold === "number" ? probe.successThreshold : 0) !== 1) {
    errs.push(invalidValue(child(path, "successThreshold"), probe.successThreshold ?? 0, "must be 1"));
  }
  return errs;
}

function validateLifecycle(lifecycle: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ["postStart", "preStop"]) {
    if (has(lifecycle, k))
      errs.push(...validateHandler(obj(lifecycle[k]), LIFECYCLE_HANDLERS, gracePeriod, child(path, k)));
  }
  return errs;
}

// ---- security contexts -----------------------------------------------------------------------------------

const MAX_ID = 2147483647;
const idErrors = (v: unknown, path: string): FieldError[] =>
  typeof v === "number" && (v < 0 || v > MAX_ID) ? [invalidValue(path, v, inclusiveRangeError(0, MAX_ID))] : [];

function validateSeccompProfile(sp: unknown, path: string): FieldError[] {
  if (!isPlainObject(sp)) return [];
  const errs: FieldError[] = [];
  const t = str(sp.type);
  if (t === "") errs.push(required(child(path, "type"), "type is required when seccompProfile is set"));
  else if (!["Localhost", "RuntimeDefault", "Unconfined"].includes(t)) {
    errs.push(notSupported(child(path, "type"), t, ["Localhost", "RuntimeDefault", "Unconfined"]));
  }
  if (t === "Localhost") {
    if (sp.localhostProfile === undefined || sp.localhostProfile === null) {
      errs.push(required(child(path, "localhostProfile"), "must be set when seccomp type is Localhost"));
    } else errs.push(...validateLocalDescendingPath(str(sp.localhostProfile), child(path, "localhostProfile")));
  } else if (sp.localhostProfile !== undefined && sp.localhostProfile !== null) {
    errs.push(invalidValue(child(path, "localhostProfile"), sp, "can only be set when seccomp type is Localhost"));
  }
  return errs;
}

function validateAppArmorProfile(p: unknown, path: string): FieldError[] {
  if (!isPlainObject(p)) return [];
  const errs: FieldError[] = [];
  const t = str(p.type);
  const lp = p.localhostProfile;
  switch (t) {
    case "Localhost":
      if (lp === undefined || lp === null)
        errs.push(required(child(path, "localhostProfile"), "must be set when AppArmor type is Localhost"));
      else {
        const s = str(lp);
        if (s.trim() !== s)
          errs.push(invalidValue(child(path, "localhostProfile"), s, "must not be padded with whitespace"));
        else if (s === "")
          errs.push(required(child(path, "localhostProfile"), "must be set when AppArmor type is Localhost"));
        if (s.length > 4095) errs.push(tooLong(child(path, "localhostProfile"), "", 4095));
      }
      break;
    case "RuntimeDefault":
    case "Unconfined":
      if (lp !== undefined && lp !== null) {
        errs.push(invalidValue(child(path, "localhostProfile"), lp, "can only be set when AppArmor type is Localhost"));
      }
      break;
    case "":
      errs.push(required(child(path, "type"), "type is required when appArmorProfile is set"));
      break;
    default:
      errs.push(notSupported(child(path, "type"), t, ["Localhost", "RuntimeDefault", "Unconfined"]));
  }
  return errs;
}

function validateContainerSecurityContext(sc: unknown, path: string): FieldError[] {
  if (!isPlainObject(sc)) return [];
  const errs: FieldError[] = [];
  errs.push(...idErrors(sc.runAsUser, child(path, "runAsUser")));
  errs.push(...idErrors(sc.runAsGroup, child(path, "runAsGroup")));
  if (has(sc, "procMount")) {
    const pm = str(sc.procMount);
    if (pm !== "Default" && pm !== "Unmasked")
      errs.push(notSupported(child(path, "procMount"), pm, ["Default", "Unmasked"]));
    // hostUsers can only be false with the (off by default) UserNamespacesSupport gate.
    if (pm === "Unmasked")
      errs.push(invalidValue(child(path, "procMount"), pm, "`hostUsers` must be false to use `Unmasked`"));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, "seccompProfile")));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(invalidValue(path, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    for (const cap of arr(obj(sc.capabilities).add)) {
      if (cap === "CAP_SYS_ADMIN") {
        errs.push(
          invalidValue(path, sc, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"),
        );
      }
    }
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, child(path, "appArmorProfile")));
  return errs;
}

const SYSCTL_SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
const SYSCTL_RE_SOURCE = `^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`;
const SYSCTL_RE = new RegExp(SYSCTL_RE_SOURCE);
const IPC_SYSCTLS = [
  "kernel.shmall",
  "kernel.shmmax",
  "kernel.shmmni",
  "kernel.shm_rmid_forced",
  "kernel.msgmax",
  "kernel.msgmnb",
  "kernel.msgmni",
  "kernel.sem",
];

function validatePodSecurityContext(spec: Obj, path: string): FieldError[] {
  const sc = spec.securityContext;
  if (!isPlainObject(sc)) return [];
  const errs: FieldError[] = [];
  errs.push(...idErrors(sc.fsGroup, child(path, "fsGroup")));
  errs.push(...idErrors(sc.runAsUser, child(path, "runAsUser")));
  errs.push(...idErrors(sc.runAsGroup, child(path, "runAsGroup")));
  arr(sc.supplementalGroups).forEach((g, i) => {
    errs.push(...idErrors(g, index(child(path, "supplementalGroups"), i)));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(
      invalidValue(
        child(path, "shareProcessNamespace"),
        true,
        "ShareProcessNamespace and HostPID cannot both be enabled",
      ),
    );
  }
  const seen = new Set<string>();
  arr(sc.sysctls).forEach((raw, i) => {
    const name = str(obj(raw).name);
    const p = child(index(child(path, "sysctls"), i), "name");
    if (!name) errs.push(required(p));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) {
      errs.push(invalidValue(p, name, `must have at most 253 characters and match regex ${SYSCTL_RE_SOURCE}`));
    } else if (seen.has(name)) errs.push({ type: "FieldValueDuplicate", field: p, value: name });
    const normalized = name.replaceAll("/", ".");
    if (spec.hostNetwork === true && normalized.startsWith("net.")) {
      errs.push(invalidValue(p, name, "may not be specified when 'hostNetwork' is true"));
    } else if (spec.hostIPC === true && (IPC_SYSCTLS.includes(normalized) || normalized.startsWith("fs.mqueue."))) {
      errs.push(invalidValue(p, name, "may not be specified when 'hostIPC' is true"));
    }
    seen.add(name);
  });
  if (has(sc, "fsGroupChangePolicy") && !["Always", "OnRootMismatch"].includes(str(sc.fsGroupChangePolicy))) {
    errs.push(
      notSupported(child(path, "fsGroupChangePolicy"), str(sc.fsGroupChangePolicy), ["Always", "OnRootMismatch"]),
    );
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, "seccompProfile")));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, child(path, "appArmorProfile")));
  return errs;
}

// ---- scheduling ----------------------------------------------------------------------------------------------

function validateTaintEffect(effect: string, allowEmpty: boolean, path: string): FieldError[] {
  if (!allowEmpty && effect === "") return [required(path)];
  if (effect === "NoSchedule" || effect === "PreferNoSchedule" || effect === "NoExecute") return [];
  return [notSupported(path, effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"])];
}

export { validateTaintEffect };

/** ValidateTolerations. */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((raw, i) => {
    const t = obj(raw);
    const p = index(path, i);
    const k = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    const value = str(t.value);
    if (k) errs.push(...validateLabelName(k, child(p, "key")));
    if (!k && op !== "Exists") {
      errs.push(
        invalidValue(
          child(p, "operator"),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute") {
      errs.push(invalidValue(child(p, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (op) {
      case "Equal":
      case "": {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(invalidValue(child(p, "operator"), value, msgs.join(";")));
        break;
      }
      case "Exists":
        if (value)
          errs.push(invalidValue(child(p, "operator"), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(child(p, "operator"), op, ["Equal", "Exists"]));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, child(p, "effect")));
  });
  return errs;
}

function validateNodeSelectorRequirement(rq: Obj, path: string, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const values = arr(rq.values);
  const op = str(rq.operator);
  switch (op) {
    case "In":
    case "NotIn":
      if (values.length === 0)
        errs.push(required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0)
        errs.push(
          forbiddenField(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1)
        errs.push(required(child(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalidValue(child(path, "operator"), op, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(str(rq.key), child(path, "key")));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(str(v))) errs.push(invalidValue(index(child(path, "values"), i), v, m));
    });
  }
  return errs;
}

function validateNodeSelectorTerm(term: Obj, path: string, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arr(term.matchExpressions).forEach((rq, j) => {
    errs.push(
      ...validateNodeSelectorRequirement(obj(rq), index(child(path, "matchExpressions"), j), allowInvalidValues),
    );
  });
  arr(term.matchFields).forEach((raw, j) => {
    const rq = obj(raw);
    const p = index(child(path, "matchFields"), j);
    const values = arr(rq.values);
    if (rq.operator === "In" || rq.operator === "NotIn") {
      if (values.length !== 1) {
        errs.push(
          required(
            child(p, "values"),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else errs.push(invalidValue(child(p, "operator"), str(rq.operator), "not a valid selector operator"));
    if (rq.key !== "metadata.name")
      errs.push(invalidValue(child(p, "key"), str(rq.key), "not a valid field selector key"));
    else {
      values.forEach((v, i) => {
        for (const m of nameIsDNSSubdomain(str(v), false)) errs.push(invalidValue(index(child(p, "values"), i), v, m));
      });
    }
  });
  return errs;
}

function validatePodAffinityTerm(term: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, child(path, "labelSelector")));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, "namespaceSelector")));
  for (const ns of arr(term.namespaces)) {
    for (const m of isDNS1123Label(str(ns))) errs.push(invalidValue(child(path, "namespace"), ns, m));
  }
  for (const k of ["matchLabelKeys", "mismatchLabelKeys"]) {
    const keys = arr(term[k]);
    if (keys.length === 0) continue;
    if (!has(term, "labelSelector")) {
      errs.push(forbiddenField(child(path, k), "must not be specified when labelSelector is not set"));
      continue;
    }
    keys.forEach((lk, i) => {
      errs.push(...validateLabelName(str(lk), index(child(path, k), i)));
    });
  }
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) errs.push(required(child(path, "topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(topologyKey, child(path, "topologyKey")));
  return errs;
}

function validateAffinity(affinity: unknown, path: string): FieldError[] {
  if (!isPlainObject(affinity)) return [];
  const errs: FieldError[] = [];
  if (isPlainObject(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const naPath = child(path, "nodeAffinity");
    if (has(na, "requiredDuringSchedulingIgnoredDuringExecution")) {
      const termsPath = child(naPath, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
      const terms = arr(obj(na.requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
      if (terms.length === 0) errs.push(required(termsPath, "must have at least one node selector term"));
      terms.forEach((t, i) => {
        errs.push(...validateNodeSelectorTerm(obj(t), index(termsPath, i), false));
      });
    }
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const t = obj(raw);
      const p = index(child(naPath, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      const w = typeof t.weight === "number" ? t.weight : 0;
      if (w <= 0 || w > 100) errs.push(invalidValue(child(p, "weight"), w, "must be in the range 1-100"));
      errs.push(...validateNodeSelectorTerm(obj(t.preference), child(p, "preference"), true));
    });
  }
  for (const k of ["podAffinity", "podAntiAffinity"]) {
    if (!isPlainObject(affinity[k])) continue;
    const pa = obj(affinity[k]);
    const paPath = child(path, k);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(
        ...validatePodAffinityTerm(obj(t), index(child(paPath, "requiredDuringSchedulingIgnoredDuringExecution"), i)),
      );
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const t = obj(raw);
      const p = index(child(paPath, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      const w = typeof t.weight === "number" ? t.weight : 0;
      if (w <= 0 || w > 100) errs.push(invalidValue(child(p, "weight"), w, "must be in the range 1-100"));
      errs.push(...validatePodAffinityTerm(obj(t.podAffinityTerm), child(p, "podAffinityTerm")));
    });
  }
  return errs;
}

function validateTopologySpreadConstraints(constraints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(constraints).map(obj);
  list.forEach((c, i) => {
    const p = index(path, i);
    const maxSkew = typeof c.maxSkew === "number" ? c.maxSkew : 0;
    if (maxSkew <= 0) errs.push(invalidValue(child(p, "maxSkew"), maxSkew, IS_NOT_POSITIVE));
    if (!str(c.topologyKey)) errs.push(required(child(p, "topologyKey"), "can not be empty"));
    const wu = str(c.whenUnsatisfiable);
    if (wu !== "DoNotSchedule" && wu !== "ScheduleAnyway") {
      errs.push(notSupported(child(p, "whenUnsatisfiable"), wu, ["DoNotSchedule", "ScheduleAnyway"]));
    }
    for (const rest of list.slice(i + 1)) {
      if (str(rest.topologyKey) === str(c.topologyKey) && str(rest.whenUnsatisfiable) === wu) {
        errs.push({
          type: "FieldValueDuplicate",
          field: child(p, "{topologyKey, whenUnsatisfiable}"),
          value: `{${str(c.topologyKey)}, ${wu}}`,
        });
        break;
      }
    }
    if (typeof c.minDomains === "number") {
      if (c.minDomains <= 0) errs.push(invalidValue(child(p, "minDomains"), c.minDomains, IS_NOT_POSITIVE));
      if (wu !== "DoNotSchedule") {
        errs.push(
          invalidValue(
            child(p, "minDomains"),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${wu}`,
          ),
        );
      }
    }
    for (const k of ["nodeAffinityPolicy", "nodeTaintsPolicy"]) {
      if (has(c, k) && c[k] !== "Honor" && c[k] !== "Ignore")
        errs.push(notSupported(child(p, k), str(c[k]), ["Honor", "Ignore"]));
    }
    const mlk = arr(c.matchLabelKeys);
    if (mlk.length) {
      const selKeys = new Set<string>();
      if (isPlainObject(c.labelSelector)) {
        for (const k of Object.keys(obj(c.labelSelector.matchLabels))) selKeys.add(k);
        for (const e of arr(c.labelSelector.matchExpressions)) selKeys.add(str(obj(e).key));
      } else
        errs.push(forbiddenField(child(p, "matchLabelKeys"), "must not be specified when labelSelector is not set"));
      mlk.forEach((k, j) => {
        errs.push(...validateLabelName(str(k), index(child(p, "matchLabelKeys"), j)));
        if (selKeys.has(str(k)))
          errs.push(
            invalidValue(index(child(p, "matchLabelKeys"), j), k, "exists in both matchLabelKeys and labelSelector"),
          );
      });
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, "labelSelector")));
  });
  return errs;
}

function validateDNSConfig(dnsConfig: unknown, dnsPolicy: string, path: string): FieldError[] {
  if (dnsPolicy === "None") {
    if (!isPlainObject(dnsConfig)) return [required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (arr(dnsConfig.nameservers).length === 0) {
      return [
        required(child(path, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"),
      ];
    }
  }
  if (!isPlainObject(dnsConfig)) return [];
  const errs: FieldError[] = [];
  const ns = arr(dnsConfig.nameservers);
  if (ns.length > 3)
    errs.push(invalidValue(child(path, "nameservers"), goSliceValue(ns), "must not have more than 3 nameservers"));
  ns.forEach((n, i) => {
    errs.push(...isValidIP(str(n)).map((m) => invalidValue(index(child(path, "nameservers"), i), n, m)));
  });
  const searches = arr(dnsConfig.searches).map(str);
  if (searches.length > 32)
    errs.push(invalidValue(child(path, "searches"), goSliceValue(searches), "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048) {
    errs.push(
      invalidValue(
        child(path, "searches"),
        goSliceValue(searches),
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  }
  searches.forEach((s, i) => {
    const trimmed = s.endsWith(".") ? s.slice(0, -1) : s;
    errs.push(...isDNS1123Subdomain(trimmed).map((m) => invalidValue(index(child(path, "searches"), i), trimmed, m)));
  });
  arr(dnsConfig.options).forEach((o, i) => {
    if (!str(obj(o).name)) errs.push(required(index(child(path, "options"), i), "must not be empty"));
  });
  return errs;
}

// ---- container lists ---------------------------------------------------------------------------------------

function validateContainerCommon(
  ctr: Obj,
  volumes: Map<string, Obj>,
  claimNames: Set<string>,
  path: string,
  podRestartPolicy: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(ctr.name);
  if (!name) errs.push(required(child(path, "name")));
  else errs.push(...isDNS1123Label(name).map((m) => invalidValue(child(path, "name"), name, m)));
  if (!str(ctr.image)) errs.push(required(child(path, "image")));
  const tmp = str(ctr.terminationMessagePolicy);
  if (tmp === "") errs.push(required(child(path, "terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") {
    errs.push(notSupported(child(path, "terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]));
  }
  const mounts = new Map<string, string>(arr(ctr.volumeMounts).map((m) => [str(obj(m).name), str(obj(m).mountPath)]));
  const devices = new Map<string, string>(
    arr(ctr.volumeDevices).map((d) => [str(obj(d).name), str(obj(d).devicePath)]),
  );
  errs.push(...validateContainerPorts(ctr.ports, child(path, "ports")));
  errs.push(...validateEnv(ctr.env, child(path, "env")));
  errs.push(...validateEnvFrom(ctr.envFrom, child(path, "envFrom")));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, devices, volumes, ctr, child(path, "volumeMounts")));
  errs.push(...validateVolumeDevices(ctr.volumeDevices, mounts, volumes, child(path, "volumeDevices")));
  errs.push(...validatePullPolicy(ctr.imagePullPolicy, child(path, "imagePullPolicy")));
  errs.push(...validateContainerResourceRequirements(ctr.resources, child(path, "resources"), claimNames));
  const resources = new Set<string>();
  arr(ctr.resizePolicy).forEach((raw, i) => {
    const p = obj(raw);
    const rp = child(path, "resizePolicy");
    const rn = str(p.resourceName);
    if (resources.has(rn)) errs.push({ type: "FieldValueDuplicate", field: index(rp, i), value: rn });
    resources.add(rn);
    if (rn === "") errs.push(required(rp));
    else if (rn !== "cpu" && rn !== "memory") errs.push(notSupported(rp, rn, ["cpu", "memory"]));
    const pol = str(p.restartPolicy);
    if (pol === "") errs.push(required(rp));
    else if (pol !== "NotRequired" && pol !== "RestartContainer")
      errs.push(notSupported(rp, pol, ["NotRequired", "RestartContainer"]));
    if (podRestartPolicy === "Never" && pol !== "NotRequired") {
      errs.push(invalidValue(rp, pol, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  errs.push(...validateContainerSecurityContext(ctr.securityContext, child(path, "securityContext")));
  return errs;
}

/** AccumulateUniqueHostPorts over one list of containers. */
function checkHostPortConflicts(containers: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    arr(ctr.ports).forEach((raw, pi) => {
      const port = obj(raw);
      const hp = typeof port.hostPort === "number" ? port.hostPort : 0;
      if (hp === 0) return;
      const k = `${str(port.protocol)}/${str(port.hostIP)}/${hp}`;
      if (seen.has(k))
        errs.push({
          type: "FieldValueDuplicate",
          field: child(index(child(index(path, ci), "ports"), pi), "hostPort"),
          value: k,
        });
      else seen.add(k);
    });
  });
  return errs;
}

interface ContainerContext {
  volumes: Map<string, Obj>;
  claimNames: Set<string>;
  gracePeriod: number | undefined;
  restartPolicy: string;
}

function validateContainers(containers: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const list = arr(containers).map(obj);
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((ctr, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(ctr, ctx.volumes, ctx.claimNames, p, ctx.restartPolicy));
    const name = str(ctr.name);
    if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(p, "name"), value: name });
    else names.add(name);
    if (has(ctr, "lifecycle"))
      errs.push(...validateLifecycle(obj(ctr.lifecycle), ctx.gracePeriod, child(p, "lifecycle")));
    errs.push(...validateProbe(ctr.livenessProbe, ctx.gracePeriod, child(p, "livenessProbe"), "liveness"));
    errs.push(...validateProbe(ctr.readinessProbe, ctx.gracePeriod, child(p, "readinessProbe"), "readiness"));
    errs.push(...validateProbe(ctr.startupProbe, ctx.gracePeriod, child(p, "startupProbe"), "startup"));
    if (has(ctr, "restartPolicy"))
      errs.push(forbiddenField(child(p, "restartPolicy"), "may not be set for non-init containers"));
  });
  errs.push(...checkHostPortConflicts(list, path));
  return errs;
}

function validateInitContainers(
  containers: unknown,
  regular: unknown,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>(arr(regular).map((c) => str(obj(c).name)));
  arr(containers)
    .map(obj)
    .forEach((ctr, i) => {
      const p = index(path, i);
      errs.push(...validateContainerCommon(ctr, ctx.volumes, ctx.claimNames, p, ctx.restartPolicy));
      let restartAlways = false;
      if (has(ctr, "restartPolicy")) {
        if (ctr.restartPolicy !== "Always")
          errs.push(notSupported(child(p, "restartPolicy"), str(ctr.restartPolicy), ["Always"]));
        restartAlways = ctr.restartPolicy === "Always";
      }
      const name = str(ctr.name);
      if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(p, "name"), value: name });
      else if (name) names.add(name);
      errs.push(...checkHostPortConflicts([ctr], path));
      if (restartAlways) {
        if (has(ctr, "lifecycle"))
          errs.push(...validateLifecycle(obj(ctr.lifecycle), ctx.gracePeriod, child(p, "lifecycle")));
        errs.push(...validateProbe(ctr.livenessProbe, ctx.gracePeriod, child(p, "livenessProbe"), "liveness"));
        errs.push(...validateProbe(ctr.readinessProbe, ctx.gracePeriod, child(p, "readinessProbe"), "readiness"));
        errs.push(...validateProbe(ctr.startupProbe, ctx.gracePeriod, child(p, "startupProbe"), "startup"));
      } else {
        for (const k of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
          if (has(ctr, k))
            errs.push(forbiddenField(child(p, k), "may not be set for init containers without restartPolicy=Always"));
        }
      }
      if (arr(ctr.resizePolicy).length > 0) {
        errs.push(invalidValue(child(p, "resizePolicy"), ctr.resizePolicy, "must not be set for init containers"));
      }
    });
  return errs;
}

const EPHEMERAL_FORBIDDEN_FIELDS = [
  "ports",
  "resources",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "lifecycle",
  "resizePolicy",
  "restartPolicy",
];

function validateEphemeralContainers(ephemeral: unknown, spec: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const list = arr(ephemeral).map(obj);
  if (list.length === 0) return [];
  const errs: FieldError[] = [];
  const others = new Set<string>([...arr(spec.containers), ...arr(spec.initContainers)].map((c) => str(obj(c).name)));
  const all = new Set(others);
  list.forEach((ec, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(ec, ctx.volumes, ctx.claimNames, p, ctx.restartPolicy));
    errs.push(...validateContainerOnlyForPod(ec, p));
    const name = str(ec.name);
    if (all.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(p, "name"), value: name });
    else all.add(name);
    const target = str(ec.targetContainerName);
    if (target && !others.has(target))
      errs.push({ type: "FieldValueNotFound", field: child(p, "targetContainerName"), value: target });
    for (const k of EPHEMERAL_FORBIDDEN_FIELDS) {
      const v = ec[k];
      const set =
        k === "resources"
          ? isPlainObject(v) && Object.keys(v).length > 0
          : Array.isArray(v)
            ? v.length > 0
            : has(ec, k);
      if (set) errs.push(forbiddenField(child(p, k), "cannot be set for an Ephemeral Container"));
    }
    arr(ec.volumeMounts).forEach((vm, j) => {
      for (const k of ["subPath", "subPathExpr"]) {
        if (str(obj(vm)[k]))
          errs.push(
            forbiddenField(child(index(child(p, "volumeMounts"), j), k), "cannot be set for an Ephemeral Container"),
          );
      }
    });
  });
  return errs;
}

function validateContainerOnlyForPod(ctr: Obj, path: string): FieldError[] {
  const image = str(ctr.image);
  return image.length !== image.trim().length
    ? [invalidValue(child(path, "image"), image, "must not have leading or trailing whitespace")]
    : [];
}

// ---- PodSpec -----------------------------------------------------------------------------------------------

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

/** ValidatePodSpec. `fieldPath` is `spec` for pods and `spec.template.spec` for workloads. */
export function validatePodSpec(rawSpec: unknown, fieldPath = "spec", opts: PodValidationOptions = {}): FieldError[] {
  const spec = obj(rawSpec);
  const errs: FieldError[] = [];
  if (typeof spec.terminationGracePeriodSeconds !== "number")
    errs.push(required(child(fieldPath, "terminationGracePeriodSeconds")));
  const gracePeriod =
    typeof spec.terminationGracePeriodSeconds === "number" ? spec.terminationGracePeriodSeconds : undefined;
  const { volumes, errors: volErrs } = validateVolumes(spec.volumes, child(fieldPath, "volumes"), opts);
  errs.push(...volErrs);
  const claimNames = new Set<string>();
  for (const c of arr(spec.resourceClaims)) if (str(obj(c).name)) claimNames.add(str(obj(c).name));
  errs.push(...validatePodResourceClaims(spec.resourceClaims, child(fieldPath, "resourceClaims")));
  const ctx: ContainerContext = { volumes, claimNames, gracePeriod, restartPolicy: str(spec.restartPolicy) };
  errs.push(...validateContainers(spec.containers, ctx, child(fieldPath, "containers")));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, child(fieldPath, "initContainers")));
  errs.push(
    ...validateEphemeralContainers(spec.ephemeralContainers, spec, ctx, child(fieldPath, "ephemeralContainers")),
  );
  if (spec.hostNetwork === true) {
    arr(spec.containers).forEach((c, i) => {
      arr(obj(c).ports).forEach((raw, j) => {
        const port = obj(raw);
        const hp = typeof port.hostPort === "number" ? port.hostPort : 0;
        const cp = typeof port.containerPort === "number" ? port.containerPort : 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
          errs.push(
            invalidValue(
              child(index(child(index(child(fieldPath, "containers"), i), "ports"), j), "hostPort"),
              hp,
              "must match `containerPort` when `hostNetwork` is true",
            ),
          );
        }
      });
    });
  }
  const rp = str(spec.restartPolicy);
  if (rp === "") errs.push(required(child(fieldPath, "restartPolicy")));
  else if (!RESTART_POLICIES.includes(rp))
    errs.push(notSupported(child(fieldPath, "restartPolicy"), rp, RESTART_POLICIES));
  const dp = str(spec.dnsPolicy);
  if (dp === "") errs.push(required(child(fieldPath, "dnsPolicy")));
  else if (!DNS_POLICIES.includes(dp)) errs.push(notSupported(child(fieldPath, "dnsPolicy"), dp, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector as Record<string, string>, child(fieldPath, "nodeSelector")));
  errs.push(...validatePodSecurityContext(spec, child(fieldPath, "securityContext")));
  errs.push(...validateAffinity(spec.affinity, child(fieldPath, "affinity")));
  errs.push(...validateDNSConfig(spec.dnsConfig, dp, child(fieldPath, "dnsConfig")));
  arr(spec.readinessGates).forEach((g, i) => {
    const ct = str(obj(g).conditionType);
    errs.push(
      ...isQualifiedName(ct).map((m) =>
        invalidValue(child(index(child(fieldPath, "readinessGates"), i), "conditionType"), ct, m),
      ),
    );
  });
  const gates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const name = str(obj(g).name);
    const p = index(child(fieldPath, "schedulingGates"), i);
    errs.push(...isQualifiedName(name).map((m) => invalidValue(p, name, m)));
    if (gates.has(name)) errs.push({ type: "FieldValueDuplicate", field: p, value: name });
    gates.add(name);
  });
  errs.push(
    ...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(fieldPath, "topologySpreadConstraints")),
  );
  for (const [k, fn] of [
    ["serviceAccountName", nameIsDNSSubdomain],
    ["nodeName", nameIsDNSSubdomain],
  ] as const) {
    const v = str(spec[k]);
    if (v) for (const m of fn(v, false)) errs.push(invalidValue(child(fieldPath, k), v, m));
  }
  if (typeof spec.activeDeadlineSeconds === "number") {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > MAX_ID)
      errs.push(invalidValue(child(fieldPath, "activeDeadlineSeconds"), v, inclusiveRangeError(1, MAX_ID)));
  }
  for (const k of ["hostname", "subdomain"]) {
    const v = str(spec[k]);
    if (v) errs.push(...isDNS1123Label(v).map((m) => invalidValue(child(fieldPath, k), v, m)));
  }
  errs.push(...validateTolerations(spec.tolerations, child(fieldPath, "tolerations")));
  arr(spec.hostAliases).forEach((raw, i) => {
    const ha = obj(raw);
    const p = index(child(fieldPath, "hostAliases"), i);
    errs.push(...isValidIP(str(ha.ip)).map((m) => invalidValue(child(p, "ip"), str(ha.ip), m)));
    arr(ha.hostnames).forEach((h, j) => {
      errs.push(...isDNS1123Subdomain(str(h)).map((m) => invalidValue(index(child(p, "hostnames"), j), h, m)));
    });
  });
  const pcn = str(spec.priorityClassName);
  if (pcn)
    for (const m of nameIsDNSSubdomain(pcn, false))
      errs.push(invalidValue(child(fieldPath, "priorityClassName"), pcn, m));
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) {
    const rcn = str(spec.runtimeClassName);
    for (const m of nameIsDNSSubdomain(rcn, false))
      errs.push(invalidValue(child(fieldPath, "runtimeClassName"), rcn, m));
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    const pp = str(spec.preemptionPolicy);
    if (pp === "") errs.push(required(child(fieldPath, "preemptionPolicy")));
    else if (pp !== "PreemptLowerPriority" && pp !== "Never") {
      errs.push(notSupported(child(fieldPath, "preemptionPolicy"), pp, ["PreemptLowerPriority", "Never"]));
    }
  }
  if (isPlainObject(spec.overhead))
    errs.push(...validateContainerResourceRequirements({ limits: spec.overhead }, child(fieldPath, "overhead")));
  if (isPlainObject(spec.os)) {
    const osName = str(spec.os.name);
    const osPath = child(fieldPath, "os");
    if (!osName) errs.push(required(child(osPath, "name"), "cannot be empty"));
    else if (osName !== "linux" && osName !== "windows") errs.push(notSupported(osPath, osName, ["linux", "windows"]));
    else if (osName === "linux") errs.push(...validateLinuxPod(spec, fieldPath));
    else errs.push(...validateWindowsPod(spec, fieldPath));
  }
  return errs;
}

function validatePodResourceClaims(claims: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(claims).forEach((raw, i) => {
    const c = obj(raw);
    const p = index(path, i);
    const name = str(c.name);
    if (!name) errs.push(required(child(p, "name")));
    else if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(p, "name"), value: name });
    else {
      errs.push(...isDNS1123Label(name).map((m) => invalidValue(child(p, "name"), name, m)));
      names.add(name);
    }
    const hasName = c.resourceClaimName !== undefined && c.resourceClaimName !== null;
    const hasTpl = c.resourceClaimTemplateName !== undefined && c.resourceClaimTemplateName !== null;
    if (hasName && hasTpl)
      errs.push(
        invalidValue(p, c, "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"),
      );
    if (!hasName && !hasTpl)
      errs.push(invalidValue(p, c, "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"));
    for (const k of ["resourceClaimName", "resourceClaimTemplateName"]) {
      if (c[k] === undefined || c[k] === null) continue;
      for (const m of nameIsDNSSubdomain(str(c[k]), false)) errs.push(invalidValue(child(p, k), c[k], m));
    }
  });
  return errs;
}

function forEachContainer(spec: Obj, fieldPath: string, fn: (c: Obj, path: string) => void) {
  for (const k of ["initContainers", "containers", "ephemeralContainers"]) {
    arr(spec[k]).forEach((c, i) => {
      fn(obj(c), index(child(fieldPath, k), i));
    });
  }
}

function validateLinuxPod(spec: Obj, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (has(obj(spec.securityContext), "windowsOptions")) {
    errs.push(
      forbiddenField(
        child(fieldPath, "securityContext", "windowsOptions"),
        "windows options cannot be set for a linux pod",
      ),
    );
  }
  forEachContainer(spec, fieldPath, (c, p) => {
    if (has(obj(c.securityContext), "windowsOptions")) {
      errs.push(
        forbiddenField(child(p, "securityContext", "windowsOptions"), "windows options cannot be set for a linux pod"),
      );
    }
  });
  return errs;
}

function validateWindowsPod(spec: Obj, fieldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const sc = obj(spec.securityContext);
  const w = (p: string) => errs.push(forbiddenField(p, "cannot be set for a windows pod"));
  const scPath = child(fieldPath, "securityContext");
  for (const k of ["appArmorProfile", "seLinuxOptions"]) if (has(sc, k)) w(child(scPath, k));
  if (spec.hostPID === true) w(child(fieldPath, "hostPID"));
  if (spec.hostIPC === true) w(child(fieldPath, "hostIPC"));
  for (const k of ["seccompProfile", "fsGroup", "fsGroupChangePolicy"]) if (has(sc, k)) w(child(scPath, k));
  if (arr(sc.sysctls).length) w(child(scPath, "sysctls"));
  if (has(spec, "shareProcessNamespace")) w(child(fieldPath, "shareProcessNamespace"));
  for (const k of ["runAsUser", "runAsGroup", "supplementalGroups"]) if (has(sc, k)) w(child(scPath, k));
  forEachContainer(spec, fieldPath, (c, p) => {
    const csc = obj(c.securityContext);
    const cp = child(p, "securityContext");
    for (const k of [
      "appArmorProfile",
      "seLinuxOptions",
      "seccompProfile",
      "capabilities",
      "readOnlyRootFilesystem",
      "privileged",
      "allowPrivilegeEscalation",
      "procMount",
      "runAsUser",
      "runAsGroup",
    ]) {
      if (has(csc, k)) w(child(cp, k));
    }
  });
  return errs;
}

// ---- pod-specific annotations ------------------------------------------------------------------------------

const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function validateSeccompAnnotationProfile(p: string, path: string): FieldError[] {
  if (p === "runtime/default" || p === "docker/default" || p === "unconfined") return [];
  if (p.startsWith("localhost/")) return validateLocalDescendingPath(p.slice("localhost/".length), path);
  return [invalidValue(path, p, "must be a valid seccomp profile")];
}

/** ValidatePodSpecificAnnotations. */
export function validatePodSpecificAnnotations(
  annotations: unknown,
  spec: unknown,
  path: string,
  opts: PodValidationOptions = {},
): FieldError[] {
  const a = obj(annotations) as Record<string, string>;
  const s = obj(spec);
  const errs: FieldError[] = [];
  if (Object.hasOwn(a, MIRROR_POD_ANNOTATION) && !str(s.nodeName)) {
    errs.push(
      invalidValue(
        key(path, MIRROR_POD_ANNOTATION),
        a[MIRROR_POD_ANNOTATION],
        "must set spec.nodeName if mirror pod annotation is set",
      ),
    );
  }
  if (!opts.allowInvalidPodDeletionCost && Object.hasOwn(a, POD_DELETION_COST)) {
    const v = a[POD_DELETION_COST];
    const n = /^[+-]?[0-9]+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < -(2 ** 31) || n > 2 ** 31 - 1) {
      errs.push(invalidValue(key(path, POD_DELETION_COST), v, "must be a 32bit integer"));
    }
  }
  if (Object.hasOwn(a, SECCOMP_POD_ANNOTATION)) {
    errs.push(...validateSeccompAnnotationProfile(a[SECCOMP_POD_ANNOTATION], child(path, SECCOMP_POD_ANNOTATION)));
  }
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX)) errs.push(...validateSeccompAnnotationProfile(v, child(path, k)));
  }
  const containerNames = new Set<string>();
  forEachContainer(s, "", (c) => containerNames.add(str(c.name)));
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue;
    const cname = k.slice(APPARMOR_PREFIX.length);
    if (!containerNames.has(cname)) errs.push(invalidValue(key(path, k), cname, "container not found"));
    if (v !== "" && v !== "runtime/default" && v !== "unconfined" && !v.startsWith("localhost/")) {
      errs.push(invalidValue(key(path, k), v, `invalid AppArmor profile name: ${JSON.stringify(v)}`));
    }
  }
  return errs;
}

// ---- templates and pods ------------------------------------------------------------------------------------

/** ValidatePodTemplateSpec: labels/annotations of the template, its spec, no ephemeral containers. */
export function validatePodTemplateSpec(
  template: unknown,
  fieldPath: string,
  opts: PodValidationOptions = {},
): FieldError[] {
  const t = obj(template);
  const meta = obj(t.metadata);
  const errs: FieldError[] = [];
  // kube validates template labels/annotations under `<template>.labels`, not `<template>.metadata.labels`.
  errs.push(...validateLabels(meta.labels as Record<string, string>, child(fieldPath, "labels")));
  errs.push(...validateAnnotations(meta.annotations as Record<string, string>, child(fieldPath, "annotations")));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, t.spec, child(fieldPath, "annotations"), opts));
  errs.push(
    ...validatePodSpec(t.spec, child(fieldPath, "spec"), { ...opts, resourceIsPod: false, podMeta: undefined }),
  );
  if (arr(obj(t.spec).ephemeralContainers).length > 0) {
    errs.push(
      forbiddenField(
        child(fieldPath, "spec", "ephemeralContainers"),
        "ephemeral containers not allowed in pod template",
      ),
    );
  }
  return errs;
}

function validatePodMetadataAndSpec(pod: KObject, opts: PodValidationOptions): FieldError[] {
  const spec = obj(pod.spec);
  const errs = validateObjectMeta(pod.metadata, { namespaced: true, nameRule: "subdomain" });
  errs.push(...validatePodSpecificAnnotations(pod.metadata.annotations, spec, "metadata.annotations", opts));
  errs.push(...validatePodSpec(spec, "spec", { ...opts, resourceIsPod: true, podMeta: pod.metadata }));
  if (!str(spec.serviceAccountName)) {
    arr(spec.volumes).forEach((v, vi) => {
      const projected = obj(v).projected;
      if (!isPlainObject(projected)) return;
      arr(projected.sources).forEach((s, si) => {
        if (has(obj(s), "serviceAccountToken")) {
          errs.push(
            forbiddenField(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              "must not be specified when serviceAccountName is not set",
            ),
          );
        }
      });
    });
  }
  arr(spec.containers).forEach((c, i) => {
    errs.push(...validateContainerOnlyForPod(obj(c), `spec.containers[${i}]`));
  });
  arr(spec.initContainers).forEach((c, i) => {
    errs.push(...validateContainerOnlyForPod(obj(c), `spec.initContainers[${i}]`));
  });
  return errs;
}

/** ValidatePodCreate. */
export function validatePodCreate(pod: KObject, opts: PodValidationOptions = {}): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod, opts);
  const spec = obj(pod.spec);
  if (arr(spec.ephemeralContainers).length > 0)
    errs.push(forbiddenField("spec.ephemeralContainers", "cannot be set on create"));
  if (str(spec.nodeName) && arr(spec.schedulingGates).length) {
    errs.push(forbiddenField("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}

/** The fields of a pod spec kube lets a user change, in the order of its Forbidden message. */
const UPDATABLE_POD_SPEC_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** PodSpec JSON fields in the order of the Go struct, for the update diff. */
const POD_SPEC_FIELD_ORDER = [
  "volumes",
  "initContainers",
  "containers",
  "ephemeralContainers",
  "restartPolicy",
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "dnsPolicy",
  "nodeSelector",
  "serviceAccountName",
  "automountServiceAccountToken",
  "nodeName",
  "hostNetwork",
  "hostPID",
  "hostIPC",
  "shareProcessNamespace",
  "securityContext",
  "imagePullSecrets",
  "hostname",
  "subdomain",
  "setHostnameAsFQDN",
  "affinity",
  "schedulerName",
  "tolerations",
  "hostAliases",
  "priorityClassName",
  "priority",
  "preemptionPolicy",
  "dnsConfig",
  "readinessGates",
  "runtimeClassName",
  "overhead",
  "enableServiceLinks",
  "topologySpreadConstraints",
  "os",
  "hostUsers",
  "schedulingGates",
  "resourceClaims",
  "resources",
];
const GO_FIELD_NAMES: Record<string, string> = {
  dnsPolicy: "DNSPolicy",
  dnsConfig: "DNSConfig",
  os: "OS",
  hostPID: "HostPID",
  hostIPC: "HostIPC",
  setHostnameAsFQDN: "SetHostnameAsFQDN",
};

/** Spec fields that are plain (non-pointer) Go scalars: their zero value and absence are the same thing. */
const POINTER_FIELDS = new Set([
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "automountServiceAccountToken",
  "shareProcessNamespace",
  "setHostnameAsFQDN",
  "priority",
  "enableServiceLinks",
  "hostUsers",
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "fsGroup",
  "privileged",
  "allowPrivilegeEscalation",
  "readOnlyRootFilesystem",
  "defaultMode",
  "mode",
  "optional",
  "expirationSeconds",
  "tolerationSeconds",
  "minDomains",
  "lun",
  "fsType",
]);

/** core.Container fields in Go struct order, so the diff lists them as go-cmp would. */
const CONTAINER_FIELD_ORDER = [
  "name",
  "image",
  "command",
  "args",
  "workingDir",
  "ports",
  "envFrom",
  "env",
  "resources",
  "resizePolicy",
  "restartPolicy",
  "volumeMounts",
  "volumeDevices",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "lifecycle",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "imagePullPolicy",
  "securityContext",
  "stdin",
  "stdinOnce",
  "tty",
];
const FIELD_RANK = new Map(CONTAINER_FIELD_ORDER.map((k, i) => [k, i]));
const byGoOrder = (a: string, b: string) => (FIELD_RANK.get(a) ?? 1000) - (FIELD_RANK.get(b) ?? 1000);

/**
 * Drops zero values of non-pointer scalars so that `hostNetwork: false` equals an absent field, as in Go.
 * Keys are sorted (for comparisons) or put in Go struct order (for display).
 */
function goNormalize(v: unknown, k = "", sortKeys = true): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => goNormalize(x, "", sortKeys) ?? null);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    const keys = sortKeys ? Object.keys(v).sort() : Object.keys(v).sort(byGoOrder);
    for (const kk of keys) {
      const n = goNormalize(v[kk], kk, sortKeys);
      if (n !== undefined) out[kk] = n;
    }
    return Object.keys(out).length === 0 && k !== "securityContext" && k !== "resources" && k !== "emptyDir"
      ? undefined
      : out;
  }
  if (!POINTER_FIELDS.has(k) && (v === false || v === 0 || v === "")) return undefined;
  return v;
}

const goEqual = (a: unknown, b: unknown) => JSON.stringify(goNormalize(a)) === JSON.stringify(goNormalize(b));

/** An approximation of go-cmp's cmp.Diff(old, new) of two core.PodSpecs (cmp.Diff itself is deliberately unstable). */
export function podSpecDiff(oldSpec: Obj, newSpec: Obj): string {
  const lines = ["  core.PodSpec{"];
  const keys = [...POD_SPEC_FIELD_ORDER, ...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])]
    .filter((k, i, all) => all.indexOf(k) === i)
    .filter((k) => k !== "serviceAccount");
  let identical = 0;
  const flush = () => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? "" : "s"}`);
    identical = 0;
  };
  for (const k of keys) {
    if (goEqual(oldSpec[k], newSpec[k])) {
      identical++;
      continue;
    }
    flush();
    const name = GO_FIELD_NAMES[k] ?? goFieldName(k);
    lines.push(`- \t${name}: ${goAny(goNormalize(oldSpec[k], k, false))},`);
    lines.push(`+ \t${name}: ${goAny(goNormalize(newSpec[k], k, false))},`);
  }
  flush();
  lines.push("  }");
  return `${lines.join("\n")}\n`;
}

function validateContainerUpdates(newC: unknown, oldC: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const n = arr(newC);
  if (n.length !== arr(oldC).length)
    return { errs: [forbiddenField(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = str(obj(c).image);
    if (!image) errs.push(required(child(index(path, i), "image")));
    if (image.trim().length !== image.length) {
      errs.push(invalidValue(child(index(path, i), "image"), image, "must not have leading or trailing whitespace"));
    }
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(newT: unknown, oldT: unknown, path: string): FieldError[] {
  const news = arr(newT).map(obj);
  for (const old of arr(oldT).map(obj)) {
    const found = news.some((nt) => goEqual({ ...old, tolerationSeconds: nt.tolerationSeconds }, nt));
    if (!found) return [forbiddenField(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(newT, path);
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and a few more may change. */
export function validatePodUpdate(pod: KObject, old: KObject, opts: PodValidationOptions = {}): FieldError[] {
  const newSpec = obj(pod.spec);
  const oldSpec = obj(old.spec);
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  const oldCost = obj(old.metadata.annotations)[POD_DELETION_COST];
  const allowInvalidCost = typeof oldCost === "string" && !/^[+-]?[0-9]+$/.test(oldCost);
  errs.push(
    ...validatePodMetadataAndSpec(pod, {
      ...opts,
      allowInvalidPodDeletionCost: opts.allowInvalidPodDeletionCost || allowInvalidCost,
    }),
  );
  // ValidatePodSpecificAnnotationUpdates: the mirror-pod and AppArmor annotations are fixed at creation.
  const na = obj(pod.metadata.annotations);
  const oa = obj(old.metadata.annotations);
  for (const [k, v] of Object.entries(oa)) {
    if (Object.hasOwn(na, k) && na[k] === v) continue;
    if (k.startsWith(APPARMOR_PREFIX))
      errs.push(forbiddenField(key("metadata.annotations", k), "may not remove or update AppArmor annotations"));
    if (k === MIRROR_POD_ANNOTATION)
      errs.push(forbiddenField(key("metadata.annotations", k), "may not remove or update mirror pod annotation"));
  }
  for (const k of Object.keys(na)) {
    if (Object.hasOwn(oa, k)) continue;
    if (k.startsWith(APPARMOR_PREFIX))
      errs.push(forbiddenField(key("metadata.annotations", k), "may not add AppArmor annotations"));
    if (k === MIRROR_POD_ANNOTATION)
      errs.push(forbiddenField(key("metadata.annotations", k), "may not add mirror pod annotation"));
  }
  errs.push(
    ...validatePodSpecificAnnotations(na, newSpec, "metadata.annotations", {
      allowInvalidPodDeletionCost: allowInvalidCost,
    }),
  );

  let r = validateContainerUpdates(newSpec.containers, oldSpec.containers, "spec.containers");
  errs.push(...r.errs);
  if (r.stop) return errs;
  r = validateContainerUpdates(newSpec.initContainers, oldSpec.initContainers, "spec.initContainers");
  errs.push(...r.errs);
  if (r.stop) return errs;

  const newADS = newSpec.activeDeadlineSeconds;
  const oldADS = oldSpec.activeDeadlineSeconds;
  if (typeof newADS === "number") {
    if (newADS < 0 || newADS > MAX_ID) {
      errs.push(invalidValue("spec.activeDeadlineSeconds", newADS, inclusiveRangeError(0, MAX_ID)));
      return errs;
    }
    if (typeof oldADS === "number" && oldADS < newADS) {
      errs.push(invalidValue("spec.activeDeadlineSeconds", newADS, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (typeof oldADS === "number") {
    errs.push(invalidValue("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
  }
  errs.push(...validateOnlyAddedTolerations(newSpec.tolerations, oldSpec.tolerations, "spec.tolerations"));
  const newGates = arr(newSpec.schedulingGates);
  if (newGates.length) {
    const oldNames = new Set(arr(oldSpec.schedulingGates).map((g) => str(obj(g).name)));
    newGates.forEach((g, i) => {
      const name = str(obj(g).name);
      if (!oldNames.has(name)) {
        errs.push(
          forbiddenField(
            `spec.schedulingGates[${i}].name`,
            `only deletion is allowed, but found new scheduling gate '${name}'`,
          ),
        );
      }
    });
  }
  if (goEqual(newSpec, oldSpec)) return errs;

  const munged: Obj = structuredClone(newSpec);
  const mungeImages = (k: string) => {
    const olds = arr(oldSpec[k]);
    if (Array.isArray(munged[k]))
      munged[k] = (munged[k] as unknown[]).map((c, i) => ({ ...obj(c), image: obj(olds[i]).image }));
  };
  mungeImages("containers");
  mungeImages("initContainers");
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  delete munged.serviceAccount;
  const oldCmp: Obj = { ...oldSpec };
  delete oldCmp.serviceAccount;
  const oldTGP = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldTGP === "number" && oldTGP < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldTGP;
  if (arr(oldSpec.schedulingGates).length > 0) {
    // Gated pods may add node selectors and node affinity; kube validates those additions separately.
    const oldSel = obj(oldSpec.nodeSelector);
    const newSel = obj(munged.nodeSelector);
    if (!goEqual(oldSel, newSel)) {
      for (const [k, v] of Object.entries(oldSel)) {
        if (newSel[k] !== v) {
          errs.push(
            invalidValue(
              "spec.nodeSelector",
              goMapValue(newSel),
              "only additions to spec.nodeSelector are allowed (no mutations or deletions)",
            ),
          );
          break;
        }
      }
      munged.nodeSelector = oldSpec.nodeSelector;
    }
  }
  if (!goEqual(munged, oldCmp)) {
    errs.push(
      forbiddenField(
        "spec",
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(",")}\n${podSpecDiff(oldCmp, munged)}`,
      ),
    );
  }
  return errs;
}

/** Pod create (old undefined) or update validation, as the pod registry strategy runs it. */
export function validatePod(pod: KObject, old?: KObject, opts: PodValidationOptions = {}): FieldError[] {
  return old ? validatePodUpdate(pod, old, opts) : validatePodCreate(pod, opts);
}
