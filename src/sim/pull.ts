/**
 * Image pulls: whether a reference can be pulled, how long it takes and what it weighs, all derived from the
 * name so every node agrees. Failures carry containerd's own messages (the kubelet prefixes them with
 * `Failed to pull image "…": `).
 */

import { parseGoDuration } from "../kube/duration";
import { CONTAINER_ANNOTATIONS, containerAnnotation } from "./annotations";
import { imageProfile, knownTag, parseImageRef } from "./images";
import { OFFICIAL_IMAGES } from "./official-images";
import type { PullOutcome } from "./program";
import { hash } from "./shell/interp";

/** Names that announce they do not exist (tutorials' ErrImagePull demos). */
const NONEXISTENT = /nonexist|doesnotexist|does-not-exist|doesntexist|invalid|notfound|not-found|no-such|bogus/i;

/** 64 hex digits derived from `s`: a stable stand-in for the manifest digest. */
export function fakeDigest(s: string): string {
  let out = "";
  for (let i = 0; out.length < 64; i++) out += hash(`${i}:${s}`).toString(16).padStart(8, "0");
  return `sha256:${out.slice(0, 64)}`;
}

function failure(image: string): string {
  const ref = parseImageRef(image);
  const known = knownTag(ref) !== undefined;
  const head = `failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}"`;
  // Docker Hub answers "access denied" for repositories that do not exist (it cannot tell them from private ones).
  if (ref.registry === "docker.io" && !known) {
    return `rpc error: code = Unknown desc = ${head}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  return `rpc error: code = NotFound desc = ${head}: ${ref.full}: not found`;
}

/**
 * Outcome of pulling `image` for a pod with `annotations` (for `container`, whose per-container annotation
 * keys win over pod-wide ones).
 */
export function pullOutcome(image: string, annotations: Record<string, string>, container?: string): PullOutcome {
  const ref = parseImageRef(image);
  const forced = containerAnnotation(annotations, CONTAINER_ANNOTATIONS.imagePull, container) === "fail";
  const notOfficial =
    ref.registry === "docker.io" && ref.repo.startsWith("library/") && !OFFICIAL_IMAGES.has(ref.repo.slice(8));
  if (forced || notOfficial || NONEXISTENT.test(`${ref.repo}:${ref.tag}`) || knownTag(ref) === false || !image.trim()) {
    return { ok: false, message: failure(image) };
  }
  const h = hash(ref.full);
  const delay = containerAnnotation(annotations, CONTAINER_ANNOTATIONS.pullDelay, container);
  const override = delay !== undefined ? parseGoDuration(delay) : undefined;
  const pullMs = override ?? 1000 + (h % 5000);
  const profileSize = imageProfile(ref)?.sizeBytes;
  const sizeBytes = profileSize
    ? profileSize + (h % 1_000_000)
    : 5 * 1024 * 1024 + (hash(`size:${ref.full}`) % (195 * 1024 * 1024));
  return { ok: true, pullMs, sizeBytes, digest: ref.digest?.startsWith("sha256:") ? ref.digest : fakeDigest(ref.full) };
}
