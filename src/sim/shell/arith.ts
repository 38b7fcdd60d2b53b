/**
 * `$(( … ))` arithmetic: integers, the C operators shells support, variables by bare name, assignments
 * (`i += 1`, `i++`). Values are JavaScript numbers truncated to integers (64-bit wrap-around is not modelled).
 */

export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Tok = { t: "num"; v: number } | { t: "name"; v: string } | { t: "op"; v: string };

const OPS = [
  "<<=",
  ">>=",
  "**",
  "++",
  "--",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  ">",
  "=",
  "!",
  "~",
  "&",
  "|",
  "^",
  "(",
  ")",
  "?",
  ":",
  ",",
];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|\d+)/.exec(src.slice(i));
    if (num) {
      const text = num[0];
      const v = text.startsWith("0x")
        ? Number.parseInt(text, 16)
        : /^0\d/.test(text)
          ? Number.parseInt(text, 8)
          : Number(text);
      out.push({ t: "num", v });
      i += text.length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (name) {
      out.push({ t: "name", v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError(`arithmetic syntax error`);
    out.push({ t: "op", v: op });
    i += op.length;
  }
  return out;
}

const BINARY: Record<string, number> = {
  "||": 1,
  "&&": 2,
  "|": 3,
  "^": 4,
  "&": 5,
  "==": 6,
  "!=": 6,
  "<": 7,
  "<=": 7,
  ">": 7,
  ">=": 7,
  "<<": 8,
  ">>": 8,
  "+": 9,
  "-": 9,
  "*": 10,
  "/": 10,
  "%": 10,
  "**": 11,
};

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case "||":
      return a || b ? 1 : 0;
    case "&&":
      return a && b ? 1 : 0;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "&":
      return a & b;
    case "==":
      return a === b ? 1 : 0;
    case "!=":
      return a !== b ? 1 : 0;
    case "<":
      return a < b ? 1 : 0;
    case "<=":
      return a <= b ? 1 : 0;
    case ">":
      return a > b ? 1 : 0;
    case ">=":
      return a >= b ? 1 : 0;
    case "<<":
      return a << b;
    case ">>":
      return a >> b;
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
    case "%":
      if (b === 0) throw new ArithError("divide by zero");
      return op === "/" ? Math.trunc(a / b) : a % b;
    case "**":
      return a ** b;
  }
  throw new ArithError("arithmetic syntax error");
}

const tokenCache = new Map<string, Tok[]>();

/** Evaluates an arithmetic expression (already $-expanded); throws ArithError. */
export function evalArith(src: string, vars: ArithVars): number {
  let toks = tokenCache.get(src);
  if (!toks) {
    toks = tokenize(src);
    if (tokenCache.size > 512) tokenCache.clear();
    tokenCache.set(src, toks);
  }
  if (toks.length === 0) return 0;
  const p = new ArithParser(toks, vars);
  const v = p.comma();
  if (p.i !== toks.length) throw new ArithError("arithmetic syntax error");
  return Math.trunc(v);
}

class ArithParser {
  i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly vars: ArithVars,
  ) {}

  private isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t?.t === "op" && t.v === v;
  }

  private valueOf(name: string, depth = 0): number {
    const raw = (this.vars.get(name) ?? "").trim();
    if (raw === "") return 0;
    if (/^-?\d+$/.test(raw)) return Number(raw);
    // A variable holding another variable's name is evaluated through it (bash and busybox agree).
    if (/^[A-Za-z_]\w*$/.test(raw) && depth < 10) return this.valueOf(raw, depth + 1);
    throw new ArithError("arithmetic syntax error");
  }

  private primary(): number {
    const t = this.toks[this.i++];
    if (!t) throw new ArithError("arithmetic syntax error");
    if (t.t === "num") return t.v;
    if (t.t === "name") {
      if (this.isOp("++") || this.isOp("--")) {
        const op = this.toks[this.i++].v;
        const old = this.valueOf(t.v);
        this.vars.set(t.v, String(old + (op === "++" ? 1 : -1)));
        return old;
      }
      const nt = this.toks[this.i];
      const assign = nt?.t === "op" && /^([-+*/%&|^]|<<|>>)?=$/.test(nt.v) ? nt.v : undefined;
      if (assign) {
        this.i++;
        const rhs = this.ternary();
        const v = assign === "=" ? rhs : apply(assign.slice(0, -1), this.valueOf(t.v), rhs);
        this.vars.set(t.v, String(v));
        return v;
      }
      return this.valueOf(t.v);
    }
    switch (t.v) {
      case "(": {
        const v = this.comma();
        if (!this.isOp(")")) throw new ArithError("arithmetic syntax error");
        this.i++;
        return v;
      }
      case "-":
        return -this.primary();
      case "+":
        return this.primary();
      case "!":
        return this.primary() ? 0 : 1;
      case "~":
        return ~this.primary();
      case "++":
      case "--": {
        const n = this.toks[this.i++];
        if (n?.t !== "name") throw new ArithError("arithmetic syntax error");
        const v = this.valueOf(n.v) + (t.v === "++" ? 1 : -1);
        this.vars.set(n.v, String(v));
        return v;
      }
    }
    throw new ArithError("arithmetic syntax error");
  }

  private binary(minPrec: number): number {
    let left = this.primary();
    for (;;) {
      const t = this.toks[this.i];
      if (t?.t !== "op") return left;
      const prec = BINARY[t.v];
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      const right = this.binary(t.v === "**" ? prec : prec + 1);
      left = apply(t.v, left, right);
    }
  }

  private ternary(): number {
    const cond = this.binary(1);
    if (!this.isOp("?")) return cond;
    this.i++;
    const a = this.ternary();
    if (!this.isOp(":")) throw new ArithError("arithmetic syntax error");
    this.i++;
    const b = this.ternary();
    return cond ? a : b;
  }

  comma(): number {
    let v = this.ternary();
    while (this.isOp(",")) {
      this.i++;
      v = this.ternary();
    }
    return v;
  }
}
