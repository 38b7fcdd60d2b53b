/**
 * Authorization inside the cluster's API server: the RBAC objects of the cluster's own store as an
 * `RbacPolicy` (cached, rebuilt after any rbac.authorization.k8s.io write), and the kube authorizer
 * Attributes of a request, as k8s.io/apiserver's RequestInfoFactory and WithAuthorization build them.
 */

import type { KvStore } from "../durable/store/kv-store";
import { prefixRange } from "../durable/store/kv-store";
import type { StatusError } from "../kube/errors";
import { deepClone, deepEqual, type KObject } from "../kube/object";
import { aggregateClusterRoles } from "../kube/rbac/aggregation";
import { checkBindingWrite, checkRoleWrite } from "../kube/rbac/escalation";
import { type Attributes, RBAC_GROUP, type RbacPolicy, roleRefOf, rulesOf } from "../kube/rbac/types";
import { fieldRequiresExactMatch, parseFieldSelector } from "../kube/selectors/field-selector";
import { isValidPathSegmentName } from "../kube/validation/names";
import type { RequestInfo } from "./request-info";

/** Who is asking, as the authorizer sees them (UserInfo of server.ts is structurally the same). */
export interface Requester {
  username: string;
  groups: readonly string[];
}

/** Every RBAC kind is stored under `rbac.authorization.k8s.io/<plural>/...` (registry storageKey). */
const RBAC_PREFIX = `${RBAC_GROUP}/`;

/**
 * An indexed, read-only snapshot of the RBAC objects. ClusterRoles with an aggregationRule carry the rules the
 * clusterrole-aggregation controller would give them, since no such controller runs here and kube's roles are
 * aggregated within moments of a change.
 */
export function indexedPolicy(objects: readonly KObject[]): RbacPolicy {
  const roles = new Map<string, KObject>();
  const clusterRoles = new Map<string, KObject>();
  const roleBindings = new Map<string, KObject[]>();
  const clusterRoleBindings: KObject[] = [];
  const rawClusterRoles: KObject[] = [];
  for (const o of objects) {
    const ns = o.metadata.namespace ?? "";
    const name = o.metadata.name ?? "";
    switch (o.kind) {
      case "Role":
        roles.set(`${ns}/${name}`, o);
        break;
      case "ClusterRole":
        rawClusterRoles.push(o);
        break;
      case "RoleBinding": {
        const list = roleBindings.get(ns);
        if (list) list.push(o);
        else roleBindings.set(ns, [o]);
        break;
      }
      case "ClusterRoleBinding":
        clusterRoleBindings.push(o);
        break;
    }
  }
  for (const r of aggregateClusterRoles(rawClusterRoles).roles) clusterRoles.set(r.metadata.name ?? "", r);
  return {
    getRole: (ns, name) => roles.get(`${ns}/${name}`),
    getClusterRole: (name) => clusterRoles.get(name),
    listRoleBindings: (ns) => roleBindings.get(ns) ?? [],
    listClusterRoleBindings: () => clusterRoleBindings,
  };
}

/**
 * The cluster's RBAC policy, read from its store. Built on first use and again after any committed change
 * to an RBAC object, so a binding created by one request governs the next one.
 */
export class StoreRbacPolicy {
  private cached: RbacPolicy | undefined;

  constructor(private readonly kv: KvStore) {
    kv.subscribe((changes) => {
      if (changes.some((c) => c.key.startsWith(RBAC_PREFIX))) this.cached = undefined;
    });
  }

  policy(): RbacPolicy {
    this.cached ??= indexedPolicy(this.kv.list(prefixRange(RBAC_PREFIX)).items.map((i) => i.object));
    return this.cached;
  }
}

/** path.IsValidPathSegmentName: a name that can stand in a URL segment. */

/**
 * The authorizer Attributes of a parsed request. Resource requests carry the kube verb, group, resource,
 * subresource, namespace and name; everything else is a non-resource request on its path with the
 * lower-cased HTTP method as verb (kube's RequestInfo: fewer than three path segments, or not under /api or
 * /apis). Two RequestInfoFactory rules matter for authorization:
 *   - /api/v1/namespaces/<ns> (and its status/finalize) is in the namespace <ns>, so a RoleBinding in a
 *     namespace can grant reading the Namespace object itself;
 *   - a list or watch whose fieldSelector pins metadata.name names that object, so resourceNames rules apply
 *     (`kubectl get pod x -w`).
 */
export function requestAttributes(
  info: RequestInfo,
  user: Requester,
  method: string,
  path: string,
  query: URLSearchParams,
): Attributes {
  if (info.type !== "resource") return nonResourceAttributes(user, path, method.toLowerCase());
  const who = { user: user.username, groups: [...user.groups] };
  const attrs: Attributes = {
    ...who,
    verb: info.verb,
    apiGroup: info.group,
    resource: info.resource,
    namespace: info.namespace,
  };
  if (info.subresource) attrs.subresource = info.subresource;
  let name = info.name;
  if (info.group === "" && info.resource === "namespaces" && name !== undefined) attrs.namespace = name;
  if (name === undefined && (info.verb === "list" || info.verb === "watch")) {
    const fs = query.get("fieldSelector");
    if (fs) {
      try {
        const pinned = fieldRequiresExactMatch(parseFieldSelector(fs), "metadata.name");
        if (pinned && isValidPathSegmentName(pinned).length === 0) name = pinned;
      } catch {
        // A malformed selector names nothing (kube logs it and authorizes the plain list); the list then fails.
      }
    }
  }
  if (name !== undefined) attrs.name = name;
  return attrs;
}

/** The attributes of a non-resource request: e.g. ("/time:advance", "post"). */
export function nonResourceAttributes(user: Requester, path: string, verb: string): Attributes {
  return { user: user.username, groups: [...user.groups], verb, path };
}

// ---- escalation prevention on RBAC writes ---------------------------------------------------------------

const hasAggregationRule = (o: KObject | undefined): boolean => {
  const selectors = (o?.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors;
  return Array.isArray(selectors) && selectors.length > 0;
};

/**
 * rbacregistry.IsOnlyMutatingGCFields: the update changes nothing but owner references, finalizers (and
 * the server-kept selfLink and managedFields), which the garbage collector must be free to change.
 */
export function isOnlyMutatingGCFields(next: KObject, old: KObject): boolean {
  const copied = deepClone(next);
  for (const f of ["ownerReferences", "finalizers", "selfLink", "managedFields"] as const) {
    if (old.metadata[f] === undefined) delete copied.metadata[f];
    else copied.metadata[f] = deepClone(old.metadata[f]) as never;
  }
  return deepEqual(copied, old);
}

export interface RbacWrite {
  kind: string;
  /** The request's namespace ("" for cluster-scoped kinds). */
  namespace: string;
  /** The name in the request's URL ("" for a create). */
  requestName: string;
  next: KObject;
  /** The stored object an update replaces; undefined for a create. */
  old?: KObject;
}

/**
 * The policy-based storages of roles, clusterroles, rolebindings and clusterrolebindings: the 403 a write
 * gets when it would grant permissions the writer does not hold (see kube/rbac/escalation.ts), or undefined.
 * Runs after the new object is decoded (and a patch applied), before it is validated and stored.
 */
export function checkRbacWrite(policy: RbacPolicy, user: Requester, w: RbacWrite): StatusError | undefined {
  const u = { user: user.username, groups: user.groups };
  const name = w.next.metadata.name ?? "";
  switch (w.kind) {
    case "Role":
    case "ClusterRole":
      if (w.old && isOnlyMutatingGCFields(w.next, w.old)) return undefined;
      return checkRoleWrite(policy, u, {
        kind: w.kind,
        namespace: w.kind === "Role" ? w.namespace : "",
        name,
        requestName: w.requestName,
        rules: rulesOf(w.next),
        aggregationRuleChanged: w.kind === "ClusterRole" && (hasAggregationRule(w.next) || hasAggregationRule(w.old)),
      });
    case "RoleBinding":
    case "ClusterRoleBinding":
      if (w.old && isOnlyMutatingGCFields(w.next, w.old)) return undefined;
      return checkBindingWrite(policy, u, {
        kind: w.kind,
        namespace: w.kind === "RoleBinding" ? w.namespace : "",
        name,
        roleRef: roleRefOf(w.next) ?? { kind: "", name: "" },
      });
    default:
      return undefined;
  }
}
