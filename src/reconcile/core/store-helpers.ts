/** Store conveniences for the controllers here: declarations by resource and tolerant writes. */
import type { KObject } from "../../kube/object";
import type { KindDeclaration } from "../../kube/registry/kind";
import { type ControllerContext, codeOf, declOf, tolerate } from "../controller-context";

export { codeOf, tolerate };

export const KCM = "kube-controller-manager";

export interface Kinds {
  pods: KindDeclaration;
  services: KindDeclaration;
  nodes: KindDeclaration;
  endpoints: KindDeclaration;
  endpointSlices: KindDeclaration;
  serviceAccounts: KindDeclaration;
  namespaces: KindDeclaration;
  leases: KindDeclaration;
  pvcs: KindDeclaration;
  pvs: KindDeclaration;
  storageClasses: KindDeclaration;
  pdbs: KindDeclaration;
  hpas: KindDeclaration;
}

export function kinds(ctx: ControllerContext): Kinds {
  const d = (g: string, p: string) => declOf(ctx.registry, g, p);
  return {
    pods: d("", "pods"),
    services: d("", "services"),
    nodes: d("", "nodes"),
    endpoints: d("", "endpoints"),
    endpointSlices: d("discovery.k8s.io", "endpointslices"),
    serviceAccounts: d("", "serviceaccounts"),
    namespaces: d("", "namespaces"),
    leases: d("coordination.k8s.io", "leases"),
    pvcs: d("", "persistentvolumeclaims"),
    pvs: d("", "persistentvolumes"),
    storageClasses: d("storage.k8s.io", "storageclasses"),
    pdbs: d("policy", "poddisruptionbudgets"),
    hpas: d("autoscaling", "horizontalpodautoscalers"),
  };
}

export function listAll(ctx: ControllerContext, decl: KindDeclaration, namespace?: string): KObject[] {
  return ctx.store.list(decl, namespace, { filter: {} }).items;
}

/** k8s.io/apimachinery/pkg/util/rand.String from the cluster's seeded randomness. */
export function randomSuffix(ctx: ControllerContext, n = 5): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(ctx.random() * alphabet.length)];
  return s;
}
