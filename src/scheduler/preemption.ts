/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, find the nodes where evicting lower-priority pods
 * would make it fit, keep as few victims as possible (reprieving PDB-protected ones first), and pick the
 * node kube would: fewest PDB violations, lowest top victim priority, lowest priority sum, fewest victims,
 * latest-started top victim. Pure: the controller carries out the evictions.
 */
import type { KObject } from "../kube/object";
import { type LabelSelectorObject, labelSelectorFromObject, matches } from "../kube/selectors/label-selector";
import { fitErrorMessage } from "./fit-error";
import { type CycleState, type Diagnosis, filterWithNominated, type Snapshot } from "./framework";
import { addPod, cloneNodeInfo, removePod } from "./node-info";
import type { FilterStatus, PodInfo } from "./types";

export const NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const NO_VICTIMS = "No preemption victims found for incoming pod";

export interface PreemptionCandidate {
  node: string;
  victims: PodInfo[];
  pdbViolations: number;
}

export type PreemptionResult =
  | { ok: true; candidate: PreemptionCandidate }
  /** `clearNomination`: the pod cannot preempt anywhere, so its old nomination is dropped. */
  | { ok: false; message: string; clearNomination: boolean };

export interface Pdb {
  namespace: string;
  selector: LabelSelectorObject | undefined;
  disruptionsAllowed: number;
  disruptedPods: Set<string>;
}

export function pdbFromObject(o: KObject): Pdb {
  const spec = (o.spec ?? {}) as { selector?: LabelSelectorObject };
  const status = (o.status ?? {}) as { disruptionsAllowed?: number; disruptedPods?: Record<string, string> };
  return {
    namespace: o.metadata.namespace ?? "",
    selector: spec.selector,
    disruptionsAllowed: Number(status.disruptionsAllowed ?? 0),
    disruptedPods: new Set(Object.keys(status.disruptedPods ?? {})),
  };
}

function startMs(p: PodInfo): number {
  const t = Date.parse(String((p.pod.status as { startTime?: string } | undefined)?.startTime ?? ""));
  return Number.isFinite(t) ? t : p.creationMs;
}

/** util.MoreImportantPod: higher priority, then earlier start. */
function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return startMs(a) - startMs(b);
}

function pdbMatches(pdb: Pdb, p: PodInfo): boolean {
  if (pdb.namespace !== p.namespace) return false;
  try {
    const sel = labelSelectorFromObject(pdb.selector);
    // An empty selector matches nothing for PDBs in policy/v1 semantics of the scheduler.
    return sel.requirements.length > 0 && matches(sel, p.labels);
  } catch {
    return false;
  }
}

/** filterPodsWithPDBViolation: which victims would take a budget below zero. */
function splitByPdb(pods: PodInfo[], pdbs: Pdb[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const ok: PodInfo[] = [];
  for (const p of pods) {
    let violates = false;
    pdbs.forEach((pdb, i) => {
      if (!pdbMatches(pdb, p) || pdb.disruptedPods.has(p.name)) return;
      allowed[i]--;
      if (allowed[i] < 0) violates = true;
    });
    (violates ? violating : ok).push(p);
  }
  return [violating, ok];
}

export function podEligibleToPreemptOthers(pod: PodInfo, snap: Snapshot): string | undefined {
  if (pod.preemptionPolicy === "Never") return "not eligible due to preemptionPolicy=Never.";
  if (pod.nominatedNodeName) {
    const n = snap.node(pod.nominatedNodeName);
    if (n) {
      for (const p of n.pods.values()) {
        if (p.terminating && p.priority < pod.priority) {
          return "not eligible due to a terminating pod on the nominated node.";
        }
      }
    }
  }
  return undefined;
}

function selectVictimsOnNode(
  pod: PodInfo,
  nodeName: string,
  snap: Snapshot,
  state: CycleState,
  pdbs: Pdb[],
): { victims: PodInfo[]; violations: number } | FilterStatus {
  const node = cloneNodeInfo(snap.node(nodeName)!);
  const potential = [...node.pods.values()].filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return { reasons: [NO_VICTIMS], unresolvable: true };
  for (const p of potential) removePod(node, p.key);
  const fails = filterWithNominated(pod, node, state, snap);
  if (fails) return fails;
  potential.sort(moreImportant);
  const [violating, nonViolating] = splitByPdb(potential, pdbs);
  const victims: PodInfo[] = [];
  let violations = 0;
  const reprieve = (p: PodInfo): boolean => {
    addPod(node, p);
    if (filterWithNominated(pod, node, state, snap)) {
      removePod(node, p.key);
      victims.push(p);
      return false;
    }
    return true;
  };
  for (const p of violating) if (!reprieve(p)) violations++;
  for (const p of nonViolating) reprieve(p);
  victims.sort(moreImportant);
  return { victims, violations };
}

/** pickOneNodeForPreemption's criteria, in order. */
function pickCandidate(cands: PreemptionCandidate[]): PreemptionCandidate {
  const keyFns: ((c: PreemptionCandidate) => number)[] = [
    (c) => c.pdbViolations,
    (c) => c.victims[0]?.priority ?? 0,
    (c) => c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0),
    (c) => c.victims.length,
    (c) => {
      const top = c.victims[0]?.priority;
      const starts = c.victims.filter((v) => v.priority === top).map(startMs);
      return -Math.min(...starts);
    },
  ];
  let pool = cands;
  for (const f of keyFns) {
    if (pool.length === 1) break;
    const best = Math.min(...pool.map(f));
    pool = pool.filter((c) => f(c) === best);
  }
  return pool[0];
}

export function preempt(
  pod: PodInfo,
  snap: Snapshot,
  state: CycleState,
  diagnosis: Diagnosis,
  pdbs: Pdb[],
): PreemptionResult {
  const ineligible = podEligibleToPreemptOthers(pod, snap);
  if (ineligible) return { ok: false, message: ineligible, clearNomination: false };
  const numAll = diagnosis.numAllNodes;
  const potential = [...diagnosis.statuses].filter(([, s]) => !s.unresolvable).map(([n]) => n);
  const statuses = new Map<string, FilterStatus>();
  const candidates: PreemptionCandidate[] = [];
  for (const name of potential) {
    if (!snap.node(name)) continue;
    const r = selectVictimsOnNode(pod, name, snap, state, pdbs);
    if ("reasons" in r) statuses.set(name, r);
    else candidates.push({ node: name, victims: r.victims, pdbViolations: r.violations });
  }
  if (candidates.length === 0) {
    const message = fitErrorMessage({
      numAllNodes: numAll,
      statuses,
      absent: { reasons: [NOT_HELPFUL], unresolvable: true },
    });
    return { ok: false, message, clearNomination: true };
  }
  return { ok: true, candidate: pickCandidate(candidates) };
}
