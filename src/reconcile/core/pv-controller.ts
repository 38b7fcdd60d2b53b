/**
 * The PersistentVolume controller (binder) with the kind cluster's local-path provisioner folded in.
 *
 * Claims: a claim without storageClassName gets the default class (retroactive default class, GA in 1.28);
 * a pre-bound volume or the smallest Available one that fits (class, access modes, capacity, selector,
 * volume mode) is bound both ways: PV claimRef + phase Bound, PVC volumeName + phase Bound + capacity, with
 * the pv.kubernetes.io/bind-completed and bound-by-controller annotations. Without a match, a class with a
 * provisioner provisions: at once for Immediate classes, and for WaitForFirstConsumer ones only once the
 * scheduler set volume.kubernetes.io/selected-node (until then event WaitForFirstConsumer).
 * rancher.io/local-path is simulated as kind runs it: PV `pvc-<uid>` with a hostPath under
 * /var/local-path-provisioner and node affinity to the selected node, events ExternalProvisioning,
 * Provisioning and ProvisioningSucceeded. Other provisioners are external: the claim waits.
 *
 * Volumes: no claimRef → Available; bound claim present → Bound; claim gone → Released, then deleted when
 * the reclaim policy is Delete (Retain keeps it Released).
 */
import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { LOCAL_PATH, provisionLocalPath } from "./local-path-provisioner";
import { claimSpec, findBestMatch, phaseOf, preBoundTo, volumeSpec } from "./pv-matching";
import { KCM, kinds, listAll, tolerate } from "./store-helpers";

const SOURCE = { component: "persistentvolume-controller" };
/** The FailedBinding message for a claim nothing can satisfy or provision. */
const NO_VOLUMES_NO_CLASS = "no persistent volumes available for this claim and no storage class is set";
export const SELECTED_NODE = "volume.kubernetes.io/selected-node";
const BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
const BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
const PROVISIONER_BETA = "volume.beta.kubernetes.io/storage-provisioner";
const PROVISIONER = "volume.kubernetes.io/storage-provisioner";

export function isDefaultClass(sc: KObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return (
    a["storageclass.kubernetes.io/is-default-class"] === "true" ||
    a["storageclass.beta.kubernetes.io/is-default-class"] === "true"
  );
}

export function persistentVolumeController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  const claimKey = (ns: string, name: string) => `core/persistentvolumeclaims/${ns}/${name}`;
  const volumeKey = (name: string) => `core/persistentvolumes//${name}`;

  const setStatus = (decl: typeof k.pvs, obj: KObject, status: Record<string, unknown>): KObject => {
    const cur = (obj.status ?? {}) as Record<string, unknown>;
    const next = { ...cur, ...status };
    if (decl === k.pvs && cur.phase !== next.phase) next.lastPhaseTransitionTime = rfc3339(ctx.clock.now());
    if (deepEqual(next, cur)) return obj;
    return ctx.store.update(
      decl,
      obj.metadata.namespace,
      obj.metadata.name!,
      { ...obj, status: next },
      {
        dryRun: false,
        fieldManager: KCM,
        subresource: "status",
      },
    ).object;
  };

  const update = (decl: typeof k.pvs, obj: KObject): KObject =>
    ctx.store.update(decl, obj.metadata.namespace, obj.metadata.name!, obj, { dryRun: false, fieldManager: KCM })
      .object;

  /** Binds both ways; each half is skipped when already done, so re-running converges. */
  const bind = (pv: KObject, pvc: KObject): void => {
    const vs = volumeSpec(pv);
    if (!vs.claimRef || vs.claimRef.uid !== pvc.metadata.uid) {
      const next = structuredClone(pv);
      (next.spec as Record<string, unknown>).claimRef = {
        kind: "PersistentVolumeClaim",
        namespace: pvc.metadata.namespace,
        name: pvc.metadata.name,
        uid: pvc.metadata.uid,
        apiVersion: "v1",
        resourceVersion: pvc.metadata.resourceVersion,
      };
      if (!vs.claimRef) next.metadata.annotations = { ...next.metadata.annotations, [BOUND_BY_CONTROLLER]: "yes" };
      pv = update(k.pvs, next);
    }
    pv = setStatus(k.pvs, pv, { phase: "Bound" });
    const cs = claimSpec(pvc);
    const ann = pvc.metadata.annotations ?? {};
    if (cs.volumeName !== pv.metadata.name || ann[BIND_COMPLETED] !== "yes") {
      const next = structuredClone(pvc);
      const byController = cs.volumeName !== pv.metadata.name;
      (next.spec as Record<string, unknown>).volumeName = pv.metadata.name;
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [BIND_COMPLETED]: "yes",
        ...(byController ? { [BOUND_BY_CONTROLLER]: "yes" } : {}),
      };
      pvc = update(k.pvcs, next);
    }
    const pvSpec = volumeSpec(pv);
    setStatus(k.pvcs, pvc, { phase: "Bound", accessModes: pvSpec.accessModes, capacity: pvSpec.capacity });
  };

  const syncClaim = (pvc: KObject): void => {
    if (pvc.metadata.deletionTimestamp) return;
    const cs = claimSpec(pvc);
    if (cs.storageClassName === undefined) {
      const def = listAll(ctx, k.storageClasses).find(isDefaultClass);
      if (def) {
        const next = structuredClone(pvc);
        (next.spec as Record<string, unknown>).storageClassName = def.metadata.name;
        tolerate([422], () => update(k.pvcs, next));
        return;
      }
    }
    const pvs = listAll(ctx, k.pvs);
    if (cs.volumeName) {
      const pv = pvs.find((v) => v.metadata.name === cs.volumeName);
      if (!pv) {
        if (phaseOf(pvc) === "Bound") {
          setStatus(k.pvcs, pvc, { phase: "Lost" });
          ctx.events.record(
            pvc,
            "Warning",
            "ClaimLost",
            "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!",
            SOURCE,
          );
        }
        return;
      }
      const ref = volumeSpec(pv).claimRef;
      if (!ref || preBoundTo(pv, pvc)) bind(pv, pvc);
      return;
    }
    const className = cs.storageClassName ?? "";
    const sc = className ? ctx.store.tryGet(k.storageClasses, undefined, className) : undefined;
    const waitForConsumer =
      (sc as { volumeBindingMode?: string } | undefined)?.volumeBindingMode === "WaitForFirstConsumer";
    const selectedNode = pvc.metadata.annotations?.[SELECTED_NODE];
    const match = findBestMatch(pvc, pvs, !waitForConsumer || !!selectedNode);
    if (match) {
      bind(match, pvc);
      return;
    }
    if (!className) {
      ctx.events.record(pvc, "Normal", "FailedBinding", NO_VOLUMES_NO_CLASS, SOURCE);
      return;
    }
    if (!sc) {
      ctx.events.record(
        pvc,
        "Warning",
        "ProvisioningFailed",
        `storageclass.storage.k8s.io "${className}" not found`,
        SOURCE,
      );
      return;
    }
    if (waitForConsumer && !selectedNode) {
      ctx.events.record(
        pvc,
        "Normal",
        "WaitForFirstConsumer",
        "waiting for first consumer to be created before binding",
        SOURCE,
      );
      return;
    }
    const provisioner = String((sc as { provisioner?: string }).provisioner ?? "");
    if (provisioner === "kubernetes.io/no-provisioner") {
      ctx.events.record(pvc, "Normal", "FailedBinding", NO_VOLUMES_NO_CLASS, SOURCE);
      return;
    }
    let claim = pvc;
    if (pvc.metadata.annotations?.[PROVISIONER] !== provisioner) {
      const next = structuredClone(pvc);
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [PROVISIONER_BETA]: provisioner,
        [PROVISIONER]: provisioner,
      };
      claim = update(k.pvcs, next);
    }
    ctx.events.record(
      claim,
      "Normal",
      "ExternalProvisioning",
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      SOURCE,
    );
    if (provisioner === LOCAL_PATH) provisionLocalPath(ctx, claim, sc, selectedNode);
  };

  const syncVolume = (pv: KObject): void => {
    const ref = volumeSpec(pv).claimRef;
    if (!ref) {
      if (phaseOf(pv) !== "Available") setStatus(k.pvs, pv, { phase: "Available" });
      return;
    }
    const claim = ref.namespace && ref.name ? ctx.store.tryGet(k.pvcs, ref.namespace, ref.name) : undefined;
    if (!claim || (ref.uid && claim.metadata.uid !== ref.uid)) {
      if (!ref.uid) {
        // Pre-bound by a user to a claim that does not exist yet.
        if (phaseOf(pv) !== "Available") setStatus(k.pvs, pv, { phase: "Available" });
        return;
      }
      const released = phaseOf(pv) === "Released" ? pv : setStatus(k.pvs, pv, { phase: "Released" });
      if (volumeSpec(released).persistentVolumeReclaimPolicy === "Delete" && !released.metadata.deletionTimestamp) {
        tolerate([404, 409], () =>
          ctx.store.delete(k.pvs, undefined, released.metadata.name!, {
            dryRun: false,
            preconditions: { uid: released.metadata.uid },
          }),
        );
      }
      return;
    }
    if (claimSpec(claim).volumeName === pv.metadata.name) {
      if (phaseOf(pv) !== "Bound") setStatus(k.pvs, pv, { phase: "Bound" });
      if (phaseOf(claim) !== "Bound") ctx.enqueue("persistentvolume-binder", claimKey(ref.namespace!, ref.name!));
    } else {
      if (phaseOf(pv) !== "Available" && phaseOf(pv) !== "Bound") setStatus(k.pvs, pv, { phase: "Available" });
      ctx.enqueue("persistentvolume-binder", claimKey(ref.namespace!, ref.name!));
    }
  };

  return {
    name: "persistentvolume-binder",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("core/persistentvolumeclaims/")) {
        const vol = claimSpec(ch.object).volumeName;
        if (ch.type === "DELETED") return vol ? [volumeKey(vol)] : [];
        return [ch.key];
      }
      if (ch.key.startsWith("core/persistentvolumes/")) {
        if (ch.type === "DELETED") {
          const ref = volumeSpec(ch.object).claimRef;
          return ref?.namespace && ref.name ? [claimKey(ref.namespace, ref.name)] : [];
        }
        return [ch.key];
      }
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const obj = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
      if (!obj) return undefined;
      if (ref.decl === k.pvcs) syncClaim(obj);
      else if (ref.decl === k.pvs) syncVolume(obj);
      return undefined;
    },
  };
}
