/** Small readers of Pod and Service fields shared by the kube-controller-manager controllers here. */
import type { KObject } from "../../kube/object";
import { isPodTerminal, type PodCondition } from "../../kube/pod-status";
import type { Toleration } from "../../kube/scheduling/tolerations";
import { labelSelectorFromObject, matches, selectorFromSet } from "../../kube/selectors/label-selector";

export { isPodReady, isPodTerminal, type PodCondition, podCondition } from "../../kube/pod-status";
export type { Taint, Toleration } from "../../kube/scheduling/tolerations";

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  appProtocol?: string;
}

interface PodSpecLike {
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  containers?: { name: string; ports?: ContainerPort[] }[];
  initContainers?: { name: string; restartPolicy?: string; ports?: ContainerPort[] }[];
  tolerations?: Toleration[];
}

export const podSpec = (pod: KObject): PodSpecLike => (pod.spec ?? {}) as PodSpecLike;
export const podStatus = (pod: KObject) =>
  (pod.status ?? {}) as { phase?: string; podIP?: string; conditions?: PodCondition[] };

/** endpointsliceutil.ShouldPodBeInEndpoints: not finished, has an IP, and terminating only when asked. */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!podStatus(pod).podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/**
 * podutil.FindPort: a numeric targetPort is used as is; a named one is looked up among the containers' ports
 * (and restartable init containers', i.e. sidecars) with the Service port's protocol. undefined = no such port.
 */
export function findPort(pod: KObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  const spec = podSpec(pod);
  const containers = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
  ];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** The Service ports a pod serves, each with the container port it resolves to (unresolvable ones left out). */
export function resolvedServicePorts(pod: KObject, ports: readonly ServicePort[]): { sp: ServicePort; port: number }[] {
  const out: { sp: ServicePort; port: number }[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port !== undefined) out.push({ sp, port });
  }
  return out;
}

export interface ServiceSpecLike {
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  type?: string;
  publishNotReadyAddresses?: boolean;
}

export const serviceSpec = (svc: KObject): ServiceSpecLike => (svc.spec ?? {}) as ServiceSpecLike;

/** A Service whose endpoints the controllers manage: it has a selector and is not ExternalName. */
export function managesEndpoints(svc: KObject): boolean {
  const spec = serviceSpec(svc);
  return spec.selector != null && spec.type !== "ExternalName";
}

/** The Service's selector against pod labels (an empty selector map selects nothing for Services). */
export function serviceSelects(svc: KObject, labels: Record<string, string> | undefined): boolean {
  const sel = serviceSpec(svc).selector;
  if (!sel || Object.keys(sel).length === 0) return false;
  return matches(selectorFromSet(sel), labels);
}

/** A metav1.LabelSelector against labels; an invalid selector matches nothing. */
export function labelSelectorMatches(sel: unknown, labels: Record<string, string> | undefined): boolean {
  try {
    return matches(labelSelectorFromObject(sel as Parameters<typeof labelSelectorFromObject>[0]), labels);
  } catch {
    return false;
  }
}

/** endpointutil.ShouldSetHostname: the pod names this Service as its subdomain. */
export function shouldSetHostname(pod: KObject, svc: KObject): boolean {
  const spec = podSpec(pod);
  return !!spec.hostname && spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

export function isHeadless(svc: KObject): boolean {
  return serviceSpec(svc).clusterIP === "None";
}
