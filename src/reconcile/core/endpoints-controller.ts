/**
 * The endpoints controller: for every Service with a selector, an Endpoints object of the same name listing
 * the selected pods' IPs, ready ones under `addresses` and the others under `notReadyAddresses`, grouped into
 * subsets by the ports they serve (a named targetPort resolves per pod against its container ports, so pods
 * that lack the port are left out of that port's subset). Pods without an IP or that have finished are left
 * out; terminating ones too unless the Service publishes not-ready addresses (then everything counts as
 * ready). Services without a selector are left alone: their Endpoints belong to the user.
 *
 * Writes happen only when the content changes (compared ignoring order), so the seeded kube-dns Endpoints
 * are not churned.
 */

import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { podsSelectedBy, serviceKeysFor } from "./endpoint-triggers";
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
import { KCM, kinds, tolerate } from "./store-helpers";

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}
interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}
interface Subset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export const HEADLESS_LABEL = "service.kubernetes.io/headless";
export const TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

export function podAddress(pod: KObject, svc: KObject): EndpointAddress {
  const spec = podSpec(pod);
  const a: EndpointAddress = {
    ip: podStatus(pod).podIP!,
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      uid: pod.metadata.uid!,
    },
  };
  if (shouldSetHostname(pod, svc)) a.hostname = spec.hostname;
  if (spec.nodeName) a.nodeName = spec.nodeName;
  return a;
}

/** The subsets kube's RepackSubsets would produce (addresses sorted by IP, then uid). */
export function desiredSubsets(svc: KObject, pods: KObject[]): Subset[] {
  const spec = serviceSpec(svc);
  const tolerateUnready = !!spec.publishNotReadyAddresses;
  const groups = new Map<string, Subset>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ports: EndpointPort[] = [];
    for (const { sp, port } of resolvedServicePorts(pod, spec.ports ?? [])) {
      const p: EndpointPort = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) p.name = sp.name;
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    // A Service with ports whose pod serves none of them contributes nothing; headless port-less Services
    // list the address with no ports.
    if (ports.length === 0 && (spec.ports ?? []).length > 0) continue;
    if (ports.length === 0 && !isHeadless(svc)) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) {
      g = ports.length ? { ports } : {};
      groups.set(key, g);
    }
    const field = tolerateUnready || isPodReady(pod) ? "addresses" : "notReadyAddresses";
    const list = g[field] ?? [];
    g[field] = list;
    list.push(podAddress(pod, svc));
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) =>
    a.ip === b.ip ? a.targetRef.uid.localeCompare(b.targetRef.uid) : a.ip.localeCompare(b.ip);
  const out = [...groups.values()];
  for (const s of out) {
    s.addresses?.sort(byIp);
    s.notReadyAddresses?.sort(byIp);
  }
  return out;
}

/** Order-insensitive form of subsets, for "has anything changed?". */
function canonical(subsets: unknown): string[] {
  const ss = (Array.isArray(subsets) ? subsets : []) as Subset[];
  const sortJson = (xs: unknown[] | undefined) => (xs ?? []).map((x) => JSON.stringify(sortKeys(x))).sort();
  return ss
    .map((s) =>
      JSON.stringify({
        a: sortJson(s.addresses),
        n: sortJson(s.notReadyAddresses),
        p: sortJson(s.ports),
      }),
    )
    .sort();
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined && k !== "resourceVersion")
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

export function endpointsController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  return {
    name: "endpoints-controller",
    keysFor: (ch: Change) => serviceKeysFor(ctx, ch, "endpoints"),
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref?.namespace) return undefined;
      const ns = ref.namespace;
      const svc = ctx.store.tryGet(k.services, ns, ref.name);
      const current = ctx.store.tryGet(k.endpoints, ns, ref.name);
      if (!svc) {
        // The Service is gone: its Endpoints go with it (they carry no owner reference).
        if (current) tolerate([404, 409], () => ctx.store.delete(k.endpoints, ns, ref.name, { dryRun: false }));
        return undefined;
      }
      if (!managesEndpoints(svc)) return undefined;
      const subsets = desiredSubsets(svc, podsSelectedBy(ctx, svc));
      const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
      if (isHeadless(svc)) labels[HEADLESS_LABEL] = "";
      if (
        current &&
        deepEqual(canonical(current.subsets), canonical(subsets)) &&
        deepEqual(current.metadata.labels ?? {}, labels)
      ) {
        return undefined;
      }
      const annotations = { ...(current?.metadata.annotations ?? {}), [TRIGGER_TIME]: rfc3339(ctx.clock.now()) };
      if (!current) {
        tolerate([403, 404, 409], () =>
          ctx.store.create(
            k.endpoints,
            ns,
            {
              apiVersion: "v1",
              kind: "Endpoints",
              metadata: { name: ref.name, namespace: ns, labels, annotations },
              ...(subsets.length ? { subsets } : {}),
            },
            { dryRun: false, fieldManager: KCM },
          ),
        );
        return undefined;
      }
      const next: KObject = { ...current, metadata: { ...current.metadata, labels, annotations } };
      if (subsets.length) next.subsets = subsets;
      else delete next.subsets;
      tolerate([404], () => ctx.store.update(k.endpoints, ns, ref.name, next, { dryRun: false, fieldManager: KCM }));
      return undefined;
    },
  };
}
