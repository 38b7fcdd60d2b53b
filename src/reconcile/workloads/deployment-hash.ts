/**
 * The pod-template-hash of a Deployment's ReplicaSets (controller.ComputeHash): FNV-32a over the pod template,
 * then the collisionCount as 8 little-endian bytes when set, printed in decimal and passed through
 * rand.SafeEncodeString, so hashes look exactly like kube's (`7c5ddbdf54`: digits map onto "bcdfg…").
 *
 * Simplification: kube feeds FNV with go-spew's `%#v` dump of the Go PodTemplateSpec struct (every field, typed,
 * zero values included), which cannot be reproduced without Go's type definitions. We hash a canonical JSON
 * rendering instead (keys sorted, empty values dropped): stable across restarts and versions, deterministic,
 * and different whenever the template differs, but not byte-identical to a real cluster's hash.
 */

const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** rand.SafeEncodeString: each byte picks a character that cannot spell words. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Sorted-key JSON without null/undefined/empty values, so equivalent templates hash alike. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(o).sort()) {
      const x = o[k];
      if (x === undefined || x === null) continue;
      if (typeof x === "object" && Object.keys(x).length === 0) continue;
      parts.push(`${JSON.stringify(k)}:${canonicalJson(x)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(v);
}

export function computeHash(template: unknown, collisionCount?: number): string {
  const data = new TextEncoder().encode(canonicalJson(template ?? {}));
  let h = fnv32a(data);
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  return safeEncodeString(String(h));
}
