/** What controllers get to work with: the registry-backed store, the cluster clock and the event recorder. */
import type { ResourceStore } from "../apiserver/resource-store";
import type { KObject } from "../kube/object";
import type { KindDeclaration } from "../kube/registry/kind";
import type { Registry } from "../kube/registry/registry";
import type { Clock } from "./clock";
import type { EventRecorder } from "./events";

export interface ControllerContext {
  store: ResourceStore;
  registry: Registry;
  clock: Clock;
  events: EventRecorder;
  /**
   * Deterministic randomness per cluster (seeded from the cluster's name): scheduler tie-breaks and
   * anything else that must look random yet replay the same way. Returns [0, 1).
   */
  random: () => number;
  /** Asks a controller to look at a key (e.g. the scheduler retrying pending pods when a node changes). */
  enqueue: (controller: string, key: string, delayMs?: number) => void;
}

/** Storage keys look like `<group|core>/<plural>/<namespace>/<name>`. */
export function parseKey(
  registry: Registry,
  key: string,
): { decl: KindDeclaration; namespace?: string; name: string } | undefined {
  const parts = key.split("/");
  if (parts.length !== 4) return undefined;
  const [g, plural, ns, name] = parts;
  const group = g === "core" ? "" : g;
  const decl = registry.byResource(group, plural);
  if (!decl) return undefined;
  return { decl, namespace: ns || undefined, name };
}

export { groupOfApiVersion } from "../kube/object";

export function hasFinalizer(o: KObject, f: string): boolean {
  return (o.metadata.finalizers ?? []).includes(f);
}

/** The declaration of a built-in resource; throws when missing (a programming error, not user input). */
export function declOf(registry: Registry, group: string, plural: string): KindDeclaration {
  const d = registry.byResource(group, plural);
  if (!d) throw new Error(`no kind for ${group}/${plural}`);
  return d;
}

/** A seeded PRNG (mulberry32) from a string seed. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The HTTP code of a store error (StatusError.code), if it has one. */
export function codeOf(e: unknown): number | undefined {
  return e instanceof Error && "code" in e ? Number((e as { code: unknown }).code) : undefined;
}

/** Runs a write, ignoring the listed HTTP codes (404 gone, 409 raced...): the next reconcile sees the truth. */
export function tolerate<T>(codes: number[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (codes.includes(codeOf(e) ?? 0)) return undefined;
    throw e;
  }
}
