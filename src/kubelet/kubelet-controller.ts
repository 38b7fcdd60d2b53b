/**
 * The simulated kubelets: one logical kubelet per Node, run as a single controller keyed by pod. It picks up
 * pods bound to an existing node, runs their lifecycle (machine.ts) over cluster time, writes their status
 * as the kubelet (subresource status, field manager "kubelet"), records the kubelet's events, keeps the
 * node's image list, and finishes graceful deletion by removing the pod with a zero grace period.
 *
 * A node annotated `sim.edgeplane.dev/kubelet: stopped` has a dead kubelet: its pods are left untouched
 * until the annotation goes away. Pods on nodes that do not exist are left to the pod GC.
 */

import type { Change } from "../durable/store/kv-store";
import type { KObject } from "../kube/object";
import { type ControllerContext, declOf, parseKey } from "../reconcile/controller-context";
import type { Controller, ReconcileResult } from "../reconcile/engine";
import { kubeletStopped } from "../sim/annotations";
import { defaultProgram } from "./default-program";
import { ConfigError, resolveEnv } from "./env";
import type { NodeImage } from "./images";
import { type MachineEnv, newContainerState, PodMachine } from "./machine";
import { allocateIP, KubeletTables } from "./state-store";
import { buildStatus } from "./status";
import type { ContainerState, PodState, Program } from "./types";

type J = Record<string, any>;

/** Node annotation through which node lifecycle stops and restarts a node's kubelet. */
export const FIELD_MANAGER = "kubelet";

function podKey(namespace: string, name: string): string {
  return `core/pods/${namespace}/${name}`;
}

const nodeStopped = kubeletStopped;

function internalIP(node: KObject): string {
  const addrs = ((node.status as J | undefined)?.addresses ?? []) as J[];
  return String(addrs.find((a) => a.type === "InternalIP")?.address ?? "");
}

function specJson(o: KObject | undefined): string {
  return JSON.stringify(o?.spec ?? null);
}

/** The variables the kubelet adds for the `kubernetes` Service in every container. */
function masterServiceEnv(ip: string): Record<string, string> {
  return {
    KUBERNETES_SERVICE_HOST: ip,
    KUBERNETES_SERVICE_PORT: "443",
    KUBERNETES_SERVICE_PORT_HTTPS: "443",
    KUBERNETES_PORT: `tcp://${ip}:443`,
    KUBERNETES_PORT_443_TCP: `tcp://${ip}:443`,
    KUBERNETES_PORT_443_TCP_PROTO: "tcp",
    KUBERNETES_PORT_443_TCP_PORT: "443",
    KUBERNETES_PORT_443_TCP_ADDR: ip,
  };
}

export function createKubelet(ctx: ControllerContext, program: Program = defaultProgram): Controller {
  const podDecl = declOf(ctx.registry, "", "pods");
  const nodeDecl = declOf(ctx.registry, "", "nodes");
  const svcDecl = declOf(ctx.registry, "", "services");
  let tablesCache: KubeletTables | undefined;
  const tables = () => {
    tablesCache ??= new KubeletTables(ctx.store.kv);
    return tablesCache;
  };

  /** Pods bound to a node, from the live objects (including ones the kubelet has not seen yet). */
  const podsBoundTo = (node: string): string[] =>
    ctx.store.kv
      .rawQuery(
        `SELECT key FROM objects WHERE key >= 'core/pods/' AND key < 'core/pods0'
           AND json_extract(value, '$.spec.nodeName') = ?`,
        node,
      )
      .map((r) => String(r.key));

  const keysFor = (ch: Change): string[] => {
    if (ch.key.startsWith("core/pods/")) {
      if (ch.type === "DELETED") return [ch.key];
      const o = ch.object;
      const nodeName = (o.spec as J | undefined)?.nodeName;
      if (!nodeName) return [];
      const p = ch.prev;
      if (ch.type === "ADDED" || !p || !(p.spec as J | undefined)?.nodeName) return [ch.key];
      if (p.metadata.uid !== o.metadata.uid) return [ch.key];
      if (Boolean(p.metadata.deletionTimestamp) !== Boolean(o.metadata.deletionTimestamp)) return [ch.key];
      if (specJson(p) !== specJson(o)) return [ch.key];
      // Readiness gates are conditions other components set: Ready depends on them.
      if (
        (o.spec as J).readinessGates &&
        JSON.stringify((p.status as J)?.conditions) !== JSON.stringify((o.status as J)?.conditions)
      ) {
        return [ch.key];
      }
      return [];
    }
    if (ch.key.startsWith("core/nodes/")) {
      if (ch.type === "DELETED") return [];
      const was = ch.type === "ADDED" ? true : nodeStopped(ch.prev);
      if (was === nodeStopped(ch.object) && ch.type !== "ADDED") return [];
      if (nodeStopped(ch.object)) return [];
      return podsBoundTo(String(ch.object.metadata.name));
    }
    if ((ch.key.startsWith("core/configmaps/") || ch.key.startsWith("core/secrets/")) && ch.type !== "DELETED") {
      const ns = String(ch.object.metadata.namespace ?? "");
      return tables()
        .podsWaitingForConfig(ns)
        .map((name) => podKey(ns, name));
    }
    return [];
  };

  const deletePod = (pod: KObject) => {
    try {
      ctx.store.delete(podDecl, pod.metadata.namespace, String(pod.metadata.name), {
        dryRun: false,
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== 404 && code !== 409) throw e;
    }
  };

  const kubernetesServiceIP = (): string => {
    const svc = ctx.store.tryGet(svcDecl, "default", "kubernetes");
    return String((svc?.spec as J | undefined)?.clusterIP ?? "10.96.0.1");
  };

  /** What CoreDNS answers for Services: cluster IPs, or a headless Service's ready endpoints. */
  const clusterDNS = (): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    const epDecl = ctx.registry.byResource("", "endpoints");
    for (const svc of ctx.store.list(svcDecl, undefined, { filter: {} }).items) {
      const spec = (svc.spec ?? {}) as J;
      const fqdn = `${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`;
      if (spec.type === "ExternalName") continue;
      if (spec.clusterIP && spec.clusterIP !== "None") {
        out[fqdn] = [String(spec.clusterIP)];
        continue;
      }
      const ep = epDecl ? ctx.store.tryGet(epDecl, svc.metadata.namespace, String(svc.metadata.name)) : undefined;
      const ips = ((ep?.subsets ?? []) as J[]).flatMap((ss) => ((ss.addresses ?? []) as J[]).map((a) => String(a.ip)));
      if (ips.length) out[fqdn] = ips;
    }
    return out;
  };

  const envFor = (pod: KObject, spec: J, podIP: string | undefined, hostIP: string): Record<string, string> => ({
    ...masterServiceEnv(kubernetesServiceIP()),
    HOSTNAME: String((pod.spec as J).hostname ?? pod.metadata.name ?? ""),
    ...resolveEnv(ctx.store, ctx.registry, pod, spec, podIP, hostIP),
  });

  /** A pod the kubelet finds already running (the seeded system pods): take it over as it is. */
  const adopt = (pod: KObject, node: KObject, now: number, t: KubeletTables): PodState | undefined => {
    const status = (pod.status ?? {}) as J;
    const spec = (pod.spec ?? {}) as J;
    const statuses = (status.containerStatuses ?? []) as J[];
    if (status.phase !== "Running" || !statuses.length) return undefined;
    const seenAt = status.startTime ? Date.parse(status.startTime) : now;
    const st: PodState = {
      uid: String(pod.metadata.uid),
      node: String(node.metadata.name),
      seenAt,
      sandboxAt: seenAt,
      podIP: status.podIP,
      hostIP: status.hostIP ?? internalIP(node),
      adopted: true,
      init: ((spec.initContainers ?? []) as J[]).map((s) => {
        const c = newContainerState(s, true);
        c.stage = "terminated";
        return c;
      }),
      containers: [],
    };
    for (const s of (spec.containers ?? []) as J[]) {
      const c: ContainerState = newContainerState(s, false);
      const cs = statuses.find((x) => x.name === s.name);
      const startedAt = cs?.state?.running?.startedAt;
      if (startedAt) {
        c.stage = "running";
        c.runs = Number(cs.restartCount ?? 0) + 1;
        c.containerID = cs.containerID;
        c.startedAt = Date.parse(startedAt);
        c.imageID = cs.imageID;
        c.reportedImage = cs.image;
        c.started = cs.started !== false;
        c.ready = cs.ready === true;
        let env: Record<string, string> = {};
        try {
          env = envFor(pod, s, st.podIP, st.hostIP);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
        }
        c.input = {
          image: c.image,
          command: s.command,
          args: s.args,
          env,
          startedAtMs: c.startedAt,
          hostname: String(spec.hostname ?? pod.metadata.name ?? ""),
          podName: String(pod.metadata.name),
          namespace: String(pod.metadata.namespace ?? "default"),
          restartCount: c.runs - 1,
          annotations: { ...(pod.metadata.annotations ?? {}) },
          name: c.name,
          ports: ((s.ports ?? []) as J[]).map((p) => Number(p.containerPort)),
          stdin: s.stdin === true,
          podIP: st.podIP,
        };
        if (c.containerID) {
          t.recordRun({
            uid: st.uid,
            container: c.name,
            restartCount: c.runs - 1,
            containerID: c.containerID,
            startedAt: c.startedAt,
            input: c.input,
          });
        }
      }
      st.containers.push(c);
    }
    return st;
  };

  const fresh = (pod: KObject, node: KObject, now: number): PodState => {
    const spec = (pod.spec ?? {}) as J;
    return {
      uid: String(pod.metadata.uid),
      node: String(node.metadata.name),
      seenAt: now,
      hostIP: internalIP(node),
      init: ((spec.initContainers ?? []) as J[]).map((s) => newContainerState(s, true)),
      containers: ((spec.containers ?? []) as J[]).map((s) => newContainerState(s, false)),
    };
  };

  const reconcile = (key: string): ReconcileResult | undefined => {
    const ref = parseKey(ctx.registry, key);
    if (!ref || ref.decl !== podDecl || !ref.namespace) return undefined;
    const ns = ref.namespace;
    const t = tables();
    const pod = ctx.store.tryGet(podDecl, ns, ref.name);
    if (!pod) {
      t.forget(ns, ref.name);
      return undefined;
    }
    t.forget(ns, ref.name, pod.metadata.uid);
    const spec = (pod.spec ?? {}) as J;
    const nodeName = spec.nodeName as string | undefined;
    if (!nodeName) return undefined;
    const node = ctx.store.tryGet(nodeDecl, undefined, nodeName);
    if (!node || nodeStopped(node)) return undefined;
    const now = ctx.clock.now();

    const st = t.load(String(pod.metadata.uid)) ?? adopt(pod, node, now, t) ?? fresh(pod, node, now);
    st.configWait = false;
    let images = ((node.status as J | undefined)?.images ?? []) as NodeImage[];
    let imagesChanged = false;
    let dnsOnce: Record<string, string[]> | undefined;
    const env: MachineEnv = {
      program,
      pod,
      nodeName,
      podCIDR: (node.spec as J | undefined)?.podCIDR,
      get nodeImages() {
        return images;
      },
      set nodeImages(v: NodeImage[]) {
        images = v;
      },
      imagesChanged(v) {
        images = v;
        imagesChanged = true;
      },
      record(c, type, reason, message) {
        const fieldPath = c ? `spec.${c.init ? "initContainers" : "containers"}{${c.name}}` : undefined;
        ctx.events.record(pod, type, reason, message, { component: "kubelet", host: nodeName }, fieldPath);
      },
      resolveEnv: (cspec, podIP) => envFor(pod, cspec, podIP, st.hostIP),
      // Listed at most once per reconcile, however many containers of the pod start in it.
      dns: () => {
        dnsOnce ??= clusterDNS();
        return dnsOnce;
      },
      allocateIP: () => {
        const cidr = (node.spec as J | undefined)?.podCIDR as string | undefined;
        return cidr ? allocateIP(t, nodeName, cidr) : undefined;
      },
      recordRun: (r) => t.recordRun(r),
      finishRun: (id, at, code, reason) => t.finishRun(id, at, code, reason),
      sigterm: (id, at) => t.sigterm(id, at),
    };
    const machine = new PodMachine(env, st);

    // Nothing runs (not started yet, or already terminal): a deleted pod goes at once.
    if (pod.metadata.deletionTimestamp && !st.terminating && !machine.anyRunning()) {
      deletePod(pod);
      t.forget(ns, ref.name);
      return undefined;
    }

    machine.advance(now);
    const specs = { init: (spec.initContainers ?? []) as J[], containers: (spec.containers ?? []) as J[] };
    const done = machine.stoppedForDeletion();
    const { status, phase } = buildStatus(pod, st, specs, now, done);
    if (!done && !st.terminating && (phase === "Succeeded" || phase === "Failed")) st.finished = phase;
    if (JSON.stringify(status) !== JSON.stringify(pod.status ?? {})) {
      ctx.store.update(
        podDecl,
        ns,
        ref.name,
        { ...pod, status },
        {
          dryRun: false,
          fieldManager: FIELD_MANAGER,
          subresource: "status",
        },
      );
    }
    if (imagesChanged) {
      const cur = ctx.store.get(nodeDecl, undefined, nodeName);
      ctx.store.update(
        nodeDecl,
        undefined,
        nodeName,
        { ...cur, status: { ...((cur.status ?? {}) as J), images } },
        { dryRun: false, fieldManager: FIELD_MANAGER, subresource: "status" },
      );
    }
    if (done) {
      deletePod(pod);
      t.forget(ns, ref.name);
      return undefined;
    }
    t.save(ns, ref.name, st);
    const next = machine.nextDue(now);
    return next === undefined ? undefined : { requeueAfterMs: Math.max(0, next - now) };
  };

  return { name: "kubelet", keysFor, reconcile };
}

/** The CONTROLLERS entry: the kubelets with the real container program. */
export function kubeletController(ctx: ControllerContext): Controller {
  return createKubelet(ctx);
}
