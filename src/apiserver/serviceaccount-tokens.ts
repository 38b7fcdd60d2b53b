/**
 * ServiceAccount tokens (TokenRequest, `kubectl create token`): JWTs signed with the cluster's own ES256 key,
 * with the claims kube-apiserver puts in them. The key pair is generated on first use and kept in the
 * cluster's storage; tokens verify only against that cluster's key.
 */
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import { serviceAccountGroups, serviceAccountUsername } from "../kube/rbac/types";

export interface TokenClaims {
  namespace: string;
  name: string;
  uid: string;
  audiences: string[];
  issuedAt: number;
  expiresAt: number;
}

export interface VerifiedToken {
  username: string;
  uid: string;
  groups: string[];
  audiences: string[];
  namespace: string;
  name: string;
  /** The token's id (`jti`), which kube reports as the credential id. */
  jti?: string;
}

export interface KeyStorage {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
}

export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
/**
 * Private claim naming the issuing cluster (by id). The Worker reads it, unverified, only to route the token
 * to that cluster, which verifies the signature with its own key: a forged claim reaches a cluster whose key
 * does not match, and fails there.
 */
export const SA_CLUSTER_CLAIM = "edgeplane.dev/cluster";

export class ServiceAccountTokens {
  readonly issuer = SERVICE_ACCOUNT_ISSUER;
  private keys?: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; kid: string }>;

  constructor(
    private readonly storage: KeyStorage,
    private readonly clusterId: () => string | undefined = () => undefined,
  ) {}

  private loadKeys() {
    this.keys ??= (async () => {
      const saved = this.storage.getSetting("serviceaccount_signing_key");
      if (saved) {
        const jwk = JSON.parse(saved) as JWK & { kid: string };
        const privateKey = (await importJWK(jwk, "ES256")) as CryptoKey;
        const { d: _d, ...pub } = jwk;
        const publicKey = (await importJWK(pub, "ES256")) as CryptoKey;
        return { privateKey, publicKey, kid: jwk.kid };
      }
      const pair = await generateKeyPair("ES256", { extractable: true });
      const jwk = await exportJWK(pair.privateKey);
      const kid = crypto.randomUUID();
      this.storage.setSetting("serviceaccount_signing_key", JSON.stringify({ ...jwk, kid }));
      return { privateKey: pair.privateKey, publicKey: pair.publicKey, kid };
    })();
    return this.keys;
  }

  async issue(c: TokenClaims): Promise<string> {
    const { privateKey, kid } = await this.loadKeys();
    const cluster = this.clusterId();
    return new SignJWT({
      "kubernetes.io": { namespace: c.namespace, serviceaccount: { name: c.name, uid: c.uid } },
      ...(cluster ? { [SA_CLUSTER_CLAIM]: cluster } : {}),
    })
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer(this.issuer)
      .setSubject(`system:serviceaccount:${c.namespace}:${c.name}`)
      .setAudience(c.audiences)
      .setIssuedAt(Math.floor(c.issuedAt / 1000))
      .setNotBefore(Math.floor(c.issuedAt / 1000))
      .setExpirationTime(Math.floor(c.expiresAt / 1000))
      .setJti(crypto.randomUUID())
      .sign(privateKey);
  }

  /** Verifies a token issued by this cluster (signature, issuer, expiry, audience when given). */
  async verify(token: string, audiences?: string[]): Promise<VerifiedToken> {
    const { publicKey } = await this.loadKeys();
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: this.issuer,
      algorithms: ["ES256"],
      audience: audiences && audiences.length > 0 ? audiences : undefined,
    });
    const k8s = payload["kubernetes.io"] as { namespace?: string; serviceaccount?: { name?: string; uid?: string } };
    const ns = String(k8s?.namespace ?? "");
    const name = String(k8s?.serviceaccount?.name ?? "");
    return {
      username: serviceAccountUsername(ns, name),
      uid: String(k8s?.serviceaccount?.uid ?? ""),
      groups: [...serviceAccountGroups(ns), "system:authenticated"],
      audiences: Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [],
      namespace: ns,
      name,
      jti: typeof payload.jti === "string" ? payload.jti : undefined,
    };
  }
}
