/**
 * discovery.k8s.io/v1 EndpointSlice defaulting (pkg/apis/discovery/v1/defaults.go, Kubernetes 1.32).
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

type Obj = Record<string, unknown>;

/**
 * SetDefaults_EndpointPort: name "" and protocol TCP. `endpoints` and `ports` are serialized even when empty
 * (`null`), as a real server shows them.
 */
export function defaultEndpointSlice(es: KObject): void {
  const e = es as Obj;
  if (!Array.isArray(e.endpoints)) e.endpoints = null;
  if (!Array.isArray(e.ports)) e.ports = null;
  for (const p of Array.isArray(e.ports) ? e.ports : []) {
    if (!isPlainObject(p)) continue;
    if (p.name === undefined || p.name === null) p.name = "";
    if (!p.protocol) p.protocol = "TCP";
  }
  for (const ep of Array.isArray(e.endpoints) ? e.endpoints : []) {
    if (isPlainObject(ep) && !isPlainObject(ep.conditions)) ep.conditions = {};
  }
}
