/**
 * API discovery, as kube-apiserver answers it:
 * - `/api` (APIVersions), `/apis` (APIGroupList), `/apis/<group>` (APIGroup),
 * - `/api/v1`, `/apis/<group>/<version>` (APIResourceList),
 * - aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) at `/api` and `/apis`, chosen by the
 *   Accept header (`negotiateDiscovery`). kubectl ≥ 1.30 asks for it first and reads everything (resources,
 *   short names, categories, subresources) from these two documents.
 *
 * Groups are ordered like kube-aggregator orders APIServices (GroupPriorityMinimum descending, then name);
 * versions within a group by version priority (GA > beta > alpha, higher first); resources by name.
 */
import { base64Std, sha256 } from "./openapi/hash";
import { ALL_VERBS, type KindDeclaration } from "./registry/kind";

/** A subresource beyond status/scale that the server implements (pods/log, pods/exec, pods/eviction, ...). */
export interface ExtraSubresource {
  /** `pods/log`: parent plural and subresource name. */
  name: string;
  verbs: readonly string[];
  /** Kind of the subresource's body (Pod for pods/log, Binding for pods/binding, Eviction for pods/eviction). */
  kind: string;
  /** Group/version of that kind when it differs from the parent's (policy/v1 Eviction). */
  group?: string;
  version?: string;
  /** Restrict to the parent's group-version (default: any served group-version with that plural). */
  parentGroup?: string;
  parentVersion?: string;
}

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

// ---- ordering --------------------------------------------------------------------------------------------

/** GroupPriorityMinimum of the built-in API groups (kube-aggregator's apiVersionPriorities, v1.32). */
const GROUP_PRIORITY: Record<string, number> = {
  "": 18000,
  "apiregistration.k8s.io": 18000,
  apps: 17800,
  "events.k8s.io": 17750,
  "authentication.k8s.io": 17700,
  "authorization.k8s.io": 17600,
  autoscaling: 17500,
  batch: 17400,
  "certificates.k8s.io": 17300,
  "networking.k8s.io": 17200,
  policy: 17100,
  "rbac.authorization.k8s.io": 17000,
  "storage.k8s.io": 16800,
  "admissionregistration.k8s.io": 16700,
  "apiextensions.k8s.io": 16700,
  "scheduling.k8s.io": 16600,
  "coordination.k8s.io": 16500,
  "node.k8s.io": 16300,
  "discovery.k8s.io": 16200,
  "resource.k8s.io": 16200,
  "flowcontrol.apiserver.k8s.io": 16100,
  "internal.apiserver.k8s.io": 16000,
  "storagemigration.k8s.io": 15800,
};
/** CRD-served and other groups. */
const DEFAULT_GROUP_PRIORITY = 1000;

function groupPriority(group: string): number {
  return GROUP_PRIORITY[group] ?? DEFAULT_GROUP_PRIORITY;
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** version.CompareKubeAwareVersionStrings: > 0 when `a` is preferred over `b`. */
export function compareKubeAwareVersions(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma && !mb) return a < b ? 1 : a > b ? -1 : 0; // both non kube-like: lexical, earlier first
  if (!ma) return -1;
  if (!mb) return 1;
  const rank = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === "beta" ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(ma) - rank(mb);
  if (Number(ma[1]) !== Number(mb[1])) return Number(ma[1]) - Number(mb[1]);
  return Number(ma[3] ?? 0) - Number(mb[3] ?? 0);
}

/** Served groups (core excluded) with their versions, preferred version first, in kube's /apis order. */
export function servedGroups(decls: readonly KindDeclaration[]): { name: string; versions: string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const d of decls) {
    if (!d.group) continue;
    if (!groups.has(d.group)) groups.set(d.group, new Set());
    groups.get(d.group)!.add(d.version);
  }
  return [...groups]
    .map(([name, versions]) => ({ name, versions: [...versions].sort((a, b) => compareKubeAwareVersions(b, a)) }))
    .sort((a, b) => groupPriority(b.name) - groupPriority(a.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function coreVersions(decls: readonly KindDeclaration[]): string[] {
  const vs = new Set<string>();
  for (const d of decls) if (!d.group) vs.add(d.version);
  if (!vs.size) vs.add("v1");
  return [...vs].sort((a, b) => compareKubeAwareVersions(b, a));
}

// ---- legacy discovery ------------------------------------------------------------------------------------

/** `/api`: the versions of the core group. */
export function apiVersions(
  serverAddress = "",
  decls: readonly KindDeclaration[] = [],
): {
  kind: "APIVersions";
  versions: string[];
  serverAddressByClientCIDRs: { clientCIDR: string; serverAddress: string }[];
} {
  return {
    kind: "APIVersions",
    versions: coreVersions(decls),
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupEntry(g: { name: string; versions: string[] }) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/** `/apis`: every served group with its versions and preferred version. */
export function apiGroupList(decls: readonly KindDeclaration[]): {
  kind: "APIGroupList";
  apiVersion: "v1";
  groups: { name: string; versions: GroupVersionForDiscovery[]; preferredVersion: GroupVersionForDiscovery }[];
} {
  return { kind: "APIGroupList", apiVersion: "v1", groups: servedGroups(decls).map(groupEntry) };
}

/** `/apis/<group>`, or undefined when the group is not served. */
export function apiGroup(
  decls: readonly KindDeclaration[],
  group: string,
):
  | {
      kind: "APIGroup";
      apiVersion: "v1";
      name: string;
      versions: GroupVersionForDiscovery[];
      preferredVersion: GroupVersionForDiscovery;
    }
  | undefined {
  const g = servedGroups(decls).find((x) => x.name === group);
  return g && { kind: "APIGroup", apiVersion: "v1", ...groupEntry(g) };
}

/** discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return base64Std(sha256(`${group}/${version}/${kind}`).subarray(0, 8));
}

const sortedVerbs = (d: KindDeclaration): string[] => [...(d.verbs ?? ALL_VERBS)].sort();
const SUBRESOURCE_VERBS = ["get", "patch", "update"];

/** The resources (and subresources) of one group-version, sorted by name, as APIResource entries. */
function resourcesOf(
  decls: readonly KindDeclaration[],
  group: string,
  version: string,
  extras: readonly ExtraSubresource[],
): APIResource[] {
  const out: APIResource[] = [];
  const mine = decls.filter((d) => d.group === group && d.version === version);
  for (const d of mine) {
    const main: APIResource = {
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: sortedVerbs(d),
    };
    if (d.shortNames?.length) main.shortNames = [...d.shortNames];
    if (d.categories?.length) main.categories = [...d.categories];
    main.storageVersionHash = storageVersionHash(d.group, d.version, d.kind);
    out.push(main);
    if (d.statusSubresource) {
      out.push({
        name: `${d.plural}/status`,
        singularName: "",
        namespaced: d.namespaced,
        kind: d.kind,
        verbs: [...SUBRESOURCE_VERBS],
      });
    }
    if (d.scale) {
      out.push({
        name: `${d.plural}/scale`,
        singularName: "",
        namespaced: d.namespaced,
        group: "autoscaling",
        version: "v1",
        kind: "Scale",
        verbs: [...SUBRESOURCE_VERBS],
      });
    }
  }
  for (const x of extras) {
    if (x.parentGroup !== undefined && x.parentGroup !== group) continue;
    if (x.parentVersion !== undefined && x.parentVersion !== version) continue;
    const parent = mine.find((d) => d.plural === x.name.split("/")[0]);
    if (!parent || out.some((r) => r.name === x.name)) continue;
    const differs = x.group !== undefined && (x.group !== group || (x.version ?? version) !== version);
    out.push({
      name: x.name,
      singularName: "",
      namespaced: parent.namespaced,
      ...(differs ? { group: x.group, version: x.version ?? version } : {}),
      kind: x.kind,
      verbs: [...x.verbs].sort(),
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * `/api/v1` or `/apis/<group>/<version>`. Like kube, the core list has no apiVersion field. Returns undefined
 * when no declared kind lives in that group-version.
 */
export function apiResourceList(
  decls: readonly KindDeclaration[],
  group: string,
  version: string,
  extras: readonly ExtraSubresource[] = [],
): { kind: "APIResourceList"; apiVersion?: "v1"; groupVersion: string; resources: APIResource[] } | undefined {
  if (!decls.some((d) => d.group === group && d.version === version)) return undefined;
  const resources = resourcesOf(decls, group, version, extras);
  if (!group) return { kind: "APIResourceList", groupVersion: version, resources };
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: `${group}/${version}`, resources };
}

// ---- aggregated discovery --------------------------------------------------------------------------------

export interface GroupVersionKindRef {
  group: string;
  version: string;
  kind: string;
}

export interface APISubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKindRef;
  verbs: string[];
}

export interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKindRef;
  scope: "Namespaced" | "Cluster";
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

export interface APIGroupDiscovery {
  metadata: { name?: string; creationTimestamp: null };
  versions: { version: string; resources?: APIResourceDiscovery[]; freshness: "Current" }[];
}

export interface APIGroupDiscoveryList {
  kind: "APIGroupDiscoveryList";
  apiVersion: "apidiscovery.k8s.io/v2" | "apidiscovery.k8s.io/v2beta1";
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

/** ConvertGroupVersionIntoToDiscovery: fold `x/y` subresource entries into their parent resource. */
function toDiscovery(list: readonly APIResource[]): APIResourceDiscovery[] {
  const out: APIResourceDiscovery[] = [];
  const parents = new Map<string, APIResourceDiscovery>();
  for (const r of list) {
    if (r.name.includes("/")) continue;
    const d: APIResourceDiscovery = {
      resource: r.name,
      responseKind: { group: r.group ?? "", version: r.version ?? "", kind: r.kind },
      scope: r.namespaced ? "Namespaced" : "Cluster",
      singularResource: r.singularName,
      verbs: [...r.verbs],
    };
    if (r.shortNames?.length) d.shortNames = [...r.shortNames];
    if (r.categories?.length) d.categories = [...r.categories];
    out.push(d);
    parents.set(r.name, d);
  }
  for (const r of list) {
    const slash = r.name.indexOf("/");
    if (slash < 0) continue;
    const parent = parents.get(r.name.slice(0, slash));
    if (!parent) continue;
    parent.subresources ??= [];
    parent.subresources.push({
      subresource: r.name.slice(slash + 1),
      responseKind: { group: r.group ?? "", version: r.version ?? "", kind: r.kind },
      verbs: [...r.verbs],
    });
  }
  return out;
}

/**
 * Aggregated discovery: `"core"` is the document at `/api` (one item, the unnamed core group), `"apis"` the one
 * at `/apis` (every named group, in priority order). `version` selects the apiVersion the client negotiated.
 */
export function aggregatedDiscovery(
  decls: readonly KindDeclaration[],
  which: "core" | "apis",
  opts: { version?: "v2" | "v2beta1"; extras?: readonly ExtraSubresource[] } = {},
): APIGroupDiscoveryList {
  const extras = opts.extras ?? [];
  const groups = which === "core" ? [{ name: "", versions: coreVersions(decls) }] : servedGroups(decls);
  const items: APIGroupDiscovery[] = groups.map((g) => ({
    metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
    versions: g.versions.map((v) => {
      const resources = toDiscovery(resourcesOf(decls, g.name, v, extras));
      return resources.length
        ? { version: v, resources, freshness: "Current" as const }
        : { version: v, freshness: "Current" as const };
    }),
  }));
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: opts.version === "v2beta1" ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2",
    metadata: {},
    items,
  };
}

// ---- content negotiation ---------------------------------------------------------------------------------

export type DiscoveryFormat = "v2" | "v2beta1" | "legacy";

const AGGREGATED_CONTENT_TYPE = {
  v2: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  v2beta1: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
} as const;

interface AcceptClause {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
  index: number;
}

function parseAccept(header: string): AcceptClause[] {
  const out: AcceptClause[] = [];
  header.split(",").forEach((raw, index) => {
    const [mt, ...ps] = raw.split(";").map((s) => s.trim());
    if (!mt) return;
    const [type, subtype = ""] = mt.toLowerCase().split("/");
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of ps) {
      const eq = p.indexOf("=");
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim().toLowerCase();
      const v = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
      if (k === "q") q = Number.isNaN(Number(v)) ? 0 : Number(v);
      else params[k] = v;
    }
    out.push({ type, subtype, params, q, index });
  });
  // goautoneg: by q, then specificity (no wildcards first), keeping the client's order otherwise.
  const spec = (c: AcceptClause) => (c.type === "*" ? 0 : c.subtype === "*" ? 1 : 2);
  return out.sort((a, b) => b.q - a.q || spec(b) - spec(a) || a.index - b.index);
}

/**
 * Which discovery document an Accept header asks for, and the Content-Type to answer with. Aggregated
 * discovery is chosen for `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` (or v2beta1);
 * clauses naming another `as=` are skipped; plain JSON, wildcards and anything else fall back to the legacy
 * documents (APIVersions / APIGroupList).
 */
export function negotiateDiscovery(acceptHeader: string | null | undefined): {
  format: DiscoveryFormat;
  contentType: string;
} {
  for (const c of parseAccept(acceptHeader ?? "")) {
    if (c.q <= 0) continue;
    const jsonish = (c.type === "application" && (c.subtype === "json" || c.subtype === "*")) || c.type === "*";
    if (c.params.as !== undefined || c.params.g !== undefined || c.params.v !== undefined) {
      if (!jsonish) continue;
      if (c.params.as === "APIGroupDiscoveryList" && c.params.g === "apidiscovery.k8s.io") {
        if (c.params.v === "v2") return { format: "v2", contentType: AGGREGATED_CONTENT_TYPE.v2 };
        if (c.params.v === "v2beta1") return { format: "v2beta1", contentType: AGGREGATED_CONTENT_TYPE.v2beta1 };
      }
      continue;
    }
    return { format: "legacy", contentType: "application/json" };
  }
  return { format: "legacy", contentType: "application/json" };
}
