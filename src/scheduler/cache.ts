/**
 * The scheduler's in-memory cache (kube-scheduler's internal/cache + the informers' listers): NodeInfos with
 * their bound pods' totals, pending pods nominated by preemption, and the few other objects plugins read
 * (namespaces' labels, claims, volumes, classes, Services). Built once from the store, then kept current by
 * applying each committed change, so a scheduling cycle reads memory only. It is the Snapshot the pure
 * framework reads: everything runs in one thread, so no copy is needed.
 */
import type { Change } from "../durable/store/kv-store";
import { isPlainObject, type KObject } from "../kube/object";
import {
  type LabelSelector,
  type LabelSelectorObject,
  labelSelectorFromObject,
  matches,
  type Requirement,
  selectorFromSet,
} from "../kube/selectors/label-selector";
import type { Snapshot } from "./framework";
import { addPod, newNodeInfo, removePod, replaceNode } from "./node-info";
import { newPodInfo } from "./pod-info";
import type { NodeInfo, PodInfo } from "./types";

/** Looks up a pod's controller (ReplicaSet, StatefulSet, ReplicationController) for default spreading. */
export type OwnerLookup = (namespace: string, kind: string, name: string) => KObject | undefined;

export function isTerminal(pod: KObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

export class SchedulerCache implements Snapshot {
  private readonly nodes = new Map<string, NodeInfo>();
  private sorted: NodeInfo[] | null = null;
  private readonly index = new Map<string, number>();
  /** Bound pods whose node is not (yet) known: they join it when it appears. */
  private readonly orphans = new Map<string, Map<string, PodInfo>>();
  /** podKey → node it is counted on. */
  private readonly podNode = new Map<string, string>();
  private readonly nominated = new Map<string, Map<string, PodInfo>>();
  private readonly nominatedOf = new Map<string, string>();
  private readonly nsLabels = new Map<string, Record<string, string>>();
  private readonly pvcs = new Map<string, KObject>();
  private readonly pvs = new Map<string, KObject>();
  private readonly classes = new Map<string, KObject>();
  private readonly services = new Map<string, Map<string, Record<string, string>>>();

  constructor(private readonly owners?: OwnerLookup) {}

  // ---- Snapshot --------------------------------------------------------------------------------------

  nodeList(): readonly NodeInfo[] {
    if (!this.sorted) {
      this.sorted = [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.index.clear();
      for (let i = 0; i < this.sorted.length; i++) this.index.set(this.sorted[i].name, i);
    }
    return this.sorted;
  }

  node(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  readonly namespaceLabels = (ns: string) => this.nsLabels.get(ns);

  nominatedPods(nodeName: string): Iterable<PodInfo> {
    return this.nominated.get(nodeName)?.values() ?? [];
  }

  pvc(namespace: string, name: string): KObject | undefined {
    return this.pvcs.get(`${namespace}/${name}`);
  }

  pv(name: string): KObject | undefined {
    return this.pvs.get(name);
  }

  storageClass(name: string): KObject | undefined {
    return this.classes.get(name);
  }

  defaultStorageClass(): KObject | undefined {
    for (const c of this.classes.values()) {
      const a = c.metadata.annotations ?? {};
      if (
        a["storageclass.kubernetes.io/is-default-class"] === "true" ||
        a["storageclass.beta.kubernetes.io/is-default-class"] === "true"
      ) {
        return c;
      }
    }
    return undefined;
  }

  /** helper.DefaultSelector: Services selecting the pod plus its ReplicaSet/StatefulSet/RC selector, ANDed. */
  defaultSpreadSelector(pod: PodInfo): LabelSelector | undefined {
    const reqs: Requirement[] = [];
    for (const sel of this.services.get(pod.namespace)?.values() ?? []) {
      const s = selectorFromSet(sel);
      if (Object.keys(sel).length > 0 && matches(s, pod.labels)) reqs.push(...s.requirements);
    }
    const owner = (pod.pod.metadata.ownerReferences ?? []).find((o) => o.controller);
    if (owner && this.owners && ["ReplicaSet", "StatefulSet", "ReplicationController"].includes(owner.kind)) {
      const o = this.owners(pod.namespace, owner.kind, owner.name);
      const sel = (o?.spec as { selector?: unknown } | undefined)?.selector;
      try {
        if (owner.kind === "ReplicationController" && isPlainObject(sel)) {
          reqs.push(...selectorFromSet(sel as Record<string, string>).requirements);
        } else if (isPlainObject(sel)) {
          reqs.push(...labelSelectorFromObject(sel as LabelSelectorObject).requirements);
        }
      } catch {
        // An invalid selector adds nothing.
      }
    }
    return reqs.length > 0 ? { requirements: reqs, nothing: false } : undefined;
  }

  // ---- keeping current -------------------------------------------------------------------------------

  /** Applies one committed change; returns what kind of object it was about (for the caller's requeue logic). */
  apply(ch: Change): void {
    const [group, plural] = ch.key.split("/", 2);
    const deleted = ch.type === "DELETED";
    if (group === "core") {
      switch (plural) {
        case "pods":
          this.setPod(ch.key, deleted ? undefined : ch.object);
          return;
        case "nodes":
          this.setNode(ch.object.metadata.name ?? "", deleted ? undefined : ch.object);
          return;
        case "namespaces":
          if (deleted) this.nsLabels.delete(ch.object.metadata.name ?? "");
          else this.nsLabels.set(ch.object.metadata.name ?? "", ch.object.metadata.labels ?? {});
          return;
        case "persistentvolumeclaims":
          this.setIn(this.pvcs, `${ch.object.metadata.namespace}/${ch.object.metadata.name}`, ch.object, deleted);
          return;
        case "persistentvolumes":
          this.setIn(this.pvs, ch.object.metadata.name ?? "", ch.object, deleted);
          return;
        case "services":
          this.setService(ch.object, deleted);
          return;
      }
    } else if (group === "storage.k8s.io" && plural === "storageclasses") {
      this.setIn(this.classes, ch.object.metadata.name ?? "", ch.object, deleted);
    }
  }

  /** Loads everything from lists (first use, or after the Durable Object restarted). */
  load(objects: {
    nodes: KObject[];
    pods: KObject[];
    namespaces: KObject[];
    pvcs: KObject[];
    pvs: KObject[];
    classes: KObject[];
    services: KObject[];
  }): void {
    for (const n of objects.nodes) this.setNode(n.metadata.name ?? "", n);
    for (const p of objects.pods) this.setPod(`core/pods/${p.metadata.namespace}/${p.metadata.name}`, p);
    for (const ns of objects.namespaces) this.nsLabels.set(ns.metadata.name ?? "", ns.metadata.labels ?? {});
    for (const o of objects.pvcs) this.pvcs.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
    for (const o of objects.pvs) this.pvs.set(o.metadata.name ?? "", o);
    for (const o of objects.classes) this.classes.set(o.metadata.name ?? "", o);
    for (const o of objects.services) this.setService(o, false);
  }

  private setIn(map: Map<string, KObject>, key: string, obj: KObject, deleted: boolean): void {
    if (deleted) map.delete(key);
    else map.set(key, obj);
  }

  private setService(svc: KObject, deleted: boolean): void {
    const ns = svc.metadata.namespace ?? "";
    const m = this.services.get(ns) ?? new Map<string, Record<string, string>>();
    this.services.set(ns, m);
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (deleted || !isPlainObject(sel)) m.delete(svc.metadata.name ?? "");
    else m.set(svc.metadata.name ?? "", sel);
  }

  private setNode(name: string, obj: KObject | undefined): void {
    const cur = this.nodes.get(name);
    if (!obj) {
      if (!cur) return;
      this.nodes.delete(name);
      this.sorted = null;
      if (cur.pods.size > 0) this.orphans.set(name, new Map(cur.pods));
      return;
    }
    const next = cur ? replaceNode(cur, obj) : newNodeInfo(obj);
    if (!cur) {
      for (const p of this.orphans.get(name)?.values() ?? []) addPod(next, p);
      this.orphans.delete(name);
    }
    this.nodes.set(name, next);
    if (!cur) this.sorted = null;
    else if (this.sorted) this.sorted[this.index.get(name) ?? 0] = next;
  }

  private setPod(storageKey: string, obj: KObject | undefined): void {
    const parts = storageKey.split("/");
    const key = `${parts[2]}/${parts[3]}`;
    const was = this.podNode.get(key);
    if (was !== undefined) {
      this.podNode.delete(key);
      const n = this.nodes.get(was);
      if (n) removePod(n, key);
      else this.orphans.get(was)?.delete(key);
    }
    const nom = this.nominatedOf.get(key);
    if (nom !== undefined) {
      this.nominatedOf.delete(key);
      this.nominated.get(nom)?.delete(key);
    }
    if (!obj || isTerminal(obj)) return;
    const info = newPodInfo(obj);
    if (info.nodeName) {
      this.podNode.set(key, info.nodeName);
      const n = this.nodes.get(info.nodeName);
      if (n) addPod(n, info);
      else {
        const o = this.orphans.get(info.nodeName) ?? new Map<string, PodInfo>();
        this.orphans.set(info.nodeName, o);
        o.set(key, info);
      }
    } else if (info.nominatedNodeName) {
      this.nominatedOf.set(key, info.nominatedNodeName);
      const m = this.nominated.get(info.nominatedNodeName) ?? new Map<string, PodInfo>();
      this.nominated.set(info.nominatedNodeName, m);
      m.set(key, info);
    }
  }
}
