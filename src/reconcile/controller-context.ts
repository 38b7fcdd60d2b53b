/** What controllers get to work with: the registry-backed store and the cluster clock. */
import type { ResourceStore } from "../apiserver/resource-store";
import type { KObject } from "../kube/object";
import type { KindDeclaration } from "../kube/registry/kind";
import type { Registry } from "../kube/registry/registry";
import type { Clock } from "./clock";

export interface ControllerContext {
  store: ResourceStore;
  registry: Registry;
  clock: Clock;
}

/** Storage keys look like `<group|core>/<plural>/<namespace>/<name>`. */
export function parseKey(
  registry: Registry,
  key: string,
): { decl: KindDeclaration; namespace?: string; name: string } | undefined {
  const parts = key.split("/");
  if (parts.length !== 4) return undefined;
  const [g, plural, ns, name] = parts;
  const group = g === "core" ? "" : g;
  const decl = registry.byResource(group, plural);
  if (!decl) return undefined;
  return { decl, namespace: ns || undefined, name };
}

export function groupOfApiVersion(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

export function hasFinalizer(o: KObject, f: string): boolean {
  return (o.metadata.finalizers ?? []).includes(f);
}
