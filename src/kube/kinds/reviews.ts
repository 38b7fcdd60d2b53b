/**
 * Create-only review kinds (authorization.k8s.io, authentication.k8s.io): answered by the API server from the
 * request, never stored. `kubectl auth can-i` and `kubectl auth whoami` use them.
 */
import { createdAtColumns } from "../printers";
import type { KindDeclaration, Verb } from "../registry/kind";
import type { ObjectSchema } from "../schema/dsl";
import { selfSubjectReviewSchema, tokenReviewSchema } from "../types/authentication";
import {
  localSubjectAccessReviewSchema,
  selfSubjectAccessReviewSchema,
  selfSubjectRulesReviewSchema,
  subjectAccessReviewSchema,
} from "../types/authorization";

const CREATE: readonly Verb[] = ["create"];

function review(
  group: string,
  kind: string,
  plural: string,
  schema: ObjectSchema,
  namespaced = false,
): KindDeclaration {
  return {
    group,
    version: "v1",
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: CREATE,
    schema,
    nameRule: "path-segment",
    columns: createdAtColumns,
    virtual: true,
  };
}

export const reviewKinds: readonly KindDeclaration[] = [
  review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", selfSubjectReviewSchema),
  review("authentication.k8s.io", "TokenReview", "tokenreviews", tokenReviewSchema),
  review(
    "authorization.k8s.io",
    "LocalSubjectAccessReview",
    "localsubjectaccessreviews",
    localSubjectAccessReviewSchema,
    true,
  ),
  review("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", selfSubjectAccessReviewSchema),
  review("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", selfSubjectRulesReviewSchema),
  review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", subjectAccessReviewSchema),
];
