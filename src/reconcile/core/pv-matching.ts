/** Which PersistentVolume suits a claim: the binder's findBestMatchForClaim, reduced to its rules. */
import type { KObject } from "../../kube/object";
import { parseQuantity } from "../../kube/quantity";
import { labelSelectorMatches } from "./pods";

export interface ClaimSpec {
  storageClassName?: string;
  accessModes?: string[];
  volumeMode?: string;
  volumeName?: string;
  selector?: unknown;
  resources?: { requests?: Record<string, string> };
}
export interface VolumeSpec {
  storageClassName?: string;
  accessModes?: string[];
  volumeMode?: string;
  capacity?: Record<string, string>;
  persistentVolumeReclaimPolicy?: string;
  claimRef?: {
    kind?: string;
    apiVersion?: string;
    namespace?: string;
    name?: string;
    uid?: string;
    resourceVersion?: string;
  };
}

export const claimSpec = (pvc: KObject): ClaimSpec => (pvc.spec ?? {}) as ClaimSpec;
export const volumeSpec = (pv: KObject): VolumeSpec => (pv.spec ?? {}) as VolumeSpec;
export const phaseOf = (o: KObject): string | undefined => (o.status as { phase?: string } | undefined)?.phase;

function bytes(q: string | undefined): bigint {
  if (!q) return 0n;
  try {
    return parseQuantity(q).value();
  } catch {
    return 0n;
  }
}

export function requestedBytes(pvc: KObject): bigint {
  return bytes(claimSpec(pvc).resources?.requests?.storage);
}

/** True when the PV's claimRef names this claim (by uid when it has one). */
export function preBoundTo(pv: KObject, pvc: KObject): boolean {
  const ref = volumeSpec(pv).claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

/** Whether `pv` could satisfy `pvc`, ignoring who it is bound to. */
export function volumeSatisfies(pv: KObject, pvc: KObject): boolean {
  const c = claimSpec(pvc);
  const v = volumeSpec(pv);
  if (pv.metadata.deletionTimestamp) return false;
  if ((v.storageClassName ?? "") !== (c.storageClassName ?? "")) return false;
  if ((v.volumeMode ?? "Filesystem") !== (c.volumeMode ?? "Filesystem")) return false;
  const modes = v.accessModes ?? [];
  if (!(c.accessModes ?? []).every((m) => modes.includes(m))) return false;
  if (bytes(v.capacity?.storage) < requestedBytes(pvc)) return false;
  if (c.selector && !labelSelectorMatches(c.selector, pv.metadata.labels)) return false;
  return true;
}

/**
 * A volume pre-bound to the claim, else the smallest Available one that satisfies it. Unless
 * `allowUnbound`, only pre-bound volumes count (WaitForFirstConsumer claims not yet given a node).
 */
export function findBestMatch(pvc: KObject, pvs: KObject[], allowUnbound: boolean): KObject | undefined {
  const pre = pvs.find((pv) => preBoundTo(pv, pvc) && volumeSatisfies(pv, pvc));
  if (pre || !allowUnbound) return pre;
  let best: KObject | undefined;
  for (const pv of pvs) {
    if (volumeSpec(pv).claimRef || phaseOf(pv) === "Released" || phaseOf(pv) === "Failed") continue;
    if (!volumeSatisfies(pv, pvc)) continue;
    if (!best || bytes(volumeSpec(pv).capacity?.storage) < bytes(volumeSpec(best).capacity?.storage)) best = pv;
  }
  return best;
}
