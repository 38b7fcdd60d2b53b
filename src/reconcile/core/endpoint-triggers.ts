/**
 * Which Services a store change concerns, for the Endpoints and EndpointSlice controllers: the Service
 * itself, its Endpoints/EndpointSlices (recreated or restored when someone deletes or edits them), and every
 * Service in the namespace that selects a pod before or after the change. Pod changes that cannot move an
 * endpoint (an annotation, a container restart count) enqueue nothing, so a busy kubelet costs little.
 */
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import type { ControllerContext } from "../controller-context";
import { isPodReady, podSpec, podStatus, serviceSelects } from "./pods";
import { kinds, listAll } from "./store-helpers";

/** What of a pod endpoints are made of. */
function endpointFacts(pod: KObject | undefined): unknown {
  if (!pod) return undefined;
  const spec = podSpec(pod);
  const st = podStatus(pod);
  return {
    labels: pod.metadata.labels ?? {},
    ip: st.podIP,
    phase: st.phase,
    ready: isPodReady(pod),
    deleting: !!pod.metadata.deletionTimestamp,
    node: spec.nodeName,
    hostname: spec.hostname,
    subdomain: spec.subdomain,
  };
}

export function serviceKeysFor(
  ctx: ControllerContext,
  ch: Change,
  ownObjects: "endpoints" | "endpointslices",
): string[] {
  const k = ch.key;
  if (k.startsWith("core/services/")) return [k];
  const ns = ch.object.metadata.namespace ?? "";
  if (ownObjects === "endpoints" && k.startsWith("core/endpoints/")) {
    return ch.type === "ADDED" ? [] : [`core/services/${ns}/${ch.object.metadata.name}`];
  }
  if (ownObjects === "endpointslices" && k.startsWith("discovery.k8s.io/endpointslices/")) {
    const svc = ch.object.metadata.labels?.["kubernetes.io/service-name"];
    const managed =
      ch.object.metadata.labels?.["endpointslice.kubernetes.io/managed-by"] === "endpointslice-controller.k8s.io";
    return svc && managed && ch.type !== "ADDED" ? [`core/services/${ns}/${svc}`] : [];
  }
  if (!k.startsWith("core/pods/")) return [];
  const before = ch.type === "ADDED" ? undefined : ch.prev;
  const after = ch.type === "DELETED" ? undefined : ch.object;
  if (ch.type === "MODIFIED" && deepEqual(endpointFacts(before), endpointFacts(after))) return [];
  const keys: string[] = [];
  for (const svc of listAll(ctx, kinds(ctx).services, ns)) {
    if (serviceSelects(svc, before?.metadata.labels) || serviceSelects(svc, after?.metadata.labels)) {
      keys.push(`core/services/${ns}/${svc.metadata.name}`);
    }
  }
  return keys;
}

/** The pods of the Service's namespace its selector picks (both controllers build their endpoints from these). */
export function podsSelectedBy(ctx: ControllerContext, svc: KObject): KObject[] {
  return listAll(ctx, kinds(ctx).pods, svc.metadata.namespace).filter((p) => serviceSelects(svc, p.metadata.labels));
}
