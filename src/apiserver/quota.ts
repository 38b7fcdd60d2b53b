/**
 * ResourceQuota as the API server enforces it: admission charges each write against the namespace's quotas,
 * and the quota controller (src/reconcile/quota-controller.ts) keeps status.hard/used current.
 *
 * Usage is computed from the stored objects at the moment of the write rather than from a possibly stale
 * status.used: the Durable Object serialises writes, so this is exact and needs no reservation protocol.
 */
import { admitResourceQuota, recomputeQuotaStatus } from "../kube/admission/resource-quota";
import type { KObject } from "../kube/object";
import type { ClusterView, KindDeclaration } from "../kube/registry/kind";

/** Objects the quota evaluators count, keyed by quota resource (`pods`, `deployments.apps`, ...). */
export function quotaObjects(
  view: ClusterView,
  namespace: string,
  quotas: readonly KObject[],
): Record<string, KObject[]> {
  const out: Record<string, KObject[]> = {};
  for (const plural of [
    "pods",
    "services",
    "persistentvolumeclaims",
    "configmaps",
    "secrets",
    "replicationcontrollers",
    "resourcequotas",
  ]) {
    out[plural] = view.list("", plural, namespace);
  }
  for (const q of quotas) {
    for (const name of Object.keys(((q.spec ?? {}) as { hard?: Record<string, unknown> }).hard ?? {})) {
      if (!name.startsWith("count/")) continue;
      const resource = name.slice("count/".length);
      if (out[resource]) continue;
      const dot = resource.indexOf(".");
      const [plural, group] = dot < 0 ? [resource, ""] : [resource.slice(0, dot), resource.slice(dot + 1)];
      out[resource] = view.list(group, plural, namespace);
    }
  }
  return out;
}

/** The namespace's quotas with status as the quota controller would compute it now. */
export function currentQuotas(view: ClusterView, namespace: string): KObject[] {
  const quotas = view.list("", "resourcequotas", namespace);
  if (quotas.length === 0) return [];
  const objects = quotaObjects(view, namespace, quotas);
  return quotas.map((q) => ({ ...q, status: recomputeQuotaStatus(q, objects) }));
}

/** Throws kube's Forbidden when the write would exceed (or is not allowed by) a quota. */
export function enforceQuota(
  view: ClusterView,
  decl: KindDeclaration,
  object: KObject,
  old: KObject | undefined,
  subresource?: string,
): void {
  const ns = object.metadata.namespace;
  if (!decl.namespaced || !ns) return;
  const quotas = currentQuotas(view, ns);
  if (quotas.length === 0) return;
  const res = admitResourceQuota(quotas, {
    object,
    oldObject: old,
    operation: old ? "UPDATE" : "CREATE",
    resource: decl.group ? `${decl.plural}.${decl.group}` : decl.plural,
    subresource,
  });
  if (res.error) throw res.error;
}
