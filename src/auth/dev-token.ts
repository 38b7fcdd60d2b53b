/**
 * The development token (`npm start` generates it into .edgeplane/dev-token): the `local` tenant's owner,
 * and inside its clusters kind's kubernetes-admin. authenticate.ts recognises it, comparing in constant time.
 */
import type { Identity } from "./identity";

export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1].trim() : undefined;
}

/** The identity the development token stands for: a cluster administrator (kind's kubernetes-admin). */
export const DEV_IDENTITY: Identity = {
  username: "kubernetes-admin",
  groups: ["kubeadm:cluster-admins", "system:authenticated"],
};
