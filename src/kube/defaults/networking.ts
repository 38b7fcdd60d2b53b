/**
 * networking.k8s.io/v1 defaulting (pkg/apis/networking/v1/defaults.go, Kubernetes 1.32): NetworkPolicy,
 * Ingress and IngressClass, plus the zero-valued structs the API server always serializes.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

type Obj = Record<string, unknown>;

function specOf(o: KObject): Obj {
  if (!isPlainObject(o.spec)) o.spec = {};
  return o.spec as Obj;
}

/**
 * SetDefaults_NetworkPolicy (policyTypes: Ingress, plus Egress when egress rules exist) and
 * SetDefaults_NetworkPolicyPort (protocol TCP). `podSelector` is a non-pointer struct: `{}` when absent.
 */
export function defaultNetworkPolicy(np: KObject): void {
  const spec = specOf(np);
  if (!isPlainObject(spec.podSelector)) spec.podSelector = {};
  for (const [dir] of [["ingress"], ["egress"]]) {
    const rules = Array.isArray(spec[dir]) ? spec[dir] : [];
    for (const r of rules) {
      if (!isPlainObject(r) || !Array.isArray(r.ports)) continue;
      for (const p of r.ports) if (isPlainObject(p) && !p.protocol) p.protocol = "TCP";
    }
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    const types = ["Ingress"];
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push("Egress");
    spec.policyTypes = types;
  }
}

/** Ingress has no defaults; its status (with the loadBalancer struct) is always serialized. */
export function defaultIngress(ing: KObject): void {
  specOf(ing);
  if (!isPlainObject(ing.status)) ing.status = {};
  const status = ing.status as Obj;
  if (!isPlainObject(status.loadBalancer)) status.loadBalancer = {};
}

/** SetDefaults_IngressClass: parameters.scope Cluster when parameters are given without a scope. */
export function defaultIngressClass(ic: KObject): void {
  const spec = specOf(ic);
  if (isPlainObject(spec.parameters) && !spec.parameters.scope) spec.parameters.scope = "Cluster";
}
