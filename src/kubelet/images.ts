/**
 * Image references as containerd reports them: `nginx:1.21` is `docker.io/library/nginx:1.21` in container
 * statuses and node images, and its imageID is `docker.io/library/nginx@sha256:<digest>`.
 */

export interface ImageRef {
  /** Repository with registry, e.g. docker.io/library/nginx. */
  repo: string;
  /** Tag (default "latest"), empty when the reference pins a digest only. */
  tag: string;
  digest?: string;
}

/** Parses a Docker-style reference the way containerd's reference.ParseDockerRef normalises it. */
export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = "";
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0];
  const hasRegistry = rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  let repo = hasRegistry ? rest : `docker.io/${rest}`;
  if (repo.startsWith("docker.io/") && repo.split("/").length === 2) repo = `docker.io/library/${repo.slice(10)}`;
  if (!tag && !digest) tag = "latest";
  return { repo, tag, digest };
}

/** The name a container status shows once the runtime knows the image (`docker.io/library/nginx:1.21`). */
export function normalizedImage(image: string): string {
  const r = parseImage(image);
  return r.tag ? `${r.repo}:${r.tag}` : `${r.repo}@${r.digest}`;
}

/** `sha256:<hex>` whatever form the digest came in. */
export function sha256Digest(digest: string): string {
  return digest.startsWith("sha256:") ? digest : `sha256:${digest}`;
}

export function imageIDOf(image: string, digest: string): string {
  return `${parseImage(image).repo}@${sha256Digest(digest)}`;
}

export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

/** The node.status.images entry holding `image`, if the node has it (any of its names matches). */
export function findNodeImage(images: NodeImage[] | undefined, image: string): NodeImage | undefined {
  const want = new Set([image, normalizedImage(image)]);
  const r = parseImage(image);
  if (r.digest) want.add(`${r.repo}@${sha256Digest(r.digest)}`);
  return (images ?? []).find((i) => i.names.some((n) => want.has(n)));
}

/**
 * node.status.images after pulling `image`: names [repo@digest, repo:tag] like the kubelet lists them, the
 * list sorted by size (largest first) and capped at the kubelet's default of 50 images.
 */
export function withPulledImage(images: NodeImage[] | undefined, image: string, digest: string, sizeBytes: number) {
  const names = [imageIDOf(image, digest), normalizedImage(image)];
  const list = (images ?? []).map((i) => ({ ...i, names: [...i.names] }));
  const existing = list.find((i) => i.names.includes(names[0]));
  if (existing) {
    if (existing.names.includes(names[1])) return undefined;
    existing.names.push(names[1]);
  } else {
    list.push({ names, sizeBytes });
  }
  list.sort((a, b) => b.sizeBytes - a.sizeBytes);
  return list.slice(0, 50);
}

/** Go's time.Duration.String() for a whole number of milliseconds ("2.345s", "500ms", "1m5.2s"). */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${s.toFixed(3).replace(/\.?0+$/, "")}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
