/** Timestamps and generated names as the API server writes them. */

/** metav1.Time serialises to RFC 3339 with second precision: 2026-11-28T02:45:09Z. */
export function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function rfc3339Micro(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

// k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot spell words.
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

export function randomString(n: number): string {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += ALPHANUMS[b % ALPHANUMS.length];
  return out;
}

/** names.SimpleNameGenerator: the prefix (cut to fit 63 characters) plus five random characters. */
export function generateName(prefix: string): string {
  const max = 63 - 5;
  return (prefix.length > max ? prefix.slice(0, max) : prefix) + randomString(5);
}
