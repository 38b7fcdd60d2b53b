/**
 * Well-known container images: how a reference normalises (as containerd spells it in messages), which tags
 * exist, and what the image runs (ENTRYPOINT/CMD, shell flavour, programs, files). Unknown images run as a
 * silent application serving their declared container ports.
 */

import { perl } from "./perl";
import {
  agnhost,
  coredns,
  execEntrypoint,
  httpd,
  httpEcho,
  httpServer,
  liveness,
  mysqld,
  mysqlEntrypoint,
  NGINX_INDEX,
  nginx,
  nginxEntrypoint,
  pause,
  postgres,
  postgresEntrypoint,
  python,
  redis,
} from "./servers";
import { formatDate } from "./shell/date";
import type { Flavour, Program } from "./shell/interp";

export interface ImageRef {
  registry: string;
  /** Repository path within the registry ("library/nginx"). */
  repo: string;
  tag: string;
  digest?: string;
  /** The fully-qualified reference containerd prints ("docker.io/library/nginx:1.27"). */
  full: string;
}

/** Normalises a reference like containerd/docker: short names live under docker.io/library/. */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0];
  let registry = "docker.io";
  if (rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first === "index.docker.io" ? "docker.io" : first;
    rest = rest.slice(first.length + 1);
  }
  if (registry === "docker.io" && !rest.includes("/")) rest = `library/${rest}`;
  const name = `${registry}/${rest}`;
  const full = digest ? `${name}${tag ? `:${tag}` : ""}@${digest}` : `${name}:${tag ?? "latest"}`;
  return { registry, repo: rest, tag: tag ?? (digest ? "" : "latest"), digest, full };
}

export interface ImageProfile {
  entrypoint: string[];
  cmd: string[];
  env: [string, string][];
  flavour: Flavour;
  userland: "busybox" | "gnu";
  bash: boolean;
  /** The image has a shell and the usual utilities (distroless/scratch images do not). */
  utils: boolean;
  programs: Record<string, Program>;
  files: Record<string, string>;
  dirs: string[];
  workdir: string;
  /** Approximate compressed size (what the kubelet's "Successfully pulled" event reports). */
  sizeBytes: number;
}

interface ImageDef {
  /** Whether `tag` is a tag this repository really has. */
  tags: (tag: string) => boolean;
  profile: (ref: ImageRef) => ImageProfile;
}

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const MB = 1024 * 1024;

/** A version-shaped tag (1.27, 1.27.3, 1.27-alpine, 17.2-bookworm) whose major.minor lies in the range. */
function versionTags(minMajor: number, maxMajor: number, maxMinorOf: (major: number) => number, words: string[]) {
  const named = new Set(words);
  return (tag: string): boolean => {
    if (named.has(tag)) return true;
    const variant = tag.split("-").slice(1).join("-");
    if (variant && !/^[a-z][a-z0-9.-]*$/.test(variant)) return false;
    const base = tag.split("-")[0];
    if (named.has(base) && variant) return true;
    const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(base);
    if (!m) return false;
    const major = Number(m[1]);
    if (major < minMajor || major > maxMajor) return false;
    if (m[2] !== undefined && Number(m[2]) > maxMinorOf(major)) return false;
    if (m[3] !== undefined && Number(m[3]) > 30) return false;
    return true;
  };
}

const alpineTag = (ref: ImageRef) => /alpine/.test(ref.tag);

function base(over: Partial<ImageProfile>): ImageProfile {
  return {
    entrypoint: [],
    cmd: [],
    env: [["PATH", PATH]],
    flavour: "dash",
    userland: "gnu",
    bash: true,
    utils: true,
    programs: {},
    files: {},
    dirs: [],
    workdir: "/",
    sizeBytes: 30 * MB,
    ...over,
  };
}

function busyboxLike(sizeBytes: number, over: Partial<ImageProfile> = {}): ImageProfile {
  return base({ cmd: ["sh"], flavour: "ash", userland: "busybox", bash: false, sizeBytes, ...over });
}

/** The version a tag names, completed with `latest` for non-numeric tags ("alpine", "latest"). */
function versionOf(ref: ImageRef, latest: string, patches: Record<string, string> = {}): string {
  const m = /^(\d+(?:\.\d+)*)/.exec(ref.tag);
  if (!m) return latest;
  const v = m[1];
  if (patches[v]) return patches[v];
  if (latest.startsWith(`${v}.`)) return latest;
  return v.split(".").length >= 3 ? v : `${v}${".0".repeat(Math.max(0, 3 - v.split(".").length))}`;
}

const NGINX_LATEST = "1.29.1";

const DEFS: Record<string, ImageDef> = {
  "docker.io/library/nginx": {
    tags: versionTags(1, 1, () => 29, [
      "latest",
      "stable",
      "mainline",
      "alpine",
      "perl",
      "alpine-slim",
      "bookworm",
      "trixie",
    ]),
    profile: (ref) => {
      const version =
        ref.tag === "stable" ? "1.28.0" : versionOf(ref, NGINX_LATEST, { "1.28": "1.28.0", "1.27": "1.27.5" });
      const minor = Number(version.split(".")[1]);
      // Images before 1.19 had no /docker-entrypoint.sh and printed nothing at start.
      const modern = minor >= 19;
      const alpine = alpineTag(ref);
      const p = (alpine ? busyboxLike : base)(alpine ? 20 * MB : 72 * MB, {});
      return {
        ...p,
        entrypoint: modern ? ["/docker-entrypoint.sh"] : [],
        cmd: ["nginx", "-g", "daemon off;"],
        env: [
          ...p.env,
          ["NGINX_VERSION", version],
          ["NJS_VERSION", "0.9.1"],
          ["PKG_RELEASE", alpine ? "1" : "1~bookworm"],
        ],
        programs: {
          "docker-entrypoint.sh": nginxEntrypoint(modern),
          nginx: nginx(version, alpine, modern),
          "nginx-debug": nginx(version, alpine, modern),
        },
        files: {
          "/usr/share/nginx/html/index.html": NGINX_INDEX,
          "/usr/share/nginx/html/50x.html": "<!DOCTYPE html>\n",
        },
        dirs: [
          "/usr/share/nginx",
          "/usr/share/nginx/html",
          "/etc/nginx",
          "/etc/nginx/conf.d",
          "/var/log/nginx",
          "/docker-entrypoint.d",
        ],
      };
    },
  },
  "docker.io/library/httpd": {
    tags: versionTags(2, 2, () => 4, ["latest", "alpine", "bookworm"]),
    profile: (ref) => {
      const version = versionOf(ref, "2.4.65");
      return base({
        cmd: ["httpd-foreground"],
        env: [
          ["PATH", `/usr/local/apache2/bin:${PATH}`],
          ["HTTPD_PREFIX", "/usr/local/apache2"],
          ["HTTPD_VERSION", version],
        ],
        programs: { "httpd-foreground": httpd(version), httpd: httpd(version) },
        files: { "/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n" },
        dirs: ["/usr/local/apache2", "/usr/local/apache2/htdocs"],
        workdir: "/usr/local/apache2",
        sizeBytes: 58 * MB,
      });
    },
  },
  "docker.io/library/redis": {
    tags: versionTags(2, 8, (m) => (m === 8 ? 2 : 9), ["latest", "alpine", "bookworm"]),
    profile: (ref) => {
      const version = versionOf(ref, "8.2.1");
      const p = alpineTag(ref) ? busyboxLike(17 * MB) : base({ sizeBytes: 45 * MB });
      return {
        ...p,
        entrypoint: ["docker-entrypoint.sh"],
        cmd: ["redis-server"],
        programs: { "docker-entrypoint.sh": execEntrypoint(), "redis-server": redis(version) },
        dirs: ["/data"],
        workdir: "/data",
      };
    },
  },
  "docker.io/library/postgres": {
    tags: versionTags(9, 18, (m) => (m === 9 ? 6 : 9), ["latest", "alpine", "bookworm", "bullseye", "trixie"]),
    profile: (ref) => {
      const version = versionOf(ref, "17.6");
      const p = alpineTag(ref) ? busyboxLike(105 * MB) : base({ sizeBytes: 158 * MB });
      return {
        ...p,
        entrypoint: ["docker-entrypoint.sh"],
        cmd: ["postgres"],
        env: [
          ...p.env,
          ["PG_MAJOR", version.split(".")[0]],
          ["PG_VERSION", version],
          ["PGDATA", "/var/lib/postgresql/data"],
        ],
        programs: { "docker-entrypoint.sh": postgresEntrypoint(), postgres: postgres(version) },
        dirs: ["/var/lib/postgresql", "/var/lib/postgresql/data"],
      };
    },
  },
  "docker.io/library/mysql": {
    tags: versionTags(5, 9, (m) => (m === 5 ? 7 : m === 8 ? 4 : 5), [
      "latest",
      "lts",
      "innovation",
      "oracle",
      "oraclelinux9",
    ]),
    profile: (ref) => {
      const version = versionOf(ref, "9.4.0", { "8": "8.4.6", "8.4": "8.4.6", "8.0": "8.0.43", "5.7": "5.7.44" });
      return base({
        entrypoint: ["docker-entrypoint.sh"],
        cmd: ["mysqld"],
        flavour: "bash",
        env: [
          ["PATH", PATH],
          ["MYSQL_MAJOR", version.split(".").slice(0, 2).join(".")],
          ["MYSQL_VERSION", `${version}-1.el9`],
        ],
        programs: { "docker-entrypoint.sh": mysqlEntrypoint(version), mysqld: mysqld(version) },
        dirs: ["/var/lib/mysql"],
        sizeBytes: 235 * MB,
      });
    },
  },
  "docker.io/library/busybox": {
    tags: versionTags(1, 1, () => 37, ["latest", "stable", "musl", "glibc", "uclibc", "unstable"]),
    profile: () => busyboxLike(2 * MB),
  },
  "docker.io/library/alpine": {
    tags: versionTags(3, 3, () => 22, ["latest", "edge"]),
    profile: () => busyboxLike(4 * MB, { cmd: ["/bin/sh"] }),
  },
  "docker.io/library/ubuntu": {
    tags: (t) =>
      /^(latest|rolling|devel|noble|jammy|focal|bionic|xenial|trusty|oracular|plucky|questing)(-\d+)?$/.test(t) ||
      /^(1[4-9]|2[0-5])\.(04|10)(\.\d+)?$/.test(t),
    profile: () => base({ cmd: ["/bin/bash"], sizeBytes: 29 * MB }),
  },
  "docker.io/library/debian": {
    tags: (t) =>
      /^(latest|stable|oldstable|testing|unstable|sid|experimental|trixie|bookworm|bullseye|buster|stretch)(-slim|-backports)?(-\d{8})?$/.test(
        t,
      ) || /^(7|8|9|1[0-3])(\.\d+)?(-slim)?$/.test(t),
    profile: () => base({ cmd: ["bash"], sizeBytes: 48 * MB }),
  },
  "docker.io/library/perl": {
    tags: versionTags(5, 5, () => 42, ["latest", "slim", "threaded", "bookworm", "slim-bookworm"]),
    profile: () => base({ cmd: ["perl", "-de0"], programs: { perl }, sizeBytes: 330 * MB }),
  },
  "docker.io/library/python": {
    tags: versionTags(2, 3, (m) => (m === 2 ? 7 : 14), ["latest", "alpine", "slim", "bookworm", "slim-bookworm"]),
    profile: (ref) => ({
      ...(alpineTag(ref) ? busyboxLike(20 * MB) : base({ sizeBytes: 380 * MB })),
      cmd: ["python3"],
      programs: { python: python, python3: python },
    }),
  },
  "docker.io/library/node": {
    tags: versionTags(4, 24, () => 30, ["latest", "lts", "current", "alpine", "slim", "bookworm"]),
    profile: (ref) => ({
      ...(alpineTag(ref) ? busyboxLike(50 * MB) : base({ sizeBytes: 390 * MB })),
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["node"],
      programs: { "docker-entrypoint.sh": execEntrypoint(), node: () => 0 },
    }),
  },
  "registry.k8s.io/coredns/coredns": {
    tags: (t) => /^v1\.(\d|1[0-2])\.\d+$/.test(t),
    profile: (ref) =>
      base({
        entrypoint: ["/coredns"],
        utils: false,
        bash: false,
        programs: { "/coredns": coredns(ref.tag.replace(/^v/, "")), coredns: coredns(ref.tag.replace(/^v/, "")) },
        sizeBytes: 18 * MB,
      }),
  },
  "registry.k8s.io/pause": {
    tags: (t) => /^(3\.\d{1,2}|2\.0|1\.0|latest)$/.test(t),
    profile: () =>
      base({ entrypoint: ["/pause"], utils: false, bash: false, programs: { pause }, sizeBytes: 320 * 1024 }),
  },
  "docker.io/hashicorp/http-echo": {
    tags: (t) => /^(latest|(0|1)\.\d+(\.\d+)?)$/.test(t),
    profile: () =>
      base({
        entrypoint: ["/http-echo"],
        utils: false,
        bash: false,
        programs: { "http-echo": httpEcho },
        sizeBytes: 3 * MB,
      }),
  },
  "registry.k8s.io/e2e-test-images/agnhost": {
    tags: (t) => /^(latest|2\.\d{1,2})$/.test(t),
    profile: () => busyboxLike(55 * MB, { entrypoint: ["/agnhost"], cmd: [], programs: { agnhost } }),
  },
  "registry.k8s.io/liveness": {
    tags: () => true,
    profile: () =>
      base({
        entrypoint: [],
        cmd: ["/server"],
        utils: false,
        bash: false,
        programs: { server: liveness },
        sizeBytes: 4 * MB,
      }),
  },
  "docker.io/kicbase/echo-server": {
    tags: (t) => /^(latest|1\.0|2\.\d)$/.test(t),
    profile: () =>
      base({
        entrypoint: ["echo-server"],
        utils: false,
        bash: false,
        programs: { "echo-server": httpServer(8080, () => "Echo server listening on port 8080.") },
        sizeBytes: 2 * MB,
      }),
  },
  "registry.k8s.io/echoserver": {
    tags: () => true,
    profile: () =>
      base({ cmd: ["/usr/local/bin/run.sh"], programs: { "run.sh": httpServer(8080) }, sizeBytes: 46 * MB }),
  },
  "us-docker.pkg.dev/google-samples/containers/gke/hello-app": {
    tags: (t) => /^(latest|1\.0|2\.0)$/.test(t),
    profile: () =>
      base({
        cmd: ["./hello-app"],
        utils: false,
        bash: false,
        programs: {
          "hello-app": httpServer(
            8080,
            (ms) => `${formatDate(ms, "%Y/%m/%d %H:%M:%S")} Server listening on port 8080`,
            "stderr",
          ),
        },
        sizeBytes: 4 * MB,
      }),
  },
  "docker.io/traefik/whoami": {
    tags: () => true,
    profile: () =>
      base({
        entrypoint: ["/whoami"],
        utils: false,
        bash: false,
        programs: {
          whoami: httpServer(80, (ms) => `${formatDate(ms, "%Y/%m/%d %H:%M:%S")} Starting up on port 80`, "stderr"),
        },
        sizeBytes: 3 * MB,
      }),
  },
  "docker.io/nginxdemos/hello": {
    tags: () => true,
    profile: (ref) => ({ ...DEFS["docker.io/library/nginx"].profile({ ...ref, tag: "latest" }), sizeBytes: 10 * MB }),
  },
};

/** Other names for the same repositories. */
const ALIASES: Record<string, string> = {
  "k8s.gcr.io/pause": "registry.k8s.io/pause",
  "gcr.io/google-containers/pause": "registry.k8s.io/pause",
  "gcr.io/google_containers/pause": "registry.k8s.io/pause",
  "registry.k8s.io/busybox": "docker.io/library/busybox",
  "k8s.gcr.io/busybox": "docker.io/library/busybox",
  "gcr.io/google-containers/busybox": "docker.io/library/busybox",
  "registry.k8s.io/e2e-test-images/busybox": "docker.io/library/busybox",
  "k8s.gcr.io/e2e-test-images/agnhost": "registry.k8s.io/e2e-test-images/agnhost",
  "k8s.gcr.io/liveness": "registry.k8s.io/liveness",
  "k8s.gcr.io/echoserver": "registry.k8s.io/echoserver",
  "gcr.io/google-samples/hello-app": "us-docker.pkg.dev/google-samples/containers/gke/hello-app",
  "registry.k8s.io/e2e-test-images/nginx": "docker.io/library/nginx",
  "docker.io/ealen/echo-server": "docker.io/kicbase/echo-server",
  "docker.io/jmalloc/echo-server": "docker.io/kicbase/echo-server",
  "mirror.gcr.io/library/nginx": "docker.io/library/nginx",
  "mirror.gcr.io/library/busybox": "docker.io/library/busybox",
};

function lookup(ref: ImageRef): { key: string; def: ImageDef } | undefined {
  const name = `${ref.registry}/${ref.repo}`;
  const key = ALIASES[name] ?? name;
  const def = DEFS[key];
  return def ? { key, def } : undefined;
}

/** The profile of a known image; undefined for images the simulator does not know. */
export function imageProfile(ref: ImageRef): ImageProfile | undefined {
  const found = lookup(ref);
  if (!found) return undefined;
  // Aliased busybox/nginx tags (registry.k8s.io/busybox:1.24, e2e nginx:1.14-2) are real; use the default.
  const tagged = found.def.tags(ref.tag) ? ref : { ...ref, tag: "latest" };
  return found.def.profile(tagged);
}

/** Known repository: whether the tag exists; undefined when the repository is not in the table. */
export function knownTag(ref: ImageRef): boolean | undefined {
  const found = lookup(ref);
  if (!found) return undefined;
  if (ref.digest && !ref.tag) return true;
  return found.def.tags(ref.tag);
}

/** A profile for an unknown image: a busybox-like filesystem, the app as entrypoint. */
export function unknownProfile(): ImageProfile {
  return busyboxLike(0, { cmd: [] });
}
