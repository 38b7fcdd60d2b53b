/**
 * Subresources beyond status and scale: pods/log, pods/binding, pods/eviction, namespaces/finalize and
 * serviceaccounts/token. Each is listed in discovery with the kind its body carries, like kube lists them.
 */
import type { ExtraSubresource } from "../kube/discovery";
import { conflict, forbidden, invalid, notFound, StatusError } from "../kube/errors";
import { deepClone, isPlainObject, type KObject } from "../kube/object";
import type { KindDeclaration } from "../kube/registry/kind";
import { labelSelectorFromObject, matches } from "../kube/selectors/label-selector";
import { defaultProgram } from "../kubelet/default-program";
import { logResponse } from "../kubelet/log-stream";
import { parseLogQuery } from "../kubelet/logs";
import { spendDisruption } from "./eviction-budget";
import type { ResourceStore } from "./resource-store";
import type { ServiceAccountTokens } from "./serviceaccount-tokens";
import { rfc3339 } from "./time";

export interface SubresourceRequest {
  decl: KindDeclaration;
  namespace?: string;
  name: string;
  method: string;
  query: URLSearchParams;
  /** The decoded request body for writes (JSON, YAML or protobuf). */
  body: () => Promise<unknown>;
  dryRun: boolean;
  fieldManager: string;
}

export interface SubresourceDeps {
  store: ResourceStore;
  now: () => number;
  tokens: ServiceAccountTokens;
}

interface Handler {
  /** The kind the subresource's body carries (for discovery and protobuf decoding). */
  kind: { group: string; version: string; kind: string };
  verbs: readonly string[];
  handle(req: SubresourceRequest, deps: SubresourceDeps): Promise<{ status: number; body: unknown }>;
}

const success = (details: Record<string, unknown>) => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Success",
  code: 201,
  ...(details ? { details } : {}),
});

/**
 * pods/log: the simulated containers' output (src/kubelet/logs.ts), as text/plain; `follow=true` streams.
 * The body is a ready Response, which the server passes through as it is.
 */
const podLog: Handler = {
  kind: { group: "", version: "v1", kind: "Pod" },
  verbs: ["get"],
  async handle(req, { store, now }) {
    const pod = store.get(req.decl, req.namespace, req.name);
    return { status: 200, body: logResponse(store, req.decl, defaultProgram, pod, parseLogQuery(req.query), now) };
  },
};

/** pods/binding: what the scheduler posts to place a pod on a node. */
const podBinding: Handler = {
  kind: { group: "", version: "v1", kind: "Binding" },
  verbs: ["create"],
  async handle(req, { store, now }) {
    const binding = (await req.body()) as KObject;
    const target = (binding.target ?? {}) as { kind?: string; name?: string };
    if (!target.name) {
      throw invalid("Binding", "", req.name, [{ type: "FieldValueRequired", field: "target.name" }]);
    }
    if (target.kind && target.kind !== "Node") {
      throw invalid("Binding", "", req.name, [
        { type: "FieldValueNotSupported", field: "target.kind", value: target.kind, supported: ["Node", "<empty>"] },
      ]);
    }
    const pod = store.get(req.decl, req.namespace, req.name);
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (pod.metadata.deletionTimestamp) {
      throw conflict({ group: "", resource: "pods" }, req.name, "pod is being deleted, cannot be assigned to a host");
    }
    if (spec.nodeName) {
      throw conflict(
        { group: "", resource: "pods" },
        req.name,
        `pod ${req.name} is already assigned to node "${spec.nodeName}"`,
      );
    }
    // BindingREST.assignPod: set spec.nodeName and the PodScheduled condition in one write, past the pod
    // update rules (which forbid clients from changing nodeName).
    const next = deepClone(pod);
    (next.spec as { nodeName?: string }).nodeName = target.name;
    const status = (next.status ?? {}) as { conditions?: Record<string, unknown>[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== "PodScheduled");
    conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(now()) });
    next.status = { ...status, conditions };
    store.update(req.decl, req.namespace, req.name, next, {
      dryRun: req.dryRun,
      fieldManager: req.fieldManager,
      internal: true,
    });
    return { status: 201, body: success({}) };
  },
};

/**
 * pods/eviction: a delete that respects PodDisruptionBudgets. A budget with no disruptions allowed answers
 * 429, as kube does, so `kubectl drain` retries.
 */
const podEviction: Handler = {
  kind: { group: "policy", version: "v1", kind: "Eviction" },
  verbs: ["create"],
  async handle(req, { store, now }) {
    const eviction = (await req.body()) as { deleteOptions?: Record<string, unknown> };
    const pod = store.get(req.decl, req.namespace, req.name);
    const pdbs = store.view
      .list("policy", "poddisruptionbudgets", req.namespace)
      .filter((pdb) =>
        selectorMatches((pdb.spec as { selector?: unknown } | undefined)?.selector, pod.metadata.labels),
      );
    if (pdbs.length > 1) {
      throw new StatusError(
        500,
        "InternalError",
        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
      );
    }
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    const terminal = phase === "Succeeded" || phase === "Failed";
    if (pdbs.length === 1 && !terminal && !pod.metadata.deletionTimestamp) {
      spendDisruption(store, pod, pdbs[0], now(), req.dryRun);
    }
    const opts = eviction.deleteOptions ?? {};
    store.delete(req.decl, req.namespace, req.name, {
      dryRun: req.dryRun,
      gracePeriodSeconds: typeof opts.gracePeriodSeconds === "number" ? opts.gracePeriodSeconds : undefined,
      preconditions: isPlainObject(opts.preconditions) ? (opts.preconditions as { uid?: string }) : undefined,
    });
    return { status: 201, body: success({}) };
  },
};

/** namespaces/finalize: the only way to change a namespace's spec.finalizers (the namespace controller's). */
const namespaceFinalize: Handler = {
  kind: { group: "", version: "v1", kind: "Namespace" },
  verbs: ["update"],
  async handle(req, { store }) {
    const body = (await req.body()) as KObject;
    const cur = store.get(req.decl, undefined, req.name);
    const finalizers = ((body.spec ?? {}) as { finalizers?: unknown }).finalizers;
    const next = deepClone(cur);
    next.spec = { ...((cur.spec as object) ?? {}), finalizers: Array.isArray(finalizers) ? finalizers : [] };
    if (body.metadata?.resourceVersion) next.metadata.resourceVersion = body.metadata.resourceVersion;
    const res = store.update(req.decl, undefined, req.name, next, {
      dryRun: req.dryRun,
      fieldManager: req.fieldManager,
      subresource: "finalize",
    });
    return { status: 200, body: res.object };
  },
};

/** serviceaccounts/token (TokenRequest): `kubectl create token <sa>`. */
const serviceAccountToken: Handler = {
  kind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" },
  verbs: ["create"],
  async handle(req, { store, now, tokens }) {
    const body = (await req.body()) as {
      spec?: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: unknown };
    };
    const sa = store.tryGet(req.decl, req.namespace, req.name);
    if (!sa) throw notFound({ group: "", resource: "serviceaccounts" }, req.name);
    const spec = body.spec ?? {};
    const expirationSeconds = spec.expirationSeconds ?? 3600;
    if (expirationSeconds < 600) {
      throw invalid("TokenRequest", "authentication.k8s.io", req.name, [
        {
          type: "FieldValueInvalid",
          field: "spec.expirationSeconds",
          value: expirationSeconds,
          detail: "may not specify a duration less than 10 minutes",
        },
      ]);
    }
    if (expirationSeconds > 2 ** 32) {
      throw invalid("TokenRequest", "authentication.k8s.io", req.name, [
        {
          type: "FieldValueTooLong",
          field: "spec.expirationSeconds",
          value: expirationSeconds,
          detail: "may not specify a duration larger than 2^32 seconds",
        },
      ]);
    }
    if (spec.boundObjectRef) {
      throw forbidden(
        { group: "", resource: "serviceaccounts" },
        req.name,
        "bound service account tokens are not supported yet",
      );
    }
    const issued = now();
    const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [tokens.issuer];
    const token = await tokens.issue({
      namespace: String(req.namespace),
      name: req.name,
      uid: String(sa.metadata.uid),
      audiences,
      issuedAt: issued,
      expiresAt: issued + expirationSeconds * 1000,
    });
    return {
      status: 201,
      body: {
        kind: "TokenRequest",
        apiVersion: "authentication.k8s.io/v1",
        metadata: { name: req.name, namespace: req.namespace, creationTimestamp: null },
        spec: { audiences, expirationSeconds, boundObjectRef: null },
        status: { token, expirationTimestamp: rfc3339(issued + expirationSeconds * 1000) },
      },
    };
  },
};

const HANDLERS: Record<string, Handler> = {
  "/pods/log": podLog,
  "/pods/binding": podBinding,
  "/pods/eviction": podEviction,
  "/namespaces/finalize": namespaceFinalize,
  "/serviceaccounts/token": serviceAccountToken,
};

export function subresourceHandler(decl: KindDeclaration, sub: string): Handler | undefined {
  return HANDLERS[`${decl.group}/${decl.plural}/${sub}`];
}

/** Discovery entries for these subresources. */
export const EXTRA_SUBRESOURCES: readonly ExtraSubresource[] = Object.entries(HANDLERS).map(([path, h]) => {
  const [, plural, sub] = path.split("/");
  return {
    name: `${plural}/${sub}`,
    verbs: h.verbs,
    kind: h.kind.kind,
    group: h.kind.group,
    version: h.kind.version,
  };
});

/** A PodDisruptionBudget's selector against a pod's labels (an invalid selector matches nothing). */
function selectorMatches(sel: unknown, labels: Record<string, string> | undefined): boolean {
  try {
    return matches(labelSelectorFromObject(isPlainObject(sel) ? sel : undefined), labels);
  } catch {
    return false;
  }
}
