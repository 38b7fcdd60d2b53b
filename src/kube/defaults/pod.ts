/**
 * Pod and PodSpec defaulting (pkg/apis/core/v1/defaults.go plus the +default markers of k8s.io/api/core/v1,
 * as zz_generated.defaults.go applies them, Kubernetes 1.32), and the mutating admission plugins every pod
 * goes through on create: ServiceAccount, DefaultTolerationSeconds and Priority.
 *
 * Every function mutates the object it is given. Zero-valued Go structs that the API server always
 * serializes (`resources: {}` on containers) are materialised too, so `kubectl get -o yaml` matches.
 */

import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { Quantity, quantityFromJSON } from "../quantity";

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;
const isObj = isPlainObject;

// ---- resource lists ----------------------------------------------------------------------------------------

/**
 * SetDefaults_ResourceList: values are rounded up to milli precision, and written back in the canonical text the
 * API server serializes (`cpu: 1` → "1", `0.5` → "500m", `1n` → "1m"). Unparsable values are left for the
 * decoder/validation to reject.
 */
export function defaultResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const [k, v] of Object.entries(list)) {
    let q: Quantity;
    try {
      q = quantityFromJSON(v);
    } catch {
      continue;
    }
    if (q.exponent < -3 && !q.isZero()) q = Quantity.fromMilli(q.milliValue(), q.format);
    list[k] = q.toString();
  }
}

// ---- containers ----------------------------------------------------------------------------------------------

/**
 * The image's tag as parsers.ParseImageName sees it: "latest" when there is neither tag nor digest, "" for a
 * digest-only reference or one the docker reference parser rejects (empty, upper-case repository).
 */
export function imageTag(image: string): string {
  let ref = image;
  const repo = ref.replace(/@.*$/, "").replace(/:[^/]*$/, "");
  const path =
    repo.includes("/") && /[.:]|^localhost$/.test(repo.split("/")[0]) ? repo.slice(repo.indexOf("/") + 1) : repo;
  if (!repo || /[A-Z]/.test(path)) return "";
  const at = ref.indexOf("@");
  if (at >= 0) {
    ref = ref.slice(0, at);
    const lastSlash = ref.lastIndexOf("/");
    const colon = ref.lastIndexOf(":");
    return colon > lastSlash ? ref.slice(colon + 1) : "";
  }
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > lastSlash ? ref.slice(colon + 1) : "latest";
}

function defaultObjectFieldSelector(fs: unknown): void {
  if (isObj(fs) && !fs.apiVersion) fs.apiVersion = "v1";
}

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (!h.path) h.path = "/";
  if (!h.scheme) h.scheme = "HTTP";
}

/** SetDefaults_Probe and the handler defaults inside it. */
export function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  if (isObj(p.grpc) && (p.grpc.service === undefined || p.grpc.service === null)) p.grpc.service = "";
}

/** SetDefaults_Container and the per-field defaults of a container (ports, env, resources, probes, lifecycle). */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? "")) === "latest" ? "Always" : "IfNotPresent";
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  for (const p of arr(c.ports)) if (!p.protocol) p.protocol = "TCP";
  for (const e of arr(c.env)) if (isObj(e.valueFrom)) defaultObjectFieldSelector(e.valueFrom.fieldRef);
  if (!isObj(c.resources)) c.resources = {};
  const res = c.resources as Obj;
  defaultResourceList(res.limits);
  defaultResourceList(res.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    for (const h of [c.lifecycle.postStart, c.lifecycle.preStop]) if (isObj(h)) defaultHTTPGet(h.httpGet);
  }
}

// ---- volumes ---------------------------------------------------------------------------------------------

const VOLUME_SOURCES = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
];

/** SetDefaults_Volume and the defaults of each volume source. */
export function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => has(v, k))) v.emptyDir = {};
  if (isObj(v.hostPath) && (v.hostPath.type === undefined || v.hostPath.type === null)) v.hostPath.type = "";
  if (isObj(v.secret) && typeof v.secret.defaultMode !== "number") v.secret.defaultMode = 420;
  if (isObj(v.configMap) && typeof v.configMap.defaultMode !== "number") v.configMap.defaultMode = 420;
  if (isObj(v.iscsi) && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = "default";
  if (isObj(v.rbd)) {
    if (!v.rbd.pool) v.rbd.pool = "rbd";
    if (!v.rbd.user) v.rbd.user = "admin";
    if (!v.rbd.keyring) v.rbd.keyring = "/etc/ceph/keyring";
  }
  if (isObj(v.downwardAPI)) {
    if (typeof v.downwardAPI.defaultMode !== "number") v.downwardAPI.defaultMode = 420;
    for (const item of arr(v.downwardAPI.items)) defaultObjectFieldSelector(item.fieldRef);
  }
  if (isObj(v.azureDisk)) {
    const d = v.azureDisk;
    if (!d.cachingMode) d.cachingMode = "ReadWrite";
    if (!d.fsType) d.fsType = "ext4";
    if (d.readOnly === undefined || d.readOnly === null) d.readOnly = false;
    if (!d.kind) d.kind = "Shared";
  }
  if (isObj(v.projected)) {
    const p = v.projected;
    if (typeof p.defaultMode !== "number") p.defaultMode = 420;
    for (const s of arr(p.sources)) {
      if (isObj(s.downwardAPI)) for (const item of arr(s.downwardAPI.items)) defaultObjectFieldSelector(item.fieldRef);
      if (isObj(s.serviceAccountToken) && typeof s.serviceAccountToken.expirationSeconds !== "number") {
        s.serviceAccountToken.expirationSeconds = 3600;
      }
    }
  }
  if (isObj(v.scaleIO)) {
    if (!v.scaleIO.storageMode) v.scaleIO.storageMode = "ThinProvisioned";
    if (!v.scaleIO.fsType) v.scaleIO.fsType = "xfs";
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const tpl = v.ephemeral.volumeClaimTemplate;
    if (!isObj(tpl.spec)) tpl.spec = {};
    const spec = tpl.spec as Obj;
    if (!spec.volumeMode) spec.volumeMode = "Filesystem";
    if (isObj(spec.resources)) {
      defaultResourceList(spec.resources.limits);
      defaultResourceList(spec.resources.requests);
    }
  }
}

// ---- PodSpec ----------------------------------------------------------------------------------------------

/** SetDefaults_PodSpec plus the nested defaults: what a pod template in a workload gets. */
export function defaultPodSpec(spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (typeof spec.terminationGracePeriodSeconds !== "number") spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = "default-scheduler";
  // v1 conversion: the deprecated serviceAccount aliases serviceAccountName (which wins) and is echoed back.
  if (!spec.serviceAccountName && typeof spec.serviceAccount === "string" && spec.serviceAccount) {
    spec.serviceAccountName = spec.serviceAccount;
  }
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const v of arr(spec.volumes)) defaultVolume(v);
  for (const k of ["initContainers", "containers", "ephemeralContainers"])
    for (const c of arr(spec[k])) defaultContainer(c);
  defaultResourceList(spec.overhead);
}

/** A pod template's defaults (SetObjectDefaults for the PodTemplateSpec inside a workload). */
export function defaultPodTemplateSpec(template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template.metadata)) template.metadata = {};
  const meta = template.metadata as Obj;
  // ObjectMeta.creationTimestamp is a non-pointer struct: the API server serializes it as null in templates.
  if (!("creationTimestamp" in meta)) meta.creationTimestamp = null;
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec as Obj);
}

/** SetDefaults_Pod then SetDefaults_PodSpec (and everything nested), as the API server applies them to a Pod. */
export function defaultPod(pod: KObject): void {
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec as Obj;
  // Requests default to limits, for pods only (not for templates).
  for (const k of ["containers", "initContainers"]) {
    for (const c of arr(spec[k])) {
      if (!isObj(c.resources) || !isObj(c.resources.limits)) continue;
      if (!isObj(c.resources.requests)) c.resources.requests = {};
      const requests = c.resources.requests as Obj;
      for (const [name, value] of Object.entries(c.resources.limits)) {
        if (!Object.hasOwn(requests, name)) requests[name] = value;
      }
    }
  }
  if (typeof spec.enableServiceLinks !== "boolean") spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const k of ["containers", "initContainers"]) {
      for (const c of arr(spec[k])) {
        for (const p of arr(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
      }
    }
  }
  defaultPodSpec(spec);
}

// ---- admission (create only) ------------------------------------------------------------------------------

export const SERVICE_ACCOUNT_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** utilrand.String(n): the random suffix kube uses for generated names. */
export function randomSuffix(n = 5): string {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join("");
}

export interface PodAdmissionOptions {
  /** Generates the 5-character suffix of `kube-api-access-xxxxx` (deterministic in tests). */
  randomSuffix?: (n: number) => string;
  /** The pod's ServiceAccount as stored, when known (automountServiceAccountToken, imagePullSecrets). */
  serviceAccount?: KObject;
  /** PriorityClasses by name (value, preemptionPolicy); the two system classes are built in. */
  priorityClasses?: Record<string, { value: number; preemptionPolicy?: string }>;
  /** The globalDefault PriorityClass, if the cluster has one. */
  defaultPriorityClass?: { name: string; value: number; preemptionPolicy?: string };
}

const SYSTEM_PRIORITY_CLASSES: Record<string, { value: number; preemptionPolicy?: string }> = {
  "system-node-critical": { value: 2000001000 },
  "system-cluster-critical": { value: 2000000000 },
};

/** The projected volume the ServiceAccount admission plugin adds (bound token, CA bundle, namespace). */
export function serviceAccountTokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        {
          downwardAPI: {
            items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
          },
        },
      ],
    },
  };
}

/** plugin/pkg/admission/serviceaccount: default SA, token volume mounted into every container. */
export function admitPodServiceAccount(pod: KObject, opts: PodAdmissionOptions = {}): void {
  if (isObj(pod.metadata.annotations) && "kubernetes.io/config.mirror" in pod.metadata.annotations) return;
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec as Obj;
  if (!spec.serviceAccountName) spec.serviceAccountName = "default";
  spec.serviceAccount = spec.serviceAccountName;
  const sa = opts.serviceAccount as Obj | undefined;
  const automount =
    typeof spec.automountServiceAccountToken === "boolean"
      ? spec.automountServiceAccountToken
      : typeof sa?.automountServiceAccountToken === "boolean"
        ? sa.automountServiceAccountToken
        : true;
  if (automount) {
    const volumes = arr(spec.volumes);
    const existing = volumes.find((v) => String(v.name ?? "").startsWith("kube-api-access-"));
    const gen = opts.randomSuffix ?? randomSuffix;
    const volumeName = existing ? String(existing.name) : `kube-api-access-${gen(5)}`;
    let needsVolume = false;
    for (const k of ["initContainers", "containers"]) {
      for (const c of arr(spec[k])) {
        const mounts = Array.isArray(c.volumeMounts) ? (c.volumeMounts as Obj[]) : [];
        if (mounts.some((m) => isObj(m) && m.mountPath === SERVICE_ACCOUNT_TOKEN_MOUNT_PATH)) continue;
        c.volumeMounts = [...mounts, { mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH, name: volumeName, readOnly: true }];
        needsVolume = true;
      }
    }
    if (!existing && needsVolume) {
      spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes : []), serviceAccountTokenVolume(volumeName)];
    }
  }
  const pullSecrets = Array.isArray(sa?.imagePullSecrets) ? sa.imagePullSecrets : [];
  if (!(Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length) && pullSecrets.length) {
    spec.imagePullSecrets = structuredClone(pullSecrets);
  }
}

/** plugin/pkg/admission/defaulttolerationseconds: tolerate not-ready/unreachable NoExecute for 300s. */
export function admitPodDefaultTolerationSeconds(pod: KObject, seconds = 300): void {
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec as Obj;
  const tolerations = arr(spec.tolerations);
  const tolerates = (taintKey: string) =>
    tolerations.some((t) => (t.key === taintKey || !t.key) && (t.effect === "NoExecute" || !t.effect));
  const add: Obj[] = [];
  if (!tolerates("node.kubernetes.io/not-ready")) {
    add.push({
      effect: "NoExecute",
      key: "node.kubernetes.io/not-ready",
      operator: "Exists",
      tolerationSeconds: seconds,
    });
  }
  if (!tolerates("node.kubernetes.io/unreachable")) {
    add.push({
      effect: "NoExecute",
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      tolerationSeconds: seconds,
    });
  }
  if (add.length) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...add];
}

/**
 * plugin/pkg/admission/priority: priority from the PriorityClass (0 without one), preemptionPolicy from the
 * class (PreemptLowerPriority by default). Returns kube's Forbidden reason when the pod cannot be admitted.
 */
export function admitPodPriority(pod: KObject, opts: PodAdmissionOptions = {}): string | undefined {
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec as Obj;
  let value = 0;
  let policy = "PreemptLowerPriority";
  const className = typeof spec.priorityClassName === "string" ? spec.priorityClassName : "";
  if (!className) {
    if (opts.defaultPriorityClass) {
      spec.priorityClassName = opts.defaultPriorityClass.name;
      value = opts.defaultPriorityClass.value;
      policy = opts.defaultPriorityClass.preemptionPolicy ?? policy;
    }
  } else {
    const pc = opts.priorityClasses?.[className] ?? SYSTEM_PRIORITY_CLASSES[className];
    if (!pc) return `no PriorityClass with name ${className} was found`;
    value = pc.value;
    policy = pc.preemptionPolicy ?? policy;
  }
  if (typeof spec.priority === "number" && spec.priority !== value) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`;
  }
  spec.priority = value;
  if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
    return `the string value of PreemptionPolicy (${String(spec.preemptionPolicy)}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`;
  }
  spec.preemptionPolicy = policy;
  return undefined;
}

/** All three pod admission plugins, in the API server's order. Returns a Forbidden reason, if any. */
export function admitPod(pod: KObject, opts: PodAdmissionOptions = {}): string | undefined {
  admitPodServiceAccount(pod, opts);
  admitPodDefaultTolerationSeconds(pod);
  return admitPodPriority(pod, opts);
}
