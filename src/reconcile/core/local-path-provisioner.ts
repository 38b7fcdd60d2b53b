/**
 * kind's local-path-provisioner (rancher.io/local-path), simulated: for a claim of its class it creates the
 * PV `pvc-<claim uid>` at once — a hostPath under /var/local-path-provisioner pinned to the claim's selected
 * node — with the events its sig-storage provisioner library records on the claim.
 */

import type { KObject } from "../../kube/object";
import type { ControllerContext } from "../controller-context";
import { claimSpec } from "./pv-matching";
import { stableUuid } from "./stable-id";
import { kinds, listAll, tolerate } from "./store-helpers";

export const LOCAL_PATH = "rancher.io/local-path";
const BASE_PATH = "/var/local-path-provisioner";

/** The provisioner's event source: `<provisioner>_<its pod>_<a uuid of the process>`. */
function source(ctx: ControllerContext): { component: string } {
  const pod = listAll(ctx, kinds(ctx).pods, "local-path-storage").find(
    (p) => p.metadata.labels?.app === "local-path-provisioner",
  );
  const name = pod?.metadata.name ?? "local-path-provisioner";
  return { component: `${LOCAL_PATH}_${name}_${stableUuid(pod?.metadata.uid ?? name)}` };
}

export function provisionLocalPath(ctx: ControllerContext, pvc: KObject, sc: KObject, node: string | undefined): void {
  const k = kinds(ctx);
  const name = `pvc-${pvc.metadata.uid}`;
  if (ctx.store.tryGet(k.pvs, undefined, name)) return;
  const src = source(ctx);
  const ns = pvc.metadata.namespace!;
  ctx.events.record(
    pvc,
    "Normal",
    "Provisioning",
    `External provisioner is provisioning volume for claim "${ns}/${pvc.metadata.name}"`,
    src,
  );
  const cs = claimSpec(pvc);
  const scx = sc as { reclaimPolicy?: string };
  const pv: KObject = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: {
      name,
      annotations: {
        ...(node ? { "local.path.provisioner/selected-node": node } : {}),
        "pv.kubernetes.io/provisioned-by": LOCAL_PATH,
      },
    },
    spec: {
      accessModes: cs.accessModes ?? ["ReadWriteOnce"],
      capacity: { storage: cs.resources?.requests?.storage ?? "0" },
      claimRef: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        name: pvc.metadata.name,
        namespace: ns,
        resourceVersion: pvc.metadata.resourceVersion,
        uid: pvc.metadata.uid,
      },
      hostPath: { path: `${BASE_PATH}/${name}_${ns}_${pvc.metadata.name}`, type: "DirectoryOrCreate" },
      ...(node
        ? {
            nodeAffinity: {
              required: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] },
                ],
              },
            },
          }
        : {}),
      persistentVolumeReclaimPolicy: scx.reclaimPolicy ?? "Delete",
      storageClassName: sc.metadata.name,
      volumeMode: cs.volumeMode ?? "Filesystem",
    },
  };
  const created = tolerate([409], () =>
    ctx.store.create(k.pvs, undefined, pv, { dryRun: false, fieldManager: "local-path-provisioner" }),
  );
  if (created)
    ctx.events.record(pvc, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${name}`, src);
}
