/**
 * The standard utilities scripts call (busybox applets / coreutils), with their error messages in the
 * flavour of the image's userland: busybox says `cat: can't open 'x': No such file or directory`, GNU
 * coreutils says `cat: x: No such file or directory`.
 */
import { DEFAULT_DATE_FORMAT, formatDate, isoDate } from "./date";
import { resolvePath } from "./fs";
import { ExitSignal, type Flavour, type Program, Shell } from "./interp";
import { parseScript } from "./parse";
import { Forever } from "./world";

const bb = (sh: Shell) => sh.sys.userland === "busybox";
const err = (sh: Shell, s: string) => sh.io.err.write(`${s}\n`);
const out = (sh: Shell, s: string) => sh.io.out.write(s);
const path = (sh: Shell, p: string) => resolvePath(sh.cwd, p);

/** Backslash escapes of `echo -e` and printf; returns the text and whether \c stopped output. */
export function unescapeBackslashes(s: string): { text: string; stop: boolean } {
  let text = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\" || i === s.length - 1) {
      text += s[i];
      continue;
    }
    const c = s[++i];
    const map: Record<string, string> = {
      n: "\n",
      t: "\t",
      r: "\r",
      a: "\x07",
      b: "\b",
      f: "\f",
      v: "\v",
      e: "\x1b",
      "\\": "\\",
    };
    if (c in map) text += map[c];
    else if (c === "c") return { text, stop: true };
    else if (c === "0" || /[1-7]/.test(c)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(c === "0" ? i + 1 : i)) ?? ["0"];
      text += String.fromCharCode(Number.parseInt(m[0] || "0", 8));
      i += (c === "0" ? 0 : -1) + (m[0]?.length ?? 0);
    } else if (c === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (m) {
        text += String.fromCharCode(Number.parseInt(m[0], 16));
        i += m[0].length;
      } else text += "\\x";
    } else text += `\\${c}`;
  }
  return { text, stop: false };
}

const echo: Program = (sh, argv) => {
  let args = argv.slice(1);
  let newline = true;
  let escapes = sh.flavour === "dash";
  while (args.length && /^-[neE]+$/.test(args[0])) {
    if (sh.flavour === "dash" && args[0] !== "-n") break;
    for (const f of args[0].slice(1)) {
      if (f === "n") newline = false;
      if (f === "e") escapes = true;
      if (f === "E") escapes = false;
    }
    args = args.slice(1);
  }
  let text = args.join(" ");
  if (escapes) {
    const u = unescapeBackslashes(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  out(sh, newline ? `${text}\n` : text);
  return 0;
};

const printf: Program = (sh, argv) => {
  if (argv.length < 2) {
    err(sh, "printf: usage: printf format [arguments]");
    return 2;
  }
  const fmt = argv[1];
  const args = argv.slice(2);
  let status = 0;
  let ai = 0;
  let result = "";
  do {
    const start = ai;
    let stop = false;
    result += fmt.replace(
      /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiouxXfgecb%])|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g,
      (m, flags, width, prec, conv) => {
        if (stop) return "";
        if (m.startsWith("\\")) {
          const u = unescapeBackslashes(m);
          if (u.stop) stop = true;
          return u.text;
        }
        if (conv === "%") return "%";
        const w = width === "*" ? Number(args[ai++] ?? 0) : Number(width ?? 0);
        const a = args[ai++];
        let v: string;
        switch (conv) {
          case "s":
            v = a ?? "";
            if (prec !== undefined) v = v.slice(0, Number(prec));
            break;
          case "b":
            v = unescapeBackslashes(a ?? "").text;
            break;
          case "c":
            v = (a ?? "").slice(0, 1);
            break;
          case "f":
          case "g":
          case "e": {
            const n = Number(a ?? 0);
            v =
              conv === "f"
                ? n.toFixed(prec === undefined ? 6 : Number(prec))
                : conv === "e"
                  ? n.toExponential(6)
                  : String(n);
            break;
          }
          default: {
            const raw = a ?? "0";
            let n = /^[-+]?\d+$/.test(raw.trim()) ? Number(raw) : /^'./.test(raw) ? raw.charCodeAt(1) : Number.NaN;
            if (Number.isNaN(n)) {
              err(sh, `printf: invalid number '${raw}'`);
              status = 1;
              n = 0;
            }
            v =
              conv === "x"
                ? n.toString(16)
                : conv === "X"
                  ? n.toString(16).toUpperCase()
                  : conv === "o"
                    ? n.toString(8)
                    : String(Math.trunc(n));
            if (flags.includes("+") && n >= 0) v = `+${v}`;
          }
        }
        if (v.length < w) {
          if (flags.includes("-")) v = v.padEnd(w);
          else if (flags.includes("0") && /[dioxXf]/.test(conv))
            v = v.startsWith("-") ? `-${v.slice(1).padStart(w - 1, "0")}` : v.padStart(w, "0");
          else v = v.padStart(w);
        }
        return v;
      },
    );
    if (stop || ai === start) break;
  } while (ai < args.length);
  out(sh, result);
  return status;
};

/** test / [ : returns 0 (true), 1 (false) or 2 (error). */
const test: Program = (sh, argv) => {
  let args = argv.slice(1);
  if (argv[0] === "[[") {
    if (args[args.length - 1] !== "]]") {
      err(sh, `${sh.errPrefix()}syntax error: unexpected end of file (expecting "]]")`);
      return 2;
    }
    args = args.slice(0, -1).map((a) => (a === "&&" ? "-a" : a === "||" ? "-o" : a));
  } else if (argv[0] === "[") {
    if (args[args.length - 1] !== "]") {
      err(sh, `${sh.errPrefix()}[: missing ]`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  const num = (s: string): number => {
    if (/^\s*-?\d+\s*$/.test(s)) return Number(s);
    const msg =
      sh.flavour === "bash"
        ? `${sh.errPrefix()}${argv[0]}: ${s}: integer expression expected`
        : sh.flavour === "dash"
          ? `${sh.errPrefix()}${argv[0]}: Illegal number: ${s}`
          : `${sh.errPrefix()}${s}: bad number`;
    throw new TestError(msg);
  };
  const fs = sh.world.fs;
  const unary = (op: string, a: string): boolean => {
    const p = path(sh, a);
    switch (op) {
      case "-z":
        return a === "";
      case "-n":
        return a !== "";
      case "-e":
      case "-r":
      case "-w":
        return fs.exists(p);
      case "-f":
        return fs.files.has(p);
      case "-d":
        return fs.isDir(p);
      case "-s":
        return (fs.files.get(p) ?? "").length > 0;
      case "-x":
        return fs.isDir(p) || sh.findProgram(a) !== undefined;
      case "-L":
      case "-h":
        return false;
      case "-t":
        return false;
    }
    throw new TestError(`${sh.errPrefix()}${argv[0]}: ${op}: unary operator expected`);
  };
  const binary = (a: string, op: string, b: string): boolean | undefined => {
    switch (op) {
      case "=":
      case "==":
        return a === b;
      case "!=":
        return a !== b;
      case "-eq":
        return num(a) === num(b);
      case "-ne":
        return num(a) !== num(b);
      case "-lt":
        return num(a) < num(b);
      case "-le":
        return num(a) <= num(b);
      case "-gt":
        return num(a) > num(b);
      case "-ge":
        return num(a) >= num(b);
      case "<":
        return a < b;
      case ">":
        return a > b;
    }
    return undefined;
  };
  const evalExpr = (a: string[]): boolean => {
    const orAt = a.indexOf("-o");
    if (orAt > 0) return evalExpr(a.slice(0, orAt)) || evalExpr(a.slice(orAt + 1));
    const andAt = a.indexOf("-a");
    if (andAt > 0) return evalExpr(a.slice(0, andAt)) && evalExpr(a.slice(andAt + 1));
    if (a[0] === "!" && a.length > 1) return !evalExpr(a.slice(1));
    if (a[0] === "(" && a[a.length - 1] === ")") return evalExpr(a.slice(1, -1));
    switch (a.length) {
      case 0:
        return false;
      case 1:
        return a[0] !== "";
      case 2:
        return unary(a[0], a[1]);
      case 3: {
        const r = binary(a[0], a[1], a[2]);
        if (r !== undefined) return r;
        throw new TestError(`${sh.errPrefix()}${argv[0]}: ${a[1]}: binary operator expected`);
      }
    }
    throw new TestError(`${sh.errPrefix()}${argv[0]}: syntax error`);
  };
  try {
    return evalExpr(args) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) {
      sh.io.err.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
};

class TestError extends Error {}

/** Seconds in a sleep argument: busybox and coreutils accept fractions and s/m/h/d suffixes, and "inf". */
export function sleepSeconds(arg: string): number | undefined {
  if (/^\+?inf(inity)?$/i.test(arg)) return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
  return Number(m[1]) * mult;
}

const sleep: Program = (sh, argv) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    err(sh, bb(sh) ? "sleep: missing operand" : "sleep: missing operand\nTry 'sleep --help' for more information.");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const s = sleepSeconds(a);
    if (s === undefined) {
      err(
        sh,
        bb(sh)
          ? `sleep: invalid number '${a}'`
          : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.`,
      );
      return 1;
    }
    total += s;
  }
  // `sleep` has no SIGTERM handler: as PID 1 the signal is ignored and only SIGKILL ends it.
  if (total === Number.POSITIVE_INFINITY) throw new Forever("program", undefined, false);
  sh.world.now += Math.round(total * 1000);
  return 0;
};

const date: Program = (sh, argv) => {
  sh.world.usesTime();
  const tz = sh.vars.get("TZ");
  let utc = false;
  let fmt: string | undefined;
  let iso: string | undefined;
  for (const a of argv.slice(1)) {
    if (a === "-u" || a === "--utc") utc = true;
    else if (a.startsWith("+")) fmt = a.slice(1);
    else if (a === "-R" || a === "--rfc-email") fmt = "%a, %d %b %Y %H:%M:%S %z";
    else if (a.startsWith("-I")) iso = a.slice(2);
    else if (a.startsWith("--iso-8601")) iso = a.split("=")[1] ?? "";
  }
  const zone = utc ? undefined : tz;
  out(
    sh,
    `${iso !== undefined ? isoDate(sh.world.now, iso, zone) : formatDate(sh.world.now, fmt ?? DEFAULT_DATE_FORMAT, zone)}\n`,
  );
  return 0;
};

function readFile(sh: Shell, name: string, tool: string): string | undefined {
  const p = path(sh, name);
  if (name === "-") return sh.io.stdin;
  if (p === "/dev/null") return "";
  if (p === "/proc/uptime") {
    sh.world.usesTime();
    const up = (sh.world.now - sh.world.facts.startedAtMs) / 1000 + 3600;
    return `${up.toFixed(2)} ${(up * 1.7).toFixed(2)}\n`;
  }
  if (sh.world.fs.isDir(p)) {
    err(sh, bb(sh) ? `${tool}: read error: Is a directory` : `${tool}: ${name}: Is a directory`);
    return undefined;
  }
  const text = sh.world.fs.files.get(p);
  if (text === undefined) {
    err(
      sh,
      bb(sh)
        ? `${tool}: can't open '${name}': No such file or directory`
        : `${tool}: ${name}: No such file or directory`,
    );
  }
  return text;
}

function operands(argv: string[]): { flags: string[]; files: string[] } {
  const flags: string[] = [];
  const files: string[] = [];
  let opts = true;
  for (const a of argv.slice(1)) {
    if (opts && a === "--") opts = false;
    else if (opts && a.startsWith("-") && a !== "-") flags.push(a);
    else files.push(a);
  }
  return { flags, files };
}

const cat: Program = (sh, argv) => {
  const { files } = operands(argv);
  if (files.length === 0) {
    out(sh, sh.io.stdin);
    return 0;
  }
  let status = 0;
  for (const f of files) {
    const t = readFile(sh, f, "cat");
    if (t === undefined) status = 1;
    else out(sh, t);
  }
  return status;
};

const touch: Program = (sh, argv) => {
  for (const f of operands(argv).files) {
    const p = path(sh, f);
    if (!sh.world.fs.exists(p)) sh.world.fsChange(p, "");
  }
  return 0;
};

const rm: Program = (sh, argv) => {
  const { flags, files } = operands(argv);
  const force = flags.some((f) => f.includes("f"));
  const recursive = flags.some((f) => /[rR]/.test(f));
  let status = 0;
  const fs = sh.world.fs;
  for (const f of files) {
    const p = path(sh, f);
    if (fs.files.has(p)) sh.world.fsChange(p, null);
    else if (fs.isDir(p)) {
      if (!recursive) {
        err(sh, bb(sh) ? `rm: '${f}' is a directory` : `rm: cannot remove '${f}': Is a directory`);
        status = 1;
        continue;
      }
      for (const k of [...fs.files.keys()]) if (k.startsWith(`${p}/`)) sh.world.fsChange(k, null);
      for (const d of [...fs.dirs]) if (d === p || d.startsWith(`${p}/`)) sh.world.fsChange(d, null, true);
    } else if (!force) {
      err(
        sh,
        bb(sh)
          ? `rm: can't remove '${f}': No such file or directory`
          : `rm: cannot remove '${f}': No such file or directory`,
      );
      status = 1;
    }
  }
  return status;
};

const mkdir: Program = (sh, argv) => {
  const { flags, files } = operands(argv);
  const parents = flags.some((f) => f.includes("p"));
  let status = 0;
  for (const f of files) {
    const p = path(sh, f);
    if (sh.world.fs.exists(p)) {
      if (parents && sh.world.fs.isDir(p)) continue;
      err(
        sh,
        bb(sh)
          ? `mkdir: can't create directory '${f}': File exists`
          : `mkdir: cannot create directory '${f}': File exists`,
      );
      status = 1;
      continue;
    }
    const segs = p.split("/").filter(Boolean);
    for (let i = 1; i <= segs.length; i++) {
      const d = `/${segs.slice(0, i).join("/")}`;
      if (!sh.world.fs.isDir(d)) sh.world.fsChange(d, "", true);
    }
  }
  return status;
};

const ls: Program = (sh, argv) => {
  const { flags, files } = operands(argv);
  const all = flags.some((f) => f.includes("a"));
  const long = flags.some((f) => f.includes("l"));
  let status = 0;
  for (const f of files.length ? files : ["."]) {
    const p = path(sh, f);
    const fs = sh.world.fs;
    let names: string[];
    if (fs.isDir(p)) names = fs.list(p);
    else if (fs.files.has(p)) names = [f];
    else {
      err(sh, bb(sh) ? `ls: ${f}: No such file or directory` : `ls: cannot access '${f}': No such file or directory`);
      status = bb(sh) ? 1 : 2;
      continue;
    }
    if (all) names = [".", "..", ...names];
    if (files.length > 1 && fs.isDir(p)) out(sh, `${f}:\n`);
    for (const n of names) {
      if (!long) out(sh, `${n}\n`);
      else {
        const full = fs.isDir(p) ? resolvePath(p, n) : p;
        const dir = fs.isDir(full);
        const size = dir ? 4096 : (fs.files.get(full) ?? "").length;
        out(
          sh,
          `${dir ? "drwxr-xr-x" : "-rw-r--r--"}    1 root     root     ${String(size).padStart(8)} Jan  1 00:00 ${n}\n`,
        );
      }
    }
  }
  return status;
};

const seq: Program = (sh, argv) => {
  const args: string[] = [];
  let sep = "\n";
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "-s") sep = argv[++i] ?? "\n";
    else if (argv[i].startsWith("-s")) sep = argv[i].slice(2);
    else if (argv[i] === "-w") continue;
    else args.push(argv[i]);
  }
  const n = args.map(Number);
  if (n.length === 0 || n.some(Number.isNaN)) {
    err(sh, `seq: invalid number '${args.find((a) => Number.isNaN(Number(a))) ?? ""}'`);
    return 1;
  }
  const [first, inc, last] = n.length === 1 ? [1, 1, n[0]] : n.length === 2 ? [n[0], 1, n[1]] : [n[0], n[1], n[2]];
  const outv: string[] = [];
  for (let v = first; inc > 0 ? v <= last : v >= last; v += inc) {
    outv.push(String(v));
    if (outv.length > 1_000_000 || inc === 0) break;
    sh.world.step();
  }
  if (outv.length) out(sh, `${outv.join(sep)}\n`);
  return 0;
};

const wc: Program = (sh, argv) => {
  const { flags, files } = operands(argv);
  const f = flags.join("");
  const count = (t: string) => {
    const parts: number[] = [];
    const lines = (t.match(/\n/g) ?? []).length;
    const words = t.split(/\s+/).filter(Boolean).length;
    if (!f || f.includes("l")) parts.push(lines);
    if (!f || f.includes("w")) parts.push(words);
    if (!f || f.includes("c") || f.includes("m")) parts.push(t.length);
    return parts;
  };
  const fmt = (nums: number[], name?: string) =>
    `${nums.map((n) => (bb(sh) && nums.length === 1 ? String(n) : String(n).padStart(bb(sh) ? 9 : 1))).join(bb(sh) ? "" : " ")}${name ? ` ${name}` : ""}\n`;
  if (files.length === 0) {
    out(sh, fmt(count(sh.io.stdin)).trimStart());
    return 0;
  }
  let status = 0;
  for (const file of files) {
    const t = readFile(sh, file, "wc");
    if (t === undefined) status = 1;
    else out(sh, fmt(count(t), file).trimStart());
  }
  return status;
};

function headTail(which: "head" | "tail"): Program {
  return (sh, argv) => {
    let n = 10;
    let follow = false;
    const files: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      if (a === "-n") n = Number(argv[++i]);
      else if (/^-n\+?\d+$/.test(a)) n = Number(a.slice(2));
      else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
      else if (a === "-f" || a === "-F" || a === "--follow") follow = true;
      else if (a.startsWith("-")) continue;
      else files.push(a);
    }
    const texts = files.length ? files.map((f) => readFile(sh, f, which)) : [sh.io.stdin];
    let status = 0;
    for (const t of texts) {
      if (t === undefined) {
        status = 1;
        continue;
      }
      const lines = t.split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      const pick = which === "head" ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n));
      if (pick.length) out(sh, `${pick.join("\n")}\n`);
    }
    // `tail -f` never returns: the classic way to keep a container running.
    if (follow && which === "tail") throw new Forever("program", undefined, false);
    return status;
  };
}

const tee: Program = (sh, argv) => {
  const { flags, files } = operands(argv);
  const append = flags.some((f) => f.includes("a"));
  const text = sh.io.stdin;
  for (const f of files) {
    const p = path(sh, f);
    sh.world.fsChange(p, (append ? (sh.world.fs.files.get(p) ?? "") : "") + text);
  }
  out(sh, text);
  return 0;
};

const env: Program = (sh, argv) => {
  const names = argv.slice(1).filter((a) => !a.startsWith("-"));
  if (argv[0] === "printenv" && names.length) {
    let status = 0;
    for (const n of names) {
      const v = sh.environ().find(([k]) => k === n)?.[1];
      if (v === undefined) status = 1;
      else out(sh, `${v}\n`);
    }
    return status;
  }
  // `env VAR=x cmd …` runs cmd with VAR set.
  const cmdAt = argv.findIndex((a, i) => i > 0 && !a.includes("=") && !a.startsWith("-"));
  if (argv[0] === "env" && cmdAt > 0) {
    const child = sh.cloneInto(sh.world);
    child.io = sh.io;
    for (const a of argv.slice(1, cmdAt)) {
      const eq = a.indexOf("=");
      if (eq > 0) {
        child.vars.set(a.slice(0, eq), a.slice(eq + 1));
        child.exported.add(a.slice(0, eq));
      }
    }
    const prog = child.findProgram(argv[cmdAt]);
    if (!prog) {
      err(sh, `env: can't execute '${argv[cmdAt]}': No such file or directory`);
      return 127;
    }
    return prog(child, argv.slice(cmdAt), false);
  }
  for (const [k, v] of sh.environ()) out(sh, `${k}=${v}\n`);
  return 0;
};

const expr: Program = (sh, argv) => {
  const a = argv.slice(1);
  let r: string;
  if (a.length === 1) r = a[0];
  else if (a.length === 2 && a[0] === "length") r = String(a[1].length);
  else if (a.length === 3) {
    const [x, op, y] = a;
    const isNum = /^-?\d+$/.test(x) && /^-?\d+$/.test(y);
    const nx = Number(x);
    const ny = Number(y);
    const cmp = (b: boolean) => (b ? "1" : "0");
    switch (op) {
      case "+":
      case "-":
      case "*":
      case "/":
      case "%":
        if (!isNum) {
          err(sh, "expr: non-numeric argument");
          return 2;
        }
        if ((op === "/" || op === "%") && ny === 0) {
          err(sh, "expr: division by zero");
          return 2;
        }
        r = String(
          op === "+"
            ? nx + ny
            : op === "-"
              ? nx - ny
              : op === "*"
                ? nx * ny
                : op === "/"
                  ? Math.trunc(nx / ny)
                  : nx % ny,
        );
        break;
      case "=":
        r = cmp(x === y);
        break;
      case "!=":
        r = cmp(x !== y);
        break;
      case "<":
        r = cmp(isNum ? nx < ny : x < y);
        break;
      case ">":
        r = cmp(isNum ? nx > ny : x > y);
        break;
      case "<=":
        r = cmp(isNum ? nx <= ny : x <= y);
        break;
      case ">=":
        r = cmp(isNum ? nx >= ny : x >= y);
        break;
      case ":": {
        const m = new RegExp(`^(?:${y})`).exec(x);
        r = m ? (m[1] ?? String(m[0].length)) : "0";
        break;
      }
      default:
        err(sh, "expr: syntax error");
        return 2;
    }
  } else {
    err(sh, "expr: syntax error");
    return 2;
  }
  out(sh, `${r}\n`);
  return r === "0" || r === "" ? 1 : 0;
};

const grep: Program = (sh, argv) => {
  const { flags, files } = operands(argv);
  const f = flags.join("");
  const pattern = files.shift();
  if (pattern === undefined) {
    err(sh, "grep: no pattern");
    return 2;
  }
  let re: RegExp;
  try {
    const src = f.includes("F")
      ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      : pattern.replace(/\\([|(){}+?])/g, "$1");
    re = new RegExp(src, f.includes("i") ? "i" : "");
  } catch {
    err(sh, "grep: bad regex");
    return 2;
  }
  const sources = files.length ? files.map((n) => ({ n, t: readFile(sh, n, "grep") })) : [{ n: "", t: sh.io.stdin }];
  let matched = 0;
  let status = 0;
  for (const { n, t } of sources) {
    if (t === undefined) {
      status = 2;
      continue;
    }
    const lines = t.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    for (const line of lines) {
      if (re.test(line) !== f.includes("v")) {
        matched++;
        if (!f.includes("q") && !f.includes("c")) out(sh, `${files.length > 1 ? `${n}:` : ""}${line}\n`);
      }
    }
  }
  if (f.includes("c")) out(sh, `${matched}\n`);
  return status === 2 && !matched ? 2 : matched ? 0 : 1;
};

const uname: Program = (sh, argv) => {
  const flags = argv.slice(1).join("");
  const host = sh.world.facts.hostname;
  const parts: Record<string, string> = {
    s: "Linux",
    n: host,
    r: "6.8.0-1015-gke",
    v: "#19-Ubuntu SMP PREEMPT_DYNAMIC Mon Oct  7 12:00:00 UTC 2024",
    m: "x86_64",
    o: "GNU/Linux",
  };
  if (flags.includes("a")) out(sh, `${["s", "n", "r", "v", "m", "o"].map((k) => parts[k]).join(" ")}\n`);
  else {
    const keys = [...flags.replace(/-/g, "")].filter((k) => parts[k]);
    out(sh, `${(keys.length ? keys : ["s"]).map((k) => parts[k]).join(" ")}\n`);
  }
  return 0;
};

const hostname: Program = (sh, argv) => {
  if (argv[1] === "-i") out(sh, `${sh.world.facts.podIP ?? "10.244.1.2"}\n`);
  else out(sh, `${sh.world.facts.hostname}\n`);
  return 0;
};

const simple =
  (text: string): Program =>
  (sh) => {
    out(sh, text);
    return 0;
  };

const basename: Program = (sh, argv) => {
  const p = (argv[1] ?? "").replace(/\/+$/, "");
  let b = p.slice(p.lastIndexOf("/") + 1) || "/";
  if (argv[2] && b.endsWith(argv[2]) && b !== argv[2]) b = b.slice(0, -argv[2].length);
  out(sh, `${b}\n`);
  return 0;
};

const dirname: Program = (sh, argv) => {
  const p = (argv[1] ?? "").replace(/\/+$/, "");
  const i = p.lastIndexOf("/");
  out(sh, `${i < 0 ? "." : i === 0 ? "/" : p.slice(0, i)}\n`);
  return 0;
};

/** Network tools: networking between simulated pods is not modelled from inside a container. */
const wget: Program = (sh, argv) => {
  const url = argv.slice(1).find((a) => !a.startsWith("-") && a.includes("/")) ?? argv[argv.length - 1] ?? "";
  const host = url.replace(/^\w+:\/\//, "").split(/[/:]/)[0];
  err(sh, `wget: bad address '${host}'`);
  return 1;
};

const CLUSTER_DNS = "10.96.0.10";

/**
 * nslookup against the cluster DNS (CoreDNS at 10.96.0.10): the name as given, then with the pod's search
 * domains (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, resolv.conf's ndots:5), answered from
 * the Services that existed when the container started. busybox prints `Name:`/`Address:` pairs.
 */
const nslookup: Program = (sh, argv) => {
  const args = argv.slice(1).filter((a) => !a.startsWith("-"));
  const name = (args[0] ?? "").replace(/\.$/, "");
  if (!name) {
    err(
      sh,
      "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]",
    );
    return 1;
  }
  const server = args[1] ?? CLUSTER_DNS;
  out(sh, `Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  const dns = sh.world.facts.dns ?? {};
  const ns = sh.world.facts.namespace;
  const candidates =
    name.split(".").length - 1 >= 5 || argv[1]?.endsWith(".")
      ? [name]
      : [`${name}.${ns}.svc.cluster.local`, `${name}.svc.cluster.local`, `${name}.cluster.local`, name];
  for (const fqdn of candidates) {
    const ips = dns[fqdn];
    if (!ips?.length) continue;
    for (const ip of ips) out(sh, `Name:\t${fqdn}\nAddress: ${ip}\n`);
    out(sh, "\n");
    return 0;
  }
  out(sh, `** server can't find ${name}: NXDOMAIN\n\n`);
  return 1;
};

/** sh / ash / dash / bash: `-c script [name [args…]]`, a script file, or commands on stdin. */
const shell: Program = (parent, argv, pid1) => {
  const base = argv[0].slice(argv[0].lastIndexOf("/") + 1);
  const flavour: Flavour =
    base === "bash" ? "bash" : base === "sh" ? parent.sys.flavour : base === "ash" ? "ash" : "dash";
  const child = new Shell(parent.world, parent.sys, flavour, { ...parent.io });
  for (const [k, v] of parent.environ()) {
    child.vars.set(k, v);
    child.exported.add(k);
  }
  child.name = base;
  child.pid1 = pid1;
  if (pid1) parent.world.pid1Shell = child;
  let script: string | undefined;
  let file: string | undefined;
  const rest = argv.slice(1);
  while (rest.length && /^[-+]/.test(rest[0])) {
    const opt = rest.shift()!;
    if (opt === "--") break;
    if (opt.includes("c") && opt.startsWith("-")) {
      script = rest.shift() ?? "";
      break;
    }
  }
  if (script === undefined && rest.length) file = rest.shift();
  if (script !== undefined && rest.length) child.name = rest.shift()!;
  child.positional = rest;
  const finish = (status: number): number => {
    const exitTrap = child.traps.get("EXIT");
    if (exitTrap) {
      child.traps.delete("EXIT");
      try {
        child.runScript(exitTrap);
      } catch (e) {
        if (e instanceof ExitSignal) status = e.code;
        else throw e;
      }
    }
    parent.world.out.flush();
    parent.world.err.flush();
    return status;
  };
  const run = (src: string): number => {
    try {
      if (pid1) {
        try {
          const list = parseScript(src);
          const only = list.items.length === 1 ? list.items[0] : undefined;
          child.execSingle =
            !!only &&
            !only.bg &&
            only.ao.rest.length === 0 &&
            only.ao.first.cmds.length === 1 &&
            only.ao.first.cmds[0].t === "simple";
        } catch {
          // runScript reports the syntax error.
        }
      }
      return finish(child.runScript(src));
    } catch (e) {
      if (e instanceof ExitSignal) return finish(e.code);
      throw e;
    }
  };
  if (script !== undefined) return run(script);
  if (file !== undefined) {
    const text = parent.world.fs.files.get(resolvePath(parent.cwd, file));
    if (text === undefined) {
      const msg =
        flavour === "bash"
          ? `bash: ${file}: No such file or directory`
          : flavour === "dash"
            ? `${base}: 0: cannot open ${file}: No such file`
            : `${base}: can't open '${file}': No such file or directory`;
      err(parent, msg);
      return flavour === "bash" ? 127 : 2;
    }
    return run(text);
  }
  if (parent.io.stdin) return run(parent.io.stdin);
  // An interactive shell with stdin open waits for input; interactive shells ignore SIGTERM.
  if (parent.sys.stdinOpen && pid1) throw new Forever("program", undefined, true);
  return 0;
};

export const UTILS: Record<string, Program> = {
  sh: shell,
  echo,
  printf,
  test,
  "[": test,
  "[[": test,
  sleep,
  date,
  cat,
  touch,
  rm,
  mkdir,
  rmdir: rm,
  ls,
  seq,
  wc,
  head: headTail("head"),
  tail: headTail("tail"),
  tee,
  env,
  printenv: env,
  expr,
  grep,
  egrep: grep,
  uname,
  hostname,
  basename,
  dirname,
  wget,
  nslookup,
  true: () => 0,
  false: () => 1,
  whoami: simple("root\n"),
  id: simple("uid=0(root) gid=0(root) groups=0(root)\n"),
  nproc: simple("8\n"),
  pwd: (sh) => {
    out(sh, `${sh.cwd}\n`);
    return 0;
  },
  sync: () => 0,
  clear: () => 0,
};
