/**
 * The create-only "review" kinds that kube answers without storing anything, asked of the cluster's RBAC
 * authorizer: access reviews (SelfSubjectAccessReview for `kubectl auth can-i`, SubjectAccessReview,
 * LocalSubjectAccessReview), SelfSubjectRulesReview (`can-i --list`), SelfSubjectReview (`kubectl auth
 * whoami`) and TokenReview (this cluster's ServiceAccount tokens).
 *
 * The RBAC authorizer never denies outright (it has no opinion when no rule allows), so status.denied is
 * never set, as with kube's Node,RBAC chain.
 */
import { badRequest, type FieldError, invalid, invalidValue } from "../kube/errors";
import type { KObject } from "../kube/object";
import { authorize, subjectRulesReview } from "../kube/rbac/authorizer";
import type { Attributes, RbacPolicy } from "../kube/rbac/types";
import { apiVersionOf, type KindDeclaration } from "../kube/registry/kind";
import { goQuote } from "../kube/selectors/go-format";
import type { UserInfo } from "./server";
import type { ServiceAccountTokens } from "./serviceaccount-tokens";
import { rfc3339 } from "./time";

export interface ReviewContext {
  /** Who is asking (the impersonated user when impersonating). */
  user: UserInfo;
  /** The namespace of the request's URL (LocalSubjectAccessReview). */
  namespace?: string;
  policy: RbacPolicy;
  tokens: ServiceAccountTokens;
  now: number;
}

type Json = Record<string, unknown>;

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface AccessSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: NonResourceAttributes;
  user?: string;
  groups?: string[];
}

function answer(decl: KindDeclaration, req: KObject, status: Json): KObject {
  return {
    kind: decl.kind,
    apiVersion: apiVersionOf(decl),
    metadata: { ...req.metadata, creationTimestamp: null },
    ...(req.spec !== undefined ? { spec: req.spec } : {}),
    status,
  };
}

/** field.Invalid renders a non-nil struct pointer with %#v (the internal API type's Go syntax). */
const goNonResourceAttributes = (n: NonResourceAttributes) => ({
  goString: `authorization.NonResourceAttributes{Path:${goQuote(n.path ?? "")}, Verb:${goQuote(n.verb ?? "")}}`,
});

/** ValidateSelfSubjectAccessReviewSpec's one-of check ("null" is how field errors print a nil pointer). */
function attributeErrors(spec: AccessSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errs.push(
      invalidValue(
        "spec.nonResourceAttributes",
        goNonResourceAttributes(spec.nonResourceAttributes),
        "cannot be specified in combination with resourceAttributes",
      ),
    );
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errs.push(
      invalidValue(
        "spec.resourceAttributes",
        "null",
        "exactly one of nonResourceAttributes or resourceAttributes must be specified",
      ),
    );
  }
  return errs;
}

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom. */
function attributesOf(user: string, groups: readonly string[], spec: AccessSpec): Attributes {
  const base = { user, groups: [...groups] };
  const n = spec.nonResourceAttributes;
  if (!spec.resourceAttributes && n) return { ...base, verb: n.verb ?? "", path: n.path ?? "" };
  const r = spec.resourceAttributes ?? {};
  return {
    ...base,
    verb: r.verb ?? "",
    apiGroup: r.group ?? "",
    resource: r.resource ?? "",
    subresource: r.subresource || undefined,
    name: r.name || undefined,
    namespace: r.namespace || undefined,
  };
}

function accessStatus(attrs: Attributes, policy: RbacPolicy): Json {
  const d = authorize(attrs, policy);
  return d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
}

export async function review(decl: KindDeclaration, req: KObject, ctx: ReviewContext): Promise<KObject> {
  const spec = (req.spec ?? {}) as Json;
  const access = spec as AccessSpec;
  const kindInvalid = (errs: FieldError[]) => invalid(decl.kind, decl.group, "", errs);
  switch (decl.kind) {
    case "SelfSubjectAccessReview": {
      const errs = attributeErrors(access);
      if (errs.length > 0) throw kindInvalid(errs);
      return answer(decl, req, accessStatus(attributesOf(ctx.user.username, ctx.user.groups, access), ctx.policy));
    }
    case "SubjectAccessReview":
    case "LocalSubjectAccessReview": {
      const errs = attributeErrors(access);
      const groups = Array.isArray(access.groups) ? access.groups.map(String) : [];
      const user = typeof access.user === "string" ? access.user : "";
      if (!user && groups.length === 0) {
        errs.push(invalidValue("spec.user", user, "at least one of user or group must be specified"));
      }
      if (decl.kind === "LocalSubjectAccessReview") {
        // The create handler's EnsureObjectNamespaceMatchesRequestNamespace, before the review is judged.
        if (req.metadata.namespace && ctx.namespace && req.metadata.namespace !== ctx.namespace) {
          throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        if (ctx.namespace) req.metadata.namespace = ctx.namespace;
        const ns = req.metadata.namespace ?? "";
        if (access.resourceAttributes && (access.resourceAttributes.namespace ?? "") !== ns) {
          errs.push(
            invalidValue(
              "spec.resourceAttributes.namespace",
              access.resourceAttributes.namespace ?? "",
              "must match metadata.namespace",
            ),
          );
        }
        if (access.nonResourceAttributes) {
          errs.push(
            invalidValue(
              "spec.nonResourceAttributes",
              goNonResourceAttributes(access.nonResourceAttributes),
              "disallowed on this kind of request",
            ),
          );
        }
        if (errs.length > 0) throw kindInvalid(errs);
        if (!ctx.namespace) throw badRequest("namespace is required on this type: ");
        if (ctx.namespace !== ns) {
          throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${ctx.namespace}`);
        }
      }
      if (errs.length > 0) throw kindInvalid(errs);
      return answer(decl, req, accessStatus(attributesOf(user, groups, access), ctx.policy));
    }
    case "SelfSubjectRulesReview": {
      const namespace = typeof spec.namespace === "string" ? spec.namespace : "";
      if (!namespace) throw badRequest("no namespace on request");
      // kube answers a new object holding only the status: the spec is not echoed.
      const status = subjectRulesReview({ user: ctx.user.username, groups: ctx.user.groups }, namespace, ctx.policy);
      return {
        kind: decl.kind,
        apiVersion: apiVersionOf(decl),
        metadata: { creationTimestamp: null },
        spec: {},
        status: status as unknown as Json,
      };
    }
    case "SelfSubjectReview": {
      const userInfo: Json = { username: ctx.user.username };
      if (ctx.user.uid) userInfo.uid = ctx.user.uid;
      userInfo.groups = ctx.user.groups;
      if (ctx.user.extra && Object.keys(ctx.user.extra).length > 0) userInfo.extra = ctx.user.extra;
      // kube stamps the answer with the time it was made.
      return {
        kind: decl.kind,
        apiVersion: apiVersionOf(decl),
        metadata: { creationTimestamp: rfc3339(ctx.now) },
        status: { userInfo },
      };
    }
    case "TokenReview": {
      const token = String(spec.token ?? "");
      const audiences = Array.isArray(spec.audiences) ? spec.audiences.map(String) : undefined;
      try {
        const v = await ctx.tokens.verify(token, audiences);
        return answer(decl, req, {
          authenticated: true,
          user: { username: v.username, uid: v.uid, groups: v.groups },
          audiences: v.audiences,
        });
      } catch (e) {
        return answer(decl, req, { user: {}, error: `[invalid bearer token, ${(e as Error).message}]` });
      }
    }
    default:
      throw badRequest(`${decl.kind} cannot be created`);
  }
}
