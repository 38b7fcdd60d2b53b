/**
 * Objects every namespace gets from kube-controller-manager, within moments of being created:
 * - the ServiceAccount controller's `default` ServiceAccount (recreated if deleted);
 * - the root-ca-cert-publisher's `kube-root-ca.crt` ConfigMap, carrying the cluster CA that pods mount
 *   through their kube-api-access volume (recreated if deleted, restored if edited).
 * Terminating namespaces get nothing new.
 */
import type { Change } from "../durable/store/kv-store";
import { deepEqual, type KObject } from "../kube/object";
import { type ControllerContext, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

const ROOT_CA = "kube-root-ca.crt";
const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

export function namespaceDefaultsController(ctx: ControllerContext): Controller {
  const kind = (plural: string) => ctx.registry.byResource("", plural)!;
  const create = (plural: string, obj: KObject, manager: string) => {
    try {
      ctx.store.create(kind(plural), obj.metadata.namespace, obj, { dryRun: false, fieldManager: manager });
    } catch (e) {
      // Someone created it meanwhile (409), or the namespace started terminating (403): both fine.
      const code = (e as { code?: number }).code;
      if (code !== 409 && code !== 403 && code !== 404) throw e;
    }
  };
  /** The cluster's CA bundle, as published in kube-system. */
  const caBundle = (): string | undefined => {
    const cm = ctx.store.tryGet(kind("configmaps"), "kube-system", ROOT_CA);
    return (cm?.data as Record<string, string> | undefined)?.["ca.crt"];
  };

  return {
    name: "namespace-defaults",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("core/namespaces/")) return ch.type === "DELETED" ? [] : [ch.key];
      const ns = ch.object.metadata.namespace;
      if (!ns) return [];
      const watched =
        (ch.key.startsWith("core/serviceaccounts/") && ch.object.metadata.name === "default") ||
        (ch.key.startsWith("core/configmaps/") && ch.object.metadata.name === ROOT_CA);
      return watched && ch.type !== "ADDED" ? [`core/namespaces//${ns}`] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const ns = ctx.store.tryGet(ref.decl, undefined, ref.name);
      if (!ns || ns.metadata.deletionTimestamp) return undefined;
      const name = ref.name;
      if (!ctx.store.tryGet(kind("serviceaccounts"), name, "default")) {
        create(
          "serviceaccounts",
          { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: name } },
          "kube-controller-manager",
        );
      }
      const ca = caBundle();
      if (ca !== undefined) {
        const want = { "ca.crt": ca };
        const cur = ctx.store.tryGet(kind("configmaps"), name, ROOT_CA);
        if (!cur) {
          create(
            "configmaps",
            {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: {
                name: ROOT_CA,
                namespace: name,
                annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION },
              },
              data: want,
            },
            "kube-controller-manager",
          );
        } else if (!deepEqual(cur.data, want)) {
          ctx.store.update(
            kind("configmaps"),
            name,
            ROOT_CA,
            { ...cur, data: want },
            {
              dryRun: false,
              fieldManager: "kube-controller-manager",
            },
          );
        }
      }
      return undefined;
    },
  };
}
