/**
 * The endpointslice controller: for every Service with a selector, EndpointSlices `<svc>-<5 random>` (owned
 * by the Service, labelled kubernetes.io/service-name and managed-by endpointslice-controller.k8s.io) with
 * one endpoint per selected pod that has an IP and has not finished: conditions ready (serving and not
 * terminating, or always when the Service publishes not-ready addresses), serving (pod Ready) and
 * terminating, plus nodeName, the node's zone and a targetRef. Pods are grouped by the ports they serve and
 * cut into slices of at most 100 endpoints. A Service with no endpoints keeps one empty placeholder slice.
 *
 * Like kube's reconciler, a slice that would be deleted is reused for one that would be created (an update
 * instead of a delete + create), and slices whose content is unchanged (compared ignoring order) are not
 * written, so the seeded kube-dns slice is left as it is.
 */
import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { podsSelectedBy, serviceKeysFor } from "./endpoint-triggers";
import { HEADLESS_LABEL, sortKeys, TRIGGER_TIME } from "./endpoints-controller";
import {
  isHeadless,
  isPodReady,
  managesEndpoints,
  podSpec,
  podStatus,
  resolvedServicePorts,
  serviceSpec,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "./pods";
import { KCM, kinds, listAll, randomSuffix, tolerate } from "./store-helpers";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const MANAGED_BY = "endpointslice-controller.k8s.io";
const MAX_ENDPOINTS_PER_SLICE = 100;
const ZONE_LABEL = "topology.kubernetes.io/zone";

interface SlicePort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}
interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
  nodeName?: string;
  zone?: string;
}
interface DesiredSlice {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

function podEndpoint(pod: KObject, svc: KObject, zoneOf: (node: string) => string | undefined): SliceEndpoint {
  const spec = podSpec(pod);
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // For compatibility, "ready" is never true for a terminating pod unless the Service publishes not-ready.
  const ready = !!serviceSpec(svc).publishNotReadyAddresses || (serving && !terminating);
  const ep: SliceEndpoint = {
    addresses: [podStatus(pod).podIP!],
    conditions: { ready, serving, terminating },
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = spec.hostname;
  if (spec.nodeName) {
    ep.nodeName = spec.nodeName;
    const zone = zoneOf(spec.nodeName);
    if (zone) ep.zone = zone;
  }
  return ep;
}

export function desiredSlices(
  svc: KObject,
  pods: KObject[],
  zoneOf: (node: string) => string | undefined = () => undefined,
): DesiredSlice[] {
  const spec = serviceSpec(svc);
  const groups = new Map<string, DesiredSlice>();
  const sorted = [...pods].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  for (const pod of sorted) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports: SlicePort[] = [];
    for (const { sp, port } of resolvedServicePorts(pod, spec.ports ?? [])) {
      const p: SlicePort = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) {
      g = { ports, endpoints: [] };
      groups.set(key, g);
    }
    g.endpoints.push(podEndpoint(pod, svc, zoneOf));
  }
  const out: DesiredSlice[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  return out;
}

const canonicalSet = (xs: unknown) =>
  ((Array.isArray(xs) ? xs : []) as unknown[]).map((x) => JSON.stringify(sortKeys(x))).sort();

function sameContent(slice: KObject, want: DesiredSlice): boolean {
  return (
    deepEqual(canonicalSet(slice.ports), canonicalSet(want.ports)) &&
    deepEqual(canonicalSet(slice.endpoints), canonicalSet(want.endpoints))
  );
}

export function endpointSliceController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  const zoneOf = (node: string) => ctx.store.tryGet(k.nodes, undefined, node)?.metadata.labels?.[ZONE_LABEL];

  return {
    name: "endpointslice-controller",
    keysFor: (ch: Change) => serviceKeysFor(ctx, ch, "endpointslices"),
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref?.namespace) return undefined;
      const ns = ref.namespace;
      const svc = ctx.store.tryGet(k.services, ns, ref.name);
      // A deleted Service's slices go through the garbage collector (they are owned by it).
      if (!svc || !managesEndpoints(svc)) return undefined;
      const desired = desiredSlices(svc, podsSelectedBy(ctx, svc), zoneOf);
      // No endpoints at all: one placeholder slice with no ports and no endpoints.
      if (desired.length === 0) desired.push({ ports: [], endpoints: [] });

      const labels: Record<string, string> = {
        [MANAGED_BY_LABEL]: MANAGED_BY,
        ...(svc.metadata.labels ?? {}),
        [SERVICE_NAME_LABEL]: ref.name,
      };
      if (isHeadless(svc)) labels[HEADLESS_LABEL] = "";

      const existing = listAll(ctx, k.endpointSlices, ns).filter(
        (s) =>
          s.metadata.labels?.[SERVICE_NAME_LABEL] === ref.name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
      );
      // First keep slices that already hold exactly what is wanted, then reuse the rest in place.
      const unmatched: DesiredSlice[] = [];
      const free = [...existing];
      for (const want of desired) {
        const i = free.findIndex((s) => sameContent(s, want));
        if (i < 0) {
          unmatched.push(want);
          continue;
        }
        const [slice] = free.splice(i, 1);
        if (!deepEqual(slice.metadata.labels ?? {}, labels)) {
          write(slice, want, labels);
        }
      }
      for (const want of unmatched) {
        const reuse = free.shift();
        if (reuse) write(reuse, want, labels);
        else create(svc, want, labels);
      }
      for (const s of free) {
        tolerate([404, 409], () =>
          ctx.store.delete(k.endpointSlices, ns, s.metadata.name!, {
            dryRun: false,
            preconditions: { uid: s.metadata.uid },
          }),
        );
      }
      return undefined;
    },
  };

  function body(want: DesiredSlice): Record<string, unknown> {
    // A placeholder has no ports (kube leaves the field out).
    return { addressType: "IPv4", endpoints: want.endpoints, ...(want.ports.length ? { ports: want.ports } : {}) };
  }

  function write(slice: KObject, want: DesiredSlice, labels: Record<string, string>): void {
    const next: KObject = {
      ...slice,
      metadata: {
        ...slice.metadata,
        labels,
        annotations: { ...(slice.metadata.annotations ?? {}), [TRIGGER_TIME]: rfc3339(ctx.clock.now()) },
      },
      ...body(want),
    };
    if (!want.ports.length) delete next.ports;
    tolerate([404], () =>
      ctx.store.update(k.endpointSlices, slice.metadata.namespace, slice.metadata.name!, next, {
        dryRun: false,
        fieldManager: KCM,
      }),
    );
  }

  function create(svc: KObject, want: DesiredSlice, labels: Record<string, string>): void {
    const name = svc.metadata.name!;
    const prefix = `${name.length > 58 ? name.slice(0, 58) : name}-`;
    const annotations = want.endpoints.length ? { [TRIGGER_TIME]: rfc3339(ctx.clock.now()) } : undefined;
    tolerate([403, 404, 409], () =>
      ctx.store.create(
        k.endpointSlices,
        svc.metadata.namespace,
        {
          apiVersion: "discovery.k8s.io/v1",
          kind: "EndpointSlice",
          metadata: {
            name: prefix + randomSuffix(ctx),
            generateName: prefix,
            namespace: svc.metadata.namespace,
            labels,
            ...(annotations ? { annotations } : {}),
            ownerReferences: [
              {
                apiVersion: "v1",
                kind: "Service",
                name,
                uid: svc.metadata.uid!,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          ...body(want),
        },
        { dryRun: false, fieldManager: KCM },
      ),
    );
  }
}
