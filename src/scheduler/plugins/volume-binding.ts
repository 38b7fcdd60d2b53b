/**
 * VolumeBinding basics: a pod's claims must exist; unbound claims of an Immediate class must wait for the PV
 * binder; bound volumes pin the pod to the nodes their PV allows (local-path PVs name one node); unbound
 * WaitForFirstConsumer claims go wherever the pod goes and get `volume.kubernetes.io/selected-node` at bind.
 */
import type { KObject } from "../../kube/object";
import type { FilterStatus, NodeInfo, NodeSelectorTerm, PodInfo } from "../types";
import { termMatchesNode } from "./node-basics";

export const ERR_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const ERR_VOLUME_NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const SELECTED_NODE_ANNOTATION = "volume.kubernetes.io/selected-node";

export interface VolumeLister {
  pvc(namespace: string, name: string): KObject | undefined;
  pv(name: string): KObject | undefined;
  storageClass(name: string): KObject | undefined;
  /** The class marked storageclass.kubernetes.io/is-default-class. */
  defaultStorageClass(): KObject | undefined;
}

export interface VolumeState {
  /** Node selector terms of bound PVs (each PV's terms ORed, PVs ANDed). */
  pvNodeTerms: NodeSelectorTerm[][];
  /** Unbound WaitForFirstConsumer claims to annotate when the pod binds. */
  claimsToBind: string[];
}

/** PreFilter: a message (the whole cycle fails with it) or the state the filter and binding need. */
export function volumePreFilter(pod: PodInfo, volumes: VolumeLister): VolumeState | { message: string } {
  const state: VolumeState = { pvNodeTerms: [], claimsToBind: [] };
  for (const name of pod.pvcNames) {
    const pvc = volumes.pvc(pod.namespace, name);
    if (!pvc) return { message: `persistentvolumeclaim "${name}" not found` };
    if (pvc.metadata.deletionTimestamp) return { message: `persistentvolumeclaim "${name}" is being deleted` };
    const spec = (pvc.spec ?? {}) as { volumeName?: string; storageClassName?: string };
    if (spec.volumeName) {
      const pv = volumes.pv(spec.volumeName);
      if (!pv) return { message: `persistentvolume "${spec.volumeName}" not found` };
      const na = (pv.spec as { nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } } } | undefined)
        ?.nodeAffinity?.required?.nodeSelectorTerms;
      if (na) state.pvNodeTerms.push(na);
      continue;
    }
    // A claim without a class gets the default one (the DefaultStorageClass admission / PV controller's job).
    const className =
      spec.storageClassName ?? (volumes.defaultStorageClass()?.metadata.name as string | undefined) ?? "";
    const cls = className ? volumes.storageClass(className) : undefined;
    if ((cls as { volumeBindingMode?: string } | undefined)?.volumeBindingMode === "WaitForFirstConsumer") {
      state.claimsToBind.push(name);
    } else {
      return { message: ERR_UNBOUND_IMMEDIATE };
    }
  }
  return state;
}

export function volumeFilter(node: NodeInfo, state: VolumeState | undefined): FilterStatus | undefined {
  if (!state) return undefined;
  for (const terms of state.pvNodeTerms) {
    if (!terms.some((t) => termMatchesNode(t, node)))
      return { reasons: [ERR_VOLUME_NODE_CONFLICT], unresolvable: true };
  }
  return undefined;
}
