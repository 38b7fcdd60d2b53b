/**
 * Applying a webhook's bundle inside the cluster's Durable Object, the way
 * `kubectl apply --server-side --force-conflicts --field-manager=edgeplane-webhook -f bundle.yaml` would:
 * one apply PATCH per object through the cluster's own API handler (so admission, defaulting, validation and
 * the caller's permissions all apply), every object attempted, each with its outcome. Then, while the CI waits,
 * the rollout status of the workloads applied and the Warning events about them or their pods.
 */
import { groupOfApiVersion, isPlainObject, type KObject, splitApiVersion } from "../kube/object";
import type { KindDeclaration } from "../kube/registry/kind";
import type { Registry } from "../kube/registry/registry";
import { hasRollout, rolloutStatus } from "../kube/rollout-status";

export const WEBHOOK_FIELD_MANAGER = "edgeplane-webhook";

export interface ApplyDeps {
  /** The cluster's API, relative paths (`/apis/apps/v1/...`), as the webhook's user. */
  handle: (req: Request) => Promise<Response>;
  registry: Registry;
}

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none (kubectl's `-n`). */
  namespace: string;
  fieldManager?: string;
}

export type ApplyAction = "created" | "configured" | "unchanged" | "failed";

export interface ApplyError {
  code: number;
  reason: string;
  message: string;
}

export interface AppliedObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  action: ApplyAction;
  uid?: string;
  error?: ApplyError;
}

export interface RolloutResult {
  kind: string;
  namespace?: string;
  name: string;
  done: boolean;
  failed: boolean;
  message: string;
}

export interface EventSummary {
  type: string;
  reason: string;
  /** `Kind/name` of the object the event is about, as `kubectl events` prints it. */
  object: string;
  namespace: string;
  message: string;
  count: number;
  lastTimestamp?: string;
}

const BASE = "http://cluster.local";

/**
 * Applies every object, Namespaces and CustomResourceDefinitions first (so a bundle creating a namespace and
 * its contents, or a CRD and its resources, works in one go); results come back in the bundle's order.
 */
export async function applyBundle(
  deps: ApplyDeps,
  objects: readonly KObject[],
  opts: ApplyOptions,
): Promise<AppliedObject[]> {
  const order = objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i);
  const results: AppliedObject[] = new Array(objects.length);
  // One at a time: a later object may depend on an earlier one (its namespace, its CRD).
  for (const { o, i } of order) results[i] = await applyOne(deps, o, opts);
  return results;
}

function rank(o: KObject): number {
  if (o.kind === "Namespace" && o.apiVersion === "v1") return 0;
  if (o.kind === "CustomResourceDefinition" && groupOfApiVersion(o.apiVersion ?? "") === "apiextensions.k8s.io")
    return 1;
  return 2;
}

async function applyOne(deps: ApplyDeps, input: KObject, opts: ApplyOptions): Promise<AppliedObject> {
  const apiVersion = String(input.apiVersion ?? "");
  const kind = String(input.kind ?? "");
  const name = String(input.metadata?.name ?? "");
  const { group, version } = splitApiVersion(apiVersion);
  // Looked up now, not up front: a CRD applied earlier in this bundle may have just made the kind exist.
  const decl = deps.registry.byKind(group, kind, version);
  const result: AppliedObject = { apiVersion, kind, name, action: "failed" };
  if (!decl) {
    if (isPlainObject(input.metadata) && typeof input.metadata.namespace === "string") {
      result.namespace = input.metadata.namespace;
    }
    // meta.NoKindMatchError, which kubectl prints when a kind is not served (no CRD, wrong version).
    result.error = {
      code: 404,
      reason: "NotFound",
      message: `no matches for kind "${kind}" in version "${apiVersion}"`,
    };
    return result;
  }
  const body: KObject = { ...input, metadata: { ...input.metadata } };
  let namespace: string | undefined;
  if (decl.namespaced) {
    namespace = body.metadata.namespace || opts.namespace;
    body.metadata.namespace = namespace;
    result.namespace = namespace;
  } else {
    delete body.metadata.namespace;
  }
  if (!name) {
    result.error = { code: 400, reason: "BadRequest", message: "resource name may not be empty" };
    return result;
  }
  const path = objectPath(decl, namespace, name);

  const before = await deps.handle(new Request(`${BASE}${path}`, { headers: { Accept: "application/json" } }));
  const beforeVersion =
    before.status === 200 ? ((await before.json()) as KObject).metadata?.resourceVersion : undefined;
  if (before.status !== 200) await before.body?.cancel();

  const manager = encodeURIComponent(opts.fieldManager ?? WEBHOOK_FIELD_MANAGER);
  const res = await deps.handle(
    new Request(`${BASE}${path}?fieldManager=${manager}&force=true`, {
      method: "PATCH",
      headers: {
        "Content-Type": "application/apply-patch+yaml",
        Accept: "application/json",
        "User-Agent": `${WEBHOOK_FIELD_MANAGER}/1`,
      },
      body: JSON.stringify(body),
    }),
  );
  const out = await readJson(res);
  if (res.status >= 300) {
    result.error = statusError(res.status, out);
    return result;
  }
  const after = isPlainObject(out) && isPlainObject(out.metadata) ? (out.metadata as KObject["metadata"]) : undefined;
  result.uid = after?.uid;
  if (res.status === 201) result.action = "created";
  else
    result.action =
      beforeVersion !== undefined && beforeVersion === after?.resourceVersion ? "unchanged" : "configured";
  return result;
}

/** kubectl rollout status of each applied Deployment, DaemonSet, StatefulSet and Job, as they are now. */
export async function rolloutResults(deps: ApplyDeps, applied: readonly AppliedObject[]): Promise<RolloutResult[]> {
  const out: RolloutResult[] = [];
  for (const a of applied) {
    if (a.action === "failed" || !hasRollout(a.apiVersion, a.kind)) continue;
    const decl = deps.registry.byKind(groupOfApiVersion(a.apiVersion), a.kind);
    if (!decl) continue;
    const base = { kind: a.kind, namespace: a.namespace, name: a.name };
    const res = await deps.handle(new Request(`${BASE}${objectPath(decl, a.namespace, a.name)}`));
    const obj = await readJson(res);
    if (res.status !== 200 || !isPlainObject(obj)) {
      out.push({ ...base, done: false, failed: true, message: statusError(res.status, obj).message });
      continue;
    }
    out.push({ ...base, ...rolloutStatus(obj as KObject) });
  }
  return out;
}

/** Where a set of rollouts stands: all done, one failed (waiting cannot help), or still going. */
export function rolloutOutcome(rollouts: readonly RolloutResult[]): "done" | "failed" | "waiting" {
  if (rollouts.some((r) => r.failed)) return "failed";
  return rollouts.every((r) => r.done) ? "done" : "waiting";
}

export interface FailureEventOptions {
  /** Only events last seen at or after this time (ms since the epoch): the ones this delivery caused. */
  since?: number;
  /** At most this many, the most recent. Default 50. */
  limit?: number;
}

/**
 * Warning events about the applied objects and what they own, down to pods (Deployment → ReplicaSet → Pod,
 * CronJob → Job → Pod, DaemonSet/StatefulSet/Job → Pod): FailedScheduling, BackOff, Failed (image pulls),
 * FailedCreate (quota) and the like, for the report to say *why* a rollout is stuck.
 */
export async function failureEvents(
  deps: ApplyDeps,
  applied: readonly AppliedObject[],
  opts: FailureEventOptions = {},
): Promise<EventSummary[]> {
  const live = applied.filter((a) => a.action !== "failed" && a.namespace !== undefined);
  const namespaces = [...new Set(live.map((a) => a.namespace as string))];
  const sinceSeconds = opts.since === undefined ? undefined : Math.floor(opts.since / 1000) * 1000;
  const found: (EventSummary & { at: number })[] = [];
  for (const ns of namespaces) {
    const involved = new Set(live.filter((a) => a.namespace === ns && a.uid).map((a) => a.uid as string));
    const named = new Set(live.filter((a) => a.namespace === ns).map((a) => `${a.kind}/${a.name}`));
    // Owners before the owned: ReplicaSets and Jobs may belong to applied objects, pods to any of them.
    for (const [group, version, plural] of [
      ["apps", "v1", "replicasets"],
      ["batch", "v1", "jobs"],
      ["", "v1", "pods"],
    ]) {
      for (const o of await listIn(deps, group, version, plural, ns)) {
        if ((o.metadata.ownerReferences ?? []).some((r) => involved.has(r.uid)) && o.metadata.uid) {
          involved.add(o.metadata.uid);
        }
      }
    }
    for (const e of await listIn(deps, "", "v1", "events", ns)) {
      if (e.type !== "Warning") continue;
      const inv = (isPlainObject(e.involvedObject) ? e.involvedObject : {}) as Record<string, unknown>;
      const about = `${String(inv.kind ?? "")}/${String(inv.name ?? "")}`;
      if (!(typeof inv.uid === "string" && involved.has(inv.uid)) && !named.has(about)) continue;
      const last = String(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "");
      const at = Date.parse(last);
      if (sinceSeconds !== undefined && !(at >= sinceSeconds)) continue;
      found.push({
        type: "Warning",
        reason: String(e.reason ?? ""),
        object: about,
        namespace: ns,
        message: String(e.message ?? ""),
        count: typeof e.count === "number" ? e.count : 1,
        lastTimestamp: last || undefined,
        at: Number.isNaN(at) ? 0 : at,
      });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found.slice(-(opts.limit ?? 50)).map(({ at: _, ...e }) => e);
}

async function listIn(deps: ApplyDeps, group: string, version: string, plural: string, ns: string): Promise<KObject[]> {
  const decl = deps.registry.lookup(group, version, plural);
  if (!decl) return [];
  const res = await deps.handle(new Request(`${BASE}${collectionPath(decl, ns)}`));
  const body = await readJson(res);
  if (res.status !== 200 || !isPlainObject(body) || !Array.isArray(body.items)) return [];
  return body.items as KObject[];
}

function collectionPath(decl: KindDeclaration, namespace: string | undefined): string {
  const root = decl.group ? `/apis/${decl.group}/${decl.version}` : `/api/${decl.version}`;
  const ns = decl.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${root}${ns}/${decl.plural}`;
}

function objectPath(decl: KindDeclaration, namespace: string | undefined, name: string): string {
  return `${collectionPath(decl, namespace)}/${encodeURIComponent(name)}`;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function statusError(code: number, body: unknown): ApplyError {
  if (isPlainObject(body) && body.kind === "Status") {
    return {
      code: typeof body.code === "number" ? body.code : code,
      reason: String(body.reason ?? ""),
      message: String(body.message ?? ""),
    };
  }
  return { code, reason: "", message: typeof body === "string" && body ? body : `HTTP ${code}` };
}
