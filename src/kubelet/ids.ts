/** Stable identifiers derived from the pod and run, so a re-run reconcile produces the same values. */

/**
 * FNV-1a, 32 bits, followed by murmur3's finalizer so that similar inputs give unrelated outputs. The seeded
 * cluster derives its ids from this too: changing it changes every seeded id.
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Stable hex digest of a string (not cryptographic; only has to look like one and never change). */
export function stableHex(s: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += hash32(`${s}#${i}`).toString(16).padStart(8, "0");
  return out.slice(0, length);
}

export function containerIDFor(podUID: string, container: string, run: number): string {
  return `containerd://${stableHex(`${podUID}/${container}/${run}`, 64)}`;
}
