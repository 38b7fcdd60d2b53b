/**
 * Authenticating a request by a ServiceAccount token this cluster issued (TokenRequest), as kube-apiserver's
 * service-account JWT authenticator does: signature, issuer and expiry; an audience the API server accepts
 * (its default API audience is the issuer, which is also TokenRequest's default); and the ServiceAccount
 * must still exist with the uid the token was issued for. Every failure is the same bare 401, as kube
 * never tells a client why its credentials were refused.
 */
import { unauthorized } from "../kube/errors";
import type { KObject } from "../kube/object";
import type { UserInfo } from "./server";
import { SERVICE_ACCOUNT_ISSUER, type ServiceAccountTokens } from "./serviceaccount-tokens";

/** kube-apiserver's --api-audiences default: the service account issuer. */
export const API_AUDIENCE = SERVICE_ACCOUNT_ISSUER;

/** The extra key naming which credential authenticated the request (serviceaccount.CredentialIDKey). */
export const CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

/** A ServiceAccount whose deletion began this long ago no longer authenticates (kube's grace for racing). */
const DELETED_GRACE_MS = 60_000;

export type ServiceAccountLookup = (
  namespace: string,
  name: string,
) => KObject | undefined | Promise<KObject | undefined>;

/**
 * The user a ServiceAccount token authenticates: `system:serviceaccount:<ns>:<name>`, the account's uid, the
 * groups system:serviceaccounts, system:serviceaccounts:<ns> and system:authenticated, and the token's
 * credential id (`JTI=<jti>`) as extra. Throws the 401 StatusError otherwise.
 */
export async function authenticateServiceAccountToken(
  token: string,
  tokens: ServiceAccountTokens,
  lookupServiceAccount: ServiceAccountLookup,
  now: number = Date.now(),
): Promise<UserInfo> {
  let verified: Awaited<ReturnType<ServiceAccountTokens["verify"]>>;
  try {
    verified = await tokens.verify(token, [API_AUDIENCE]);
  } catch {
    throw unauthorized();
  }
  if (!verified.namespace || !verified.name || !verified.uid) throw unauthorized();
  const account = await lookupServiceAccount(verified.namespace, verified.name);
  if (!account || account.metadata.uid !== verified.uid) throw unauthorized();
  const deleting = account.metadata.deletionTimestamp;
  if (typeof deleting === "string" && Date.parse(deleting) < now - DELETED_GRACE_MS) throw unauthorized();
  const user: UserInfo = { username: verified.username, uid: verified.uid, groups: verified.groups };
  if (verified.jti) user.extra = { [CREDENTIAL_ID_KEY]: [`JTI=${verified.jti}`] };
  return user;
}
