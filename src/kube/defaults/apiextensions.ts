/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition defaulting (apiextensions-apiserver pkg/apis/apiextensions/v1
 * defaults.go, Kubernetes 1.32) and the status the strategy's PrepareForCreate stores.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

type Obj = Record<string, unknown>;

/** SetDefaults_ServiceReference: port 443. */
function defaultWebhookClientConfig(cc: unknown): void {
  if (!isPlainObject(cc) || !isPlainObject(cc.service)) return;
  if (typeof cc.service.port !== "number") cc.service.port = 443;
}

/**
 * SetDefaults_CustomResourceDefinition(Spec): singular = lower-case kind, listKind = kind + "List", conversion
 * strategy None, webhook service port 443; `served`/`storage` are plain booleans (false when absent);
 * status.storedVersions holds the storage version and acceptedNames is always serialized.
 */
export function defaultCustomResourceDefinition(crd: KObject): void {
  if (!isPlainObject(crd.spec)) crd.spec = {};
  const spec = crd.spec as Obj;
  if (!isPlainObject(spec.names)) spec.names = {};
  const names = spec.names as Obj;
  const kind = typeof names.kind === "string" ? names.kind : "";
  if (!names.singular) names.singular = kind.toLowerCase();
  if (!names.listKind && kind) names.listKind = `${kind}List`;
  if (!isPlainObject(spec.conversion)) spec.conversion = { strategy: "None" };
  const conv = spec.conversion as Obj;
  if (isPlainObject(conv.webhook)) defaultWebhookClientConfig(conv.webhook.clientConfig);
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  for (const v of versions) {
    if (!isPlainObject(v)) continue;
    if (typeof v.served !== "boolean") v.served = false;
    if (typeof v.storage !== "boolean") v.storage = false;
  }
  if (!isPlainObject(crd.status)) crd.status = {};
  const status = crd.status as Obj;
  if (!isPlainObject(status.acceptedNames)) status.acceptedNames = { kind: "", plural: "" };
  const stored = Array.isArray(status.storedVersions) ? status.storedVersions : [];
  if (stored.length === 0) {
    const storage = versions.find((v) => isPlainObject(v) && v.storage === true) as Obj | undefined;
    status.storedVersions = storage ? [storage.name] : null;
  }
}
