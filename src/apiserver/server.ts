/**
 * The Kubernetes API of one cluster, served inside its Durable Object: version and health, discovery,
 * OpenAPI, and the resource verbs (get, list, watch, create, update, patch, delete, deletecollection) with
 * the status and scale subresources. Paths here are cluster-relative (the Worker strips /clusters/<name>).
 */

import type { AuditObjectRef, AuditRecord, AuditUser } from "../audit/record";
import { IDENTITY_HEADERS } from "../auth/identity";
import type { KvStore } from "../durable/store/kv-store";
import { serverSideApply } from "../kube/apply/apply";
import { customResourceOf } from "../kube/crd/kind-from-crd";
import { decodeCustomResource } from "../kube/crd/validate";
import { decodeAgainstSchema } from "../kube/decode";
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateDiscovery,
} from "../kube/discovery";
import {
  badRequest,
  invalid,
  methodNotAllowed,
  notAcceptable,
  StatusError,
  unsupportedMediaType,
} from "../kube/errors";
import { deepClone, isPlainObject, type KObject } from "../kube/object";
import { openapiV2 } from "../kube/openapi/v2";
import { openapiV3GroupVersion, openapiV3Index } from "../kube/openapi/v3";
import { applyJsonPatch } from "../kube/patch/json-patch";
import { applyMergePatch } from "../kube/patch/merge-patch";
import { applyStrategicMergePatch } from "../kube/patch/strategic-merge-patch";
import { decodeKubeProtobuf, isKubeProtobuf } from "../kube/protobuf/decode";
import { authorize } from "../kube/rbac/authorizer";
import { forbiddenError } from "../kube/rbac/forbidden";
import { RBAC_GROUP } from "../kube/rbac/types";
import { apiVersionOf, type KindDeclaration, type Verb } from "../kube/registry/kind";
import type { Registry } from "../kube/registry/registry";
import type { ObjectSchema } from "../kube/schema/dsl";
import { tokenRequestSchema } from "../kube/types/authentication";
import { scaleSchema } from "../kube/types/autoscaling";
import { bindingSchema } from "../kube/types/core-extra";
import { evictionSchema } from "../kube/types/policy";
import { checkRbacWrite, requestAttributes, StoreRbacPolicy } from "./authz";
import {
  mediaType,
  type PatchType,
  parseObjectBody,
  parseYamlDocument,
  patchType,
  readBody,
  readBodyBytes,
} from "./body";
import { ImpersonationHeaderError, impersonate } from "./impersonation";
import { buildFilter } from "./list-filter";
import { METRICS_GROUP, serveMetrics } from "./metrics";
import { negotiate, type Rendering } from "./negotiation";
import { renderList, renderMetadataList, renderObject, renderTable } from "./render";
import type { RequestInfo, ResourceRequest } from "./request-info";
import { parseRequestInfo } from "./request-info";
import { type DeleteOptions, looksLikeObject, type ResourceStore } from "./resource-store";
import { errorResponse, json, withWarnings, yaml } from "./responses";
import { review } from "./reviews";
import { applyScale, scaleOf } from "./scale";
import type { ServiceAccountTokens } from "./serviceaccount-tokens";
import { EXTRA_SUBRESOURCES, subresourceHandler } from "./subresources";
import { watchResponse } from "./watch";

/** The Kubernetes version this server reports (kubectl on these machines picks its binary by minor). */
export const KUBE_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.4+edgeplane" };

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface KubeApiConfig {
  /** The URL path prefix the cluster is served under (e.g. /clusters/demo), for self-references. */
  prefix: string;
  bookmarkIntervalMs: number;
  /** What /version reports, when not KUBE_VERSION (and the Go release it was built with). */
  version?: { major: string; minor: string; gitVersion: string; goVersion?: string };
  /** Told once about every request served (bodies are never part of a record). */
  onAudit?: (record: AuditRecord) => void;
  /**
   * Non-resource paths the host serves itself (the cluster clock: /time, /time:advance), by exact path.
   * They go through the same chain as everything else: impersonation, RBAC (nonResourceURLs), audit.
   */
  routes?: Record<string, (request: Request, url: URL, user: UserInfo) => Promise<Response>>;
}

const ALL_AUTHENTICATED = "system:authenticated";

/** Headers the Worker sets for audit: the client's address and its own User-Agent. */
const SOURCE_IP_HEADER = IDENTITY_HEADERS.sourceIp;
const USER_AGENT_HEADER = IDENTITY_HEADERS.userAgent;

/** What a request handler learns that the audit record wants (a created object's name). */
interface RequestTrace {
  createdName?: string;
}

type FieldValidation = "Strict" | "Warn" | "Ignore";

/** Subresources served for every kind that declares them; pods' log/binding/eviction arrive with later kinds. */

export class KubeApi {
  private openapiCache = new Map<string, string>();
  private openapiGeneration = -1;
  private readonly rbac: StoreRbacPolicy;

  constructor(
    private readonly kv: KvStore,
    private readonly store: ResourceStore,
    private readonly registry: Registry,
    private readonly now: () => number,
    private readonly tokens: ServiceAccountTokens,
  ) {
    this.rbac = new StoreRbacPolicy(kv);
  }

  /**
   * Serves one request of an authenticated user the way kube-apiserver's filter chain does: impersonation
   * (Impersonate-* headers, each authorized), then authorization of the request as the acting user (403
   * when RBAC allows it nowhere), then the handler. Tells config.onAudit about it once it is answered.
   */
  async handle(request: Request, authenticated: UserInfo, config: KubeApiConfig): Promise<Response> {
    const url = new URL(request.url);
    const user = withAuthenticatedGroup(authenticated);
    const record = auditRecordFor(request, url, user);
    const trace: RequestTrace = {};
    let response: Response;
    let failure: StatusError | undefined;
    try {
      const info = parseRequestInfo(request.method, url.pathname, url.searchParams);
      if (info.type === "resource") record.verb = info.verb;
      const policy = this.rbac.policy();
      const acting = impersonate(request.headers, user, policy);
      if (acting) record.impersonatedUser = auditUser(acting);
      const effective: UserInfo = acting ?? user;
      const attrs = requestAttributes(info, effective, request.method, url.pathname, url.searchParams);
      if (info.type === "resource") record.objectRef = objectRef(attrs, info.version);
      const decision = authorize(attrs, policy);
      record.annotations = {
        "authorization.k8s.io/decision": decision.allowed ? "allow" : "forbid",
        "authorization.k8s.io/reason": decision.reason,
      };
      if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
      response = await this.dispatch(request, url, info, effective, config, trace);
    } catch (e) {
      if (e instanceof ImpersonationHeaderError) {
        response = e.response(`${config.prefix}${url.pathname}${url.search}`);
      } else {
        if (e instanceof StatusError) failure = e;
        response = errorResponse(e);
      }
    }
    if (config.onAudit) {
      record.responseStatus.code = response.status;
      if (failure) {
        record.responseStatus.status = "Failure";
        record.responseStatus.reason = failure.reason;
        record.responseStatus.message = failure.message;
      }
      if (record.objectRef && !record.objectRef.name && trace.createdName) record.objectRef.name = trace.createdName;
      record.stageTimestamp = Date.now();
      config.onAudit(record);
    }
    return response;
  }

  private async dispatch(
    request: Request,
    url: URL,
    info: RequestInfo,
    user: UserInfo,
    config: KubeApiConfig,
    trace: RequestTrace,
  ): Promise<Response> {
    const route = info.type === "unknown" ? config.routes?.[url.pathname] : undefined;
    if (route) return route(request, url, user);
    const method = request.method.toUpperCase();
    if (info.type !== "resource" && method !== "GET" && method !== "HEAD") {
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
    const accept = request.headers.get("accept");
    switch (info.type) {
      case "version": {
        const v = config.version ?? KUBE_VERSION;
        return json({
          major: v.major,
          minor: v.minor,
          gitVersion: v.gitVersion,
          gitCommit: "edgeplane",
          gitTreeState: "clean",
          buildDate: "2026-11-01T00:00:00Z",
          goVersion: ("goVersion" in v && v.goVersion) || "go1.23.8",
          compiler: "gc",
          platform: "linux/amd64",
        });
      }
      case "health":
        return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
      case "api":
      case "apis": {
        const d = negotiateDiscovery(accept);
        if (d.format === "legacy") {
          return json(
            info.type === "api" ? apiVersions(url.host, this.registry.kinds) : apiGroupList(this.registry.kinds),
          );
        }
        const doc = aggregatedDiscovery(this.registry.kinds, info.type === "api" ? "core" : "apis", {
          version: d.format,
          extras: EXTRA_SUBRESOURCES,
        });
        return json(doc, 200, { "Content-Type": d.contentType });
      }
      case "group": {
        const g = apiGroup(this.registry.kinds, info.group);
        if (!g) throw notFoundPath();
        return json(g);
      }
      case "groupVersion": {
        const list = apiResourceList(this.registry.kinds, info.group, info.version, EXTRA_SUBRESOURCES);
        if (!list) throw notFoundPath();
        return json(list);
      }
      case "openapiV2":
        // Served as JSON. kubectl asks for the protobuf encoding only (it needs v2 for nothing that v3 does
        // not serve), and a JSON body under that request would be misread, so such a request gets 406.
        if (accept && !/application\/json|\*\/\*|application\/\*/.test(accept)) {
          throw notAcceptable("only application/json is served for /openapi/v2; use /openapi/v3");
        }
        return this.cachedJson("v2", () => openapiV2(this.registry.kinds));
      case "openapiV3":
        if (!info.path)
          return this.cachedJson(`v3:${config.prefix}`, () => openapiV3Index(this.registry.kinds, config.prefix));
        return this.cachedJson(`v3/${info.path}`, () => {
          const doc = openapiV3GroupVersion(this.registry.kinds, info.path!);
          if (!doc) throw notFoundPath();
          return doc;
        });
      case "unknown":
        throw notFoundPath();
      case "resource":
        return this.resource(request, url, info, user, config, trace);
    }
  }

  private cachedJson(key: string, build: () => unknown): Response {
    // Documents depend on the set of kinds; CRDs change it.
    if (this.openapiGeneration !== this.registry.generation) {
      this.openapiCache.clear();
      this.openapiGeneration = this.registry.generation;
    }
    let body = this.openapiCache.get(key);
    if (body === undefined) {
      body = JSON.stringify(build());
      this.openapiCache.set(key, body);
    }
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  }

  // ---- resources ---------------------------------------------------------------------------------------

  private async resource(
    request: Request,
    url: URL,
    info: ResourceRequest,
    user: UserInfo,
    config: KubeApiConfig,
    trace: RequestTrace,
  ): Promise<Response> {
    const decl = this.registry.lookup(info.group, info.version, info.resource);
    if (!decl) throw notFoundPath();
    if (info.namespace !== undefined && !decl.namespaced) throw notFoundPath();
    const q = url.searchParams;
    const verbs = decl.verbs ?? undefined;
    if (verbs && !verbs.includes(info.verb as Verb)) {
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
    const sub = info.subresource;
    const dryRun = parseDryRun(q);
    const fieldManager = q.get("fieldManager") || defaultManager(request);
    const fieldValidation = parseFieldValidation(q);
    if (sub && !(sub === "status" && decl.statusSubresource) && !(sub === "scale" && decl.scale)) {
      const handler = subresourceHandler(decl, sub);
      if (!handler || !info.name) throw notFoundPath();
      const verb = info.verb === "patch" ? "patch" : info.verb;
      if (!handler.verbs.includes(verb)) {
        throw methodNotAllowed("the server does not allow this method on the requested resource");
      }
      const out = await handler.handle(
        {
          decl,
          namespace: info.namespace,
          name: info.name,
          method: request.method,
          query: q,
          body: () => this.readObject(request, handler.kind),
          dryRun,
          fieldManager,
        },
        { store: this.store, now: this.now, tokens: this.tokens },
      );
      // pods/log answers text (or a stream) rather than JSON.
      if (out.body instanceof Response) return out.body;
      return json(out.body, out.status);
    }
    if (decl.virtual && info.verb === "create") {
      const body = await this.readObject(request, decl);
      const { object } = this.decode(decl, body, fieldValidation);
      const ctx = { user, namespace: info.namespace, policy: this.rbac.policy(), tokens: this.tokens, now: this.now() };
      return json(await review(decl, object, ctx), 201);
    }

    if (decl.group === METRICS_GROUP && (info.verb === "get" || info.verb === "list")) {
      const name = info.verb === "get" ? info.name : undefined;
      const out = serveMetrics(this.store, decl, this.now(), info.namespace, name, buildFilter(decl, q));
      return json(out.item ?? renderList(decl, out.items ?? [], { resourceVersion: String(this.kv.revision()) }));
    }
    switch (info.verb) {
      case "get": {
        const obj = this.store.get(decl, info.namespace, info.name!);
        if (sub === "scale") return json(scaleOf(decl, obj));
        return this.render(request, decl, obj);
      }
      case "list":
        return this.list(request, decl, info, q);
      case "watch": {
        const filter = buildFilter(decl, q, info.name);
        const rendering = negotiate(request.headers.get("accept"), q.get("includeObject"));
        return watchResponse(
          this.kv,
          decl,
          info.namespace,
          filter,
          {
            resourceVersion: q.get("resourceVersion") ?? undefined,
            timeoutSeconds: q.has("timeoutSeconds") ? Math.max(0, Number(q.get("timeoutSeconds"))) : undefined,
            allowBookmarks: q.get("allowWatchBookmarks") === "true",
            sendInitialEvents: q.get("sendInitialEvents") === "true",
            bookmarkIntervalMs: config.bookmarkIntervalMs,
            maxQueued: 10000,
          },
          rendering,
          this.now,
          {},
        );
      }
      case "create": {
        if (info.name && !sub)
          throw methodNotAllowed("the server does not allow this method on the requested resource");
        const body = await this.readObject(request, decl);
        const { object, warnings } = this.decode(decl, body, fieldValidation);
        this.guardRbacWrite(decl, info, user, object, () => undefined);
        const created = this.store.create(decl, info.namespace, object, { dryRun, fieldManager });
        trace.createdName = created.metadata.name;
        return withWarnings(this.render(request, decl, created, 201), warnings);
      }
      case "update": {
        const body = await this.readObject(request, sub === "scale" ? SCALE_TARGET : decl);
        if (sub === "scale") {
          const cur = this.store.get(decl, info.namespace, info.name!);
          const next = applyScale(decl, cur, body);
          const { object } = this.store.update(decl, info.namespace, info.name!, next, { dryRun, fieldManager });
          return json(scaleOf(decl, object));
        }
        const { object, warnings } = this.decode(decl, body, fieldValidation);
        if (!sub)
          this.guardRbacWrite(decl, info, user, object, () => this.store.tryGet(decl, info.namespace, info.name!));
        const res = this.store.update(decl, info.namespace, info.name!, object, {
          dryRun,
          fieldManager,
          subresource: sub,
        });
        return withWarnings(this.render(request, decl, res.object), warnings);
      }
      case "patch":
        return this.patch(request, decl, info, user, trace, {
          dryRun,
          fieldManager,
          fieldValidation,
          force: q.get("force") === "true",
        });
      case "delete": {
        const opts = await deleteOptions(request, q, dryRun);
        const res = this.store.delete(decl, info.namespace, info.name!, opts);
        if (!res.deleted || decl.kind === "Pod") return this.render(request, decl, res.object);
        return json({
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Success",
          details: { name: info.name, group: decl.group || undefined, kind: decl.plural, uid: res.object.metadata.uid },
        });
      }
      case "deletecollection": {
        const opts = await deleteOptions(request, q, dryRun);
        const filter = buildFilter(decl, q);
        const listed = this.store.list(decl, info.namespace, { filter });
        const deleted: KObject[] = [];
        this.kv.transaction(() => {
          for (const it of listed.items) {
            try {
              deleted.push(this.store.delete(decl, it.metadata.namespace, it.metadata.name!, opts).object);
            } catch (e) {
              // Objects that disappeared meanwhile are fine; anything else aborts the whole collection delete.
              if (!(e instanceof StatusError && e.code === 404)) throw e;
            }
          }
        });
        return json(renderList(decl, deleted, { resourceVersion: String(this.kv.revision()) }));
      }
    }
  }

  private list(request: Request, decl: KindDeclaration, info: ResourceRequest, q: URLSearchParams): Response {
    const rendering = negotiate(request.headers.get("accept"), q.get("includeObject"));
    const filter = buildFilter(decl, q);
    const limit = q.has("limit") ? Number(q.get("limit")) : undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw badRequest(`limit: Invalid value: ${JSON.stringify(q.get("limit"))}: must be a non-negative integer`);
    }
    const res = this.store.list(decl, info.namespace, {
      filter,
      limit,
      continueToken: q.get("continue") ?? undefined,
      resourceVersion: q.get("resourceVersion") ?? undefined,
      resourceVersionMatch: q.get("resourceVersionMatch") ?? undefined,
    });
    const meta: Record<string, unknown> = { resourceVersion: res.resourceVersion };
    if (res.continueToken) meta.continue = res.continueToken;
    if (res.remainingItemCount !== undefined) meta.remainingItemCount = res.remainingItemCount;
    const m = meta as { resourceVersion: string; continue?: string; remainingItemCount?: number };
    if (rendering.as === "table") return json(renderTable(decl, res.items, this.now(), rendering, m));
    if (rendering.as === "metadata") return json(renderMetadataList(res.items, m, rendering.version));
    if (rendering.format === "yaml") return yaml(renderList(decl, res.items, m));
    return json(renderList(decl, res.items, m));
  }

  private async patch(
    request: Request,
    decl: KindDeclaration,
    info: ResourceRequest,
    user: UserInfo,
    trace: RequestTrace,
    opts: { dryRun: boolean; fieldManager: string; fieldValidation: FieldValidation; force: boolean },
  ): Promise<Response> {
    const type: PatchType = patchType(request);
    const text = await readBody(request);
    if (text.trim() === "") throw badRequest("the body of the request is empty; a patch was expected");
    const name = info.name!;
    const sub = info.subresource;

    if (type === "application/apply-patch+yaml") {
      if (!q(request).has("fieldManager")) {
        throw badRequest(
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
      }
      const applied = parseYamlDocument(text);
      if (!isPlainObject(applied)) throw badRequest("the body of an apply patch must be an object");
      const { object: cfg, warnings } = this.decode(decl, applied, opts.fieldValidation, true);
      const live = this.store.tryGet(decl, info.namespace, name);
      const merged = serverSideApply(live, cfg, {
        manager: opts.fieldManager,
        force: opts.force,
        apiVersion: apiVersionOf(decl),
        now: `${new Date(this.now()).toISOString().slice(0, 19)}Z`,
        schema: decl.schema,
      });
      if (!sub) this.guardRbacWrite(decl, info, user, merged, () => live);
      if (!live) {
        merged.metadata.name ??= name;
        const created = this.store.create(decl, info.namespace, merged, {
          dryRun: opts.dryRun,
          fieldManager: opts.fieldManager,
          subresource: sub,
          skipManagedFields: true,
        });
        trace.createdName = created.metadata.name;
        return withWarnings(this.render(request, decl, created, 201), warnings);
      }
      const res = this.store.update(decl, info.namespace, name, merged, {
        dryRun: opts.dryRun,
        fieldManager: opts.fieldManager,
        subresource: sub,
        skipManagedFields: true,
      });
      return withWarnings(this.render(request, decl, res.object), warnings);
    }

    let patch: unknown;
    try {
      patch = JSON.parse(text);
    } catch (e) {
      throw badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    const current = this.store.get(decl, info.namespace, name);
    if (sub === "scale") {
      const scale = scaleOf(decl, current);
      const patchedScale = this.applyPatch(type, scale, patch, undefined);
      const next = applyScale(decl, current, patchedScale);
      const { object } = this.store.update(decl, info.namespace, name, next, {
        dryRun: opts.dryRun,
        fieldManager: opts.fieldManager,
      });
      return json(scaleOf(decl, object));
    }
    const base = deepClone(current);
    // The patched object is judged like a full body (unknown fields, types), then written like an update.
    const patched = this.applyPatch(type, base, patch, decl);
    const { object, warnings } = this.decode(decl, patched, opts.fieldValidation);
    if (!sub) this.guardRbacWrite(decl, info, user, object, () => current);
    const res = this.store.update(decl, info.namespace, name, object, {
      dryRun: opts.dryRun,
      fieldManager: opts.fieldManager,
      subresource: sub,
    });
    return withWarnings(this.render(request, decl, res.object), warnings);
  }

  /**
   * Escalation prevention for RBAC objects (the policy-based storages), before the write is validated. The
   * stored object is asked for lazily: only RBAC writes need it, and every other PUT would pay a read.
   */
  private guardRbacWrite(
    decl: KindDeclaration,
    info: ResourceRequest,
    user: UserInfo,
    next: KObject,
    old: () => KObject | undefined,
  ): void {
    if (decl.group !== RBAC_GROUP) return;
    const denied = checkRbacWrite(this.rbac.policy(), user, {
      kind: decl.kind,
      namespace: decl.namespaced ? (info.namespace ?? next.metadata.namespace ?? "") : "",
      requestName: info.name ?? "",
      next,
      old: old(),
    });
    if (denied) throw denied;
  }

  private applyPatch(type: PatchType, base: unknown, patch: unknown, decl: KindDeclaration | undefined): unknown {
    switch (type) {
      case "application/json-patch+json":
        return applyJsonPatch(base, patch);
      case "application/merge-patch+json":
        if (!isPlainObject(patch)) throw badRequest("a merge patch must be a JSON object");
        return applyMergePatch(base, patch);
      case "application/strategic-merge-patch+json":
        if (!isPlainObject(patch)) throw badRequest("a strategic merge patch must be a JSON object");
        if (!decl) return applyMergePatch(base, patch);
        // Custom resources have no patch metadata; kube refuses strategic merge patches for them.
        if (customResourceOf(decl)) {
          throw unsupportedMediaType([
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/apply-patch+yaml",
          ]);
        }
        return applyStrategicMergePatch(base, patch, decl.schema);
      default:
        throw badRequest(`unsupported patch type ${type}`);
    }
  }

  /**
   * A create/update body as JSON: JSON or YAML as sent, or Kubernetes protobuf (what typed clients such as
   * `kubectl create namespace|deployment|configmap|...` send), decoded against the kind's schema.
   */
  private async readObject(
    request: Request,
    target: { group: string; version: string; kind: string },
  ): Promise<unknown> {
    const type = mediaType(request);
    if (isKubeProtobuf(type)) {
      const bytes = await readBodyBytes(request);
      return decodeKubeProtobuf(bytes, (apiVersion, kind) => this.schemaFor(apiVersion, kind), {
        apiVersion: apiVersionOf(target),
        kind: target.kind,
      }).object;
    }
    return parseObjectBody(await readBody(request), type);
  }

  private schemaFor(apiVersion: string, kind: string): ObjectSchema | undefined {
    const body = SUBRESOURCE_BODY_SCHEMAS[`${apiVersion}/${kind}`];
    if (body) return body;
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return this.registry.byKind(group, kind, version)?.schema;
  }

  /** Body → typed object for this kind: apiVersion/kind checked, unknown fields per fieldValidation. */
  private decode(
    decl: KindDeclaration,
    body: unknown,
    mode: FieldValidation,
    isApply = false,
  ): { object: KObject; warnings: string[] } {
    if (!isPlainObject(body)) {
      throw badRequest(
        `${decl.kind} in version "${decl.version}" cannot be handled as a ${decl.kind}: expected an object`,
      );
    }
    const expected = apiVersionOf(decl);
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
      );
    }
    if (body.kind !== undefined && body.kind !== decl.kind) {
      throw badRequest(
        `${String(body.kind)} in version "${decl.version}" cannot be handled as a ${decl.kind}: the kind in the data (${String(body.kind)}) does not match the expected kind (${decl.kind})`,
      );
    }
    if (isApply && (body.apiVersion === undefined || body.kind === undefined)) {
      throw badRequest("apiVersion and kind must be set in an apply patch");
    }
    const custom = customResourceOf(decl);
    const { object, warnings } = custom
      ? decodeCustomResource(body, custom.schema, mode)
      : decodeAgainstSchema(body, decl, mode);
    if (!looksLikeObject(object)) throw badRequest("metadata must be an object");
    if (!object.metadata) object.metadata = {};
    return { object, warnings };
  }

  private render(request: Request, decl: KindDeclaration, obj: KObject, status = 200): Response {
    const url = new URL(request.url);
    const r: Rendering = negotiate(request.headers.get("accept"), url.searchParams.get("includeObject"));
    if (r.as === "object" && r.format === "yaml") return yaml(obj, status);
    return json(renderObject(decl, obj, this.now(), r), status);
  }
}

const SCALE_TARGET = { group: "autoscaling", version: "v1", kind: "Scale" };

/** Every authenticated user is in system:authenticated (the authenticator's AuthenticatedGroupAdder). */
function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(ALL_AUTHENTICATED) ? user : { ...user, groups: [...user.groups, ALL_AUTHENTICATED] };
}

function auditUser(u: UserInfo): AuditUser {
  const out: AuditUser = { username: u.username, groups: [...u.groups] };
  if (u.uid) out.uid = u.uid;
  if (u.extra && Object.keys(u.extra).length > 0) out.extra = u.extra;
  return out;
}

/**
 * The audit record of a request as it arrives (code 0 until answered): who, from where, what. Also used by
 * the host for requests refused before they reach handle() (a ServiceAccount token the cluster rejects).
 */
export function auditRecordFor(request: Request, url: URL, user: UserInfo, received = Date.now()): AuditRecord {
  const record: AuditRecord = {
    auditId: crypto.randomUUID(),
    requestURI: url.pathname + url.search,
    verb: request.method.toLowerCase(),
    user: auditUser(user),
    sourceIPs: sourceIPs(request.headers),
    responseStatus: { code: 0 },
    requestReceivedTimestamp: received,
    stageTimestamp: received,
  };
  const userAgent = request.headers.get(USER_AGENT_HEADER) ?? request.headers.get("user-agent");
  if (userAgent) record.userAgent = userAgent;
  return record;
}

function sourceIPs(headers: Headers): string[] {
  const v = headers.get(SOURCE_IP_HEADER);
  return v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** The audit objectRef of a resource request, from its authorization attributes (kube's RequestInfo). */
function objectRef(
  attrs: { resource?: string; namespace?: string; name?: string; apiGroup?: string; subresource?: string },
  version: string,
): AuditObjectRef {
  const ref: AuditObjectRef = { resource: attrs.resource ?? "" };
  if (attrs.namespace) ref.namespace = attrs.namespace;
  if (attrs.name) ref.name = attrs.name;
  if (attrs.apiGroup) ref.apiGroup = attrs.apiGroup;
  ref.apiVersion = version;
  if (attrs.subresource) ref.subresource = attrs.subresource;
  return ref;
}

/** Kinds that only travel as subresource bodies (not served as resources themselves). */
const SUBRESOURCE_BODY_SCHEMAS: Record<string, ObjectSchema> = {
  "autoscaling/v1/Scale": scaleSchema,
  "v1/Binding": bindingSchema,
  "policy/v1/Eviction": evictionSchema,
  "authentication.k8s.io/v1/TokenRequest": tokenRequestSchema,
};

function q(request: Request): URLSearchParams {
  return new URL(request.url).searchParams;
}

function notFoundPath(): StatusError {
  return new StatusError(404, "NotFound", "the server could not find the requested resource", {});
}

function parseDryRun(q: URLSearchParams): boolean {
  const values = q.getAll("dryRun");
  for (const v of values) {
    if (v !== "All") {
      throw invalid("", "", "", [{ type: "FieldValueNotSupported", field: "dryRun", value: v, supported: ["All"] }]);
    }
  }
  return values.length > 0;
}

function parseFieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get("fieldValidation");
  if (v === null || v === "") return "Warn";
  if (v === "Strict" || v === "Warn" || v === "Ignore") return v;
  throw badRequest(`fieldValidation parameter unsupported: ${v}. Only Ignore, Warn, and Strict are supported`);
}

/** kube derives a manager name from the User-Agent's program name when the client sends none. */
function defaultManager(request: Request): string {
  const ua = request.headers.get("user-agent") ?? "unknown";
  return ua.split("/")[0].slice(0, 128) || "unknown";
}

async function deleteOptions(request: Request, q: URLSearchParams, dryRun: boolean): Promise<DeleteOptions> {
  const opts: DeleteOptions = { dryRun };
  const text = await readBody(request);
  if (text.trim()) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
    if (isPlainObject(body)) {
      if (typeof body.gracePeriodSeconds === "number") opts.gracePeriodSeconds = body.gracePeriodSeconds;
      if (typeof body.propagationPolicy === "string") opts.propagationPolicy = checkPolicy(body.propagationPolicy);
      if (body.orphanDependents === true && !opts.propagationPolicy) opts.propagationPolicy = "Orphan";
      if (isPlainObject(body.preconditions)) opts.preconditions = body.preconditions as DeleteOptions["preconditions"];
      if (Array.isArray(body.dryRun) && body.dryRun.includes("All")) opts.dryRun = true;
    }
  }
  if (q.has("gracePeriodSeconds")) opts.gracePeriodSeconds = Number(q.get("gracePeriodSeconds"));
  if (q.has("propagationPolicy")) opts.propagationPolicy = checkPolicy(q.get("propagationPolicy")!);
  if (q.get("orphanDependents") === "true" && !opts.propagationPolicy) opts.propagationPolicy = "Orphan";
  return opts;
}

function checkPolicy(p: string): DeleteOptions["propagationPolicy"] {
  if (p === "Orphan" || p === "Background" || p === "Foreground") return p;
  throw invalid("DeleteOptions", "", "", [
    {
      type: "FieldValueNotSupported",
      field: "propagationPolicy",
      value: p,
      supported: ["Foreground", "Background", "Orphan"],
    },
  ]);
}
