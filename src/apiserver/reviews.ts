/**
 * The create-only "review" kinds that kube answers without storing anything: access reviews
 * (`kubectl auth can-i`), rules reviews (`can-i --list`), SelfSubjectReview (`kubectl auth whoami`) and
 * TokenReview.
 *
 * Until cluster RBAC is enforced (the tenancy issue), every authenticated caller is a cluster administrator,
 * so access reviews answer what kube answers for cluster-admin: allowed, by the kubeadm:cluster-admins
 * binding.
 */
import { badRequest } from "../kube/errors";
import type { KObject } from "../kube/object";
import { apiVersionOf, type KindDeclaration } from "../kube/registry/kind";
import type { UserInfo } from "./server";
import type { ServiceAccountTokens } from "./serviceaccount-tokens";

const ADMIN_REASON =
  'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"';

function isAdmin(user: UserInfo): boolean {
  return user.groups.includes("kubeadm:cluster-admins") || user.groups.includes("system:masters");
}

function answer(decl: KindDeclaration, req: KObject, status: Record<string, unknown>): KObject {
  return {
    kind: decl.kind,
    apiVersion: apiVersionOf(decl),
    metadata: { ...req.metadata, creationTimestamp: null },
    ...(req.spec !== undefined ? { spec: req.spec } : {}),
    status,
  };
}

function accessStatus(user: UserInfo): Record<string, unknown> {
  return isAdmin(user) ? { allowed: true, reason: ADMIN_REASON } : { allowed: false, reason: "" };
}

export async function review(
  decl: KindDeclaration,
  req: KObject,
  user: UserInfo,
  tokens: ServiceAccountTokens,
): Promise<KObject> {
  const spec = (req.spec ?? {}) as Record<string, unknown>;
  switch (decl.kind) {
    case "SelfSubjectAccessReview":
      if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
        throw badRequest("exactly one of nonResourceAttributes or resourceAttributes must be specified");
      }
      return answer(decl, req, accessStatus(user));
    case "SubjectAccessReview":
    case "LocalSubjectAccessReview": {
      const subject: UserInfo = {
        username: String(spec.user ?? ""),
        groups: Array.isArray(spec.groups) ? spec.groups.map(String) : [],
      };
      return answer(decl, req, accessStatus(subject));
    }
    case "SelfSubjectRulesReview":
      return answer(
        decl,
        req,
        isAdmin(user)
          ? {
              resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
              nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
              incomplete: false,
            }
          : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: "not authorized" },
      );
    case "SelfSubjectReview":
      return answer(decl, req, { userInfo: { username: user.username, groups: user.groups } });
    case "TokenReview": {
      const token = String(spec.token ?? "");
      const audiences = Array.isArray(spec.audiences) ? spec.audiences.map(String) : undefined;
      try {
        const v = await tokens.verify(token, audiences);
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
