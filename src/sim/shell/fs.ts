/**
 * The container's writable filesystem as a script sees it: regular files with their text and directories.
 * Image files that matter to scripts and probes (/etc/hostname, nginx's index.html, …) are seeded; every
 * other path is absent. Parent directories are not enforced (volumes may be mounted anywhere, and the
 * simulator does not know the mounts), so writing /data/x works without `mkdir /data`.
 */

export type FsEvent = { at: number; path: string; content: string | null; dir?: boolean };

export class Fs {
  readonly files: Map<string, string>;
  readonly dirs: Set<string>;

  constructor(files?: Map<string, string>, dirs?: Set<string>) {
    this.files = files ?? new Map();
    this.dirs = dirs ?? new Set(["/", "/tmp", "/etc", "/root", "/var", "/usr", "/bin", "/dev", "/proc", "/home"]);
  }

  clone(): Fs {
    return new Fs(new Map(this.files), new Set(this.dirs));
  }

  /** Same files with the same contents and the same directories (periodic-loop detection). */
  equals(o: Fs): boolean {
    if (this.files.size !== o.files.size || this.dirs.size !== o.dirs.size) return false;
    // Lengths first: comparing two long different strings would flatten them (growing log files).
    for (const [k, v] of this.files) {
      const w = o.files.get(k);
      if (w === undefined || w.length !== v.length || w !== v) return false;
    }
    for (const d of this.dirs) if (!o.dirs.has(d)) return false;
    return true;
  }

  apply(e: FsEvent): void {
    if (e.dir) {
      if (e.content === null) this.dirs.delete(e.path);
      else this.dirs.add(e.path);
      return;
    }
    if (e.content === null) this.files.delete(e.path);
    else this.files.set(e.path, e.content);
  }

  isDir(p: string): boolean {
    return this.dirs.has(p);
  }

  exists(p: string): boolean {
    return this.files.has(p) || this.dirs.has(p) || DEVICES.has(p);
  }

  /** Names directly inside directory `p` (ls). */
  list(p: string): string[] {
    const prefix = p === "/" ? "/" : `${p}/`;
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k.startsWith(prefix) && k !== p) {
        const rest = k.slice(prefix.length);
        if (rest) names.add(rest.split("/")[0]);
      }
    }
    return [...names].sort();
  }
}

export const DEVICES = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/zero", "/dev/urandom", "/dev/random"]);

/** Resolves `p` against `cwd` and normalises `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, p: string): string {
  const abs = p.startsWith("/") ? p : `${cwd}/${p}`;
  const out: string[] = [];
  for (const seg of abs.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}
