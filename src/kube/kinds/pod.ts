/** core/v1 Pod. */
import { applyLimitRangeDefaults, validateAgainstLimitRanges } from "../admission/limit-range";
import { admitPod, defaultPod, type PodAdmissionOptions } from "../defaults/pod";
import { podQOSClass } from "../defaults/qos";
import { forbidden } from "../errors";
import type { KObject } from "../object";
import { podColumns } from "../printers";
import type { AdmissionContext, KindDeclaration } from "../registry/kind";
import { podSchema } from "../types/core-pod";
import { validatePod } from "../validation/pod";

type PodLike = { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const specField = (f: string) => (o: KObject) => {
  const v = (o as PodLike).spec?.[f];
  return v === undefined ? "" : String(v);
};
const statusField = (f: string) => (o: KObject) => {
  const v = (o as PodLike).status?.[f];
  return v === undefined ? "" : String(v);
};

/**
 * What the ServiceAccount and Priority admission plugins read: the pod's ServiceAccount and the
 * PriorityClasses. A missing ServiceAccount is refused as kube refuses it, except `default`, which the
 * ServiceAccount controller creates in every namespace moments after the namespace appears.
 */
function podAdmissionOptions(pod: KObject, ctx: AdmissionContext): PodAdmissionOptions {
  const ns = pod.metadata.namespace;
  const spec = (pod as PodLike).spec ?? {};
  const saName =
    typeof spec.serviceAccountName === "string" && spec.serviceAccountName ? spec.serviceAccountName : "default";
  const mirror = pod.metadata.annotations?.["kubernetes.io/config.mirror"] !== undefined;
  const serviceAccount = ctx.view.get("", "serviceaccounts", ns, saName);
  if (!serviceAccount && saName !== "default" && !mirror) {
    throw forbidden(
      { group: "", resource: "pods" },
      String(pod.metadata.name ?? pod.metadata.generateName ?? ""),
      `error looking up service account ${ns}/${saName}: serviceaccount "${saName}" not found`,
    );
  }
  const priorityClasses: NonNullable<PodAdmissionOptions["priorityClasses"]> = {};
  let defaultPriorityClass: PodAdmissionOptions["defaultPriorityClass"];
  for (const pc of ctx.view.list("scheduling.k8s.io", "priorityclasses")) {
    const entry = { value: Number(pc.value ?? 0), preemptionPolicy: pc.preemptionPolicy as string | undefined };
    priorityClasses[pc.metadata.name ?? ""] = entry;
    if (pc.globalDefault === true) defaultPriorityClass = { name: pc.metadata.name ?? "", ...entry };
  }
  return { serviceAccount, priorityClasses, defaultPriorityClass };
}

export const podKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  singular: "pod",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  schema: podSchema,
  nameRule: "subdomain",
  statusSubresource: true,
  columns: podColumns,
  defaults: defaultPod,
  validate: (pod, old) => validatePod(pod, old),
  // PodStrategy.PrepareForCreate, then the ServiceAccount, DefaultTolerationSeconds and Priority admission
  // plugins (without a ServiceAccount lookup yet: the kube-api-access volume is injected unconditionally).
  prepareForCreate(pod, ctx) {
    // LimitRanger first (its defaults decide the QoS class), then ServiceAccount, tolerations, Priority.
    const limitRanges = ctx.view.list("", "limitranges", pod.metadata.namespace);
    applyLimitRangeDefaults(pod, limitRanges);
    const overLimits = validateAgainstLimitRanges(pod, limitRanges, { operation: "CREATE" });
    if (overLimits) throw overLimits;
    const denied = admitPod(pod, podAdmissionOptions(pod, ctx));
    if (denied) throw forbidden({ group: "", resource: "pods" }, String(pod.metadata.name ?? ""), denied);
    pod.status = { phase: "Pending", qosClass: podQOSClass(pod) };
  },
  // pkg/registry/core/pod.PodToSelectableFields (v1.32).
  fieldSelectors: {
    "spec.nodeName": specField("nodeName"),
    "spec.restartPolicy": specField("restartPolicy"),
    "spec.schedulerName": specField("schedulerName"),
    "spec.serviceAccountName": specField("serviceAccountName"),
    "spec.hostNetwork": (o) => String((o as PodLike).spec?.hostNetwork === true),
    "status.phase": statusField("phase"),
    "status.podIP": statusField("podIP"),
    "status.nominatedNodeName": statusField("nominatedNodeName"),
  },
  /**
   * A pod bound to a node gets its grace period (request, else spec.terminationGracePeriodSeconds, else 30)
   * for the kubelet to stop it; unscheduled or finished pods go at once (pod strategy CheckGracefulDelete).
   */
  deletionGracePeriod(pod, requested) {
    const p = pod as PodLike;
    if (!p.spec?.nodeName) return 0;
    const phase = p.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") return 0;
    if (requested !== undefined) return requested;
    const g = p.spec.terminationGracePeriodSeconds;
    return typeof g === "number" && g >= 0 ? g : 30;
  },
};
