/** core/v1 Pod. */
import { admitPod, defaultPod } from "../defaults/pod";
import { podQOSClass } from "../defaults/qos";
import { forbidden } from "../errors";
import type { KObject } from "../object";
import { podColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
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
  prepareForCreate(pod) {
    pod.status = { phase: "Pending", qosClass: podQOSClass(pod) };
    const denied = admitPod(pod);
    if (denied) throw forbidden({ group: "", resource: "pods" }, String(pod.metadata.name ?? ""), denied);
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
