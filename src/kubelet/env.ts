/**
 * A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables): envFrom
 * sources first, then env entries (later ones win, `$(VAR)` references expanded), values from ConfigMaps,
 * Secrets and the downward API. A missing source is a CreateContainerConfigError with the kubelet's message.
 */
import type { ResourceStore } from "../apiserver/resource-store";
import type { KObject } from "../kube/object";
import type { Registry } from "../kube/registry/registry";
import { declOf } from "../reconcile/controller-context";

type J = Record<string, any>;

export class ConfigError extends Error {}

function decodeSecret(v: string): string {
  try {
    return atob(v);
  } catch {
    return v;
  }
}

/** Expands $(VAR) from the variables defined so far; $$ escapes, unknown references stay as written. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    return name !== undefined && name in env ? env[name] : m;
  });
}

function fieldRef(pod: KObject, path: string): string {
  const meta = pod.metadata;
  const spec = (pod.spec ?? {}) as J;
  const status = (pod.status ?? {}) as J;
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return String((m[1] === "labels" ? meta.labels : meta.annotations)?.[m[2]] ?? "");
  switch (path) {
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "";
    case "metadata.uid":
      return meta.uid ?? "";
    case "spec.nodeName":
      return spec.nodeName ?? "";
    case "spec.serviceAccountName":
      return spec.serviceAccountName ?? "";
    case "status.podIP":
      return status.podIP ?? "";
    case "status.hostIP":
      return status.hostIP ?? "";
    case "status.podIPs":
      return ((status.podIPs ?? []) as J[]).map((p) => p.ip).join(",");
    case "status.hostIPs":
      return ((status.hostIPs ?? []) as J[]).map((p) => p.ip).join(",");
    default:
      return "";
  }
}

export function resolveEnv(
  store: ResourceStore,
  registry: Registry,
  pod: KObject,
  container: J,
  podIP: string | undefined,
  hostIP: string | undefined,
): Record<string, string> {
  const ns = pod.metadata.namespace;
  const view = { ...pod, status: { ...((pod.status ?? {}) as J), podIP, hostIP } } as KObject;
  const cmDecl = declOf(registry, "", "configmaps");
  const secretDecl = declOf(registry, "", "secrets");
  const source = (
    kind: "configmap" | "secret",
    name: string,
    optional: boolean,
  ): Record<string, string> | undefined => {
    const obj = store.tryGet(kind === "configmap" ? cmDecl : secretDecl, ns, name);
    if (!obj) {
      if (optional) return undefined;
      throw new ConfigError(`${kind} "${name}" not found`);
    }
    if (kind === "configmap") return { ...((obj.data ?? {}) as Record<string, string>) };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) out[k] = decodeSecret(v);
    for (const [k, v] of Object.entries((obj.stringData ?? {}) as Record<string, string>)) out[k] = v;
    return out;
  };
  const env: Record<string, string> = {};
  for (const from of (container.envFrom ?? []) as J[]) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const data = source(from.configMapRef ? "configmap" : "secret", ref.name, ref.optional === true);
    for (const [k, v] of Object.entries(data ?? {})) env[`${from.prefix ?? ""}${k}`] = v;
  }
  for (const e of (container.env ?? []) as J[]) {
    const vf = e.valueFrom as J | undefined;
    if (!vf) {
      env[e.name] = expand(String(e.value ?? ""), env);
      continue;
    }
    if (vf.fieldRef) env[e.name] = fieldRef(view, vf.fieldRef.fieldPath);
    else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const isCm = Boolean(vf.configMapKeyRef);
      const ref = (vf.configMapKeyRef ?? vf.secretKeyRef) as J;
      const data = source(isCm ? "configmap" : "secret", ref.name, ref.optional === true);
      if (!data) continue;
      if (!(ref.key in data)) {
        if (ref.optional === true) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in ${isCm ? "ConfigMap" : "Secret"} ${ns}/${ref.name}`);
      }
      env[e.name] = data[ref.key];
    } else if (vf.resourceFieldRef) {
      const res = vf.resourceFieldRef as J;
      const [kind, name] = String(res.resource).split(".");
      env[e.name] = String(container.resources?.[kind]?.[name] ?? "0");
    }
  }
  return env;
}
