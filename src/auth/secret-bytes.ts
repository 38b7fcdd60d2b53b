/**
 * Bytes of secrets: comparing them (tokens, HMACs, token hashes) without an early exit, so the time taken does
 * not reveal how much of a guess was right, and writing them out (hex, base64url). Plain loops: the same code
 * runs in Workers and Node.
 */
const encoder = new TextEncoder();

/** Equal bytes? Runs over the longer input, so not even a length mismatch ends the loop early. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  const len = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < len; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Equal strings, compared as UTF-8 bytes. */
export function equalStrings(a: string, b: string): boolean {
  return equalBytes(encoder.encode(a), encoder.encode(b));
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** RFC 4648 §5 without padding: what API tokens and webhook secrets are made of. */
export function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
