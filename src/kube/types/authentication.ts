/**
 * Schemas of authentication.k8s.io/v1 (k8s.io/api/authentication/v1, v1.32): TokenRequest (the body of
 * serviceaccounts/token), TokenReview and SelfSubjectReview.
 */
import { bool, int64, list, map, obj, str, time } from "../schema/dsl";
import { objectMeta, typeMeta } from "./meta";

const authn = (name: string) => `io.k8s.api.authentication.v1.${name}`;
const gvk = (kind: string) => [{ group: "authentication.k8s.io", version: "v1", kind }];

// ---- UserInfo -------------------------------------------------------------------------------------------

export const userInfo = obj(authn("UserInfo"), {
  username: str(),
  uid: str(),
  groups: list(str()),
  // map[string]ExtraValue, where ExtraValue is []string (a message with `items` in protobuf).
  extra: map(list(str())),
});

// ---- TokenRequest ---------------------------------------------------------------------------------------

export const boundObjectReference = obj(authn("BoundObjectReference"), {
  kind: str(),
  apiVersion: str(),
  name: str(),
  uid: str(),
});

export const tokenRequestSpec = obj(
  authn("TokenRequestSpec"),
  {
    audiences: list(str()),
    expirationSeconds: int64(),
    boundObjectRef: boundObjectReference,
  },
  { required: ["audiences"] },
);

export const tokenRequestStatus = obj(
  authn("TokenRequestStatus"),
  { token: str(), expirationTimestamp: time() },
  { required: ["token", "expirationTimestamp"] },
);

export const tokenRequestSchema = obj(
  authn("TokenRequest"),
  { ...typeMeta, metadata: objectMeta, spec: tokenRequestSpec, status: tokenRequestStatus },
  {
    description: "TokenRequest requests a token for a given service account.",
    required: ["spec"],
    gvk: gvk("TokenRequest"),
  },
);

// ---- TokenReview ----------------------------------------------------------------------------------------

export const tokenReviewSpec = obj(authn("TokenReviewSpec"), {
  token: str(),
  audiences: list(str()),
});

export const tokenReviewStatus = obj(authn("TokenReviewStatus"), {
  authenticated: bool(),
  user: userInfo,
  audiences: list(str()),
  error: str(),
});

export const tokenReviewSchema = obj(
  authn("TokenReview"),
  { ...typeMeta, metadata: objectMeta, spec: tokenReviewSpec, status: tokenReviewStatus },
  {
    description:
      "TokenReview attempts to authenticate a token to a known user. Note: TokenReview requests may be cached by the webhook token authenticator plugin in the kube-apiserver.",
    required: ["spec"],
    gvk: gvk("TokenReview"),
  },
);

// ---- SelfSubjectReview ----------------------------------------------------------------------------------

export const selfSubjectReviewStatus = obj(authn("SelfSubjectReviewStatus"), { userInfo });

export const selfSubjectReviewSchema = obj(
  authn("SelfSubjectReview"),
  { ...typeMeta, metadata: objectMeta, status: selfSubjectReviewStatus },
  {
    description:
      "SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request. When using impersonation, users will receive the user info of the user being impersonated.  If impersonation or request header authentication is used, any extra keys will have their case ignored and returned as lowercase.",
    gvk: gvk("SelfSubjectReview"),
  },
);
