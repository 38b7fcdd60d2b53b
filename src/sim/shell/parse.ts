/**
 * Parser for the shell subset: a character-level lexer and a recursive-descent parser over one source
 * string. Command substitutions `$( … )` parse recursively from the same position, so nesting and quotes
 * inside them work without a separate matching pass.
 */
import {
  type AndOr,
  type Cmd,
  type List,
  type Pipeline,
  type Redir,
  ShellSyntaxError,
  type Word,
  type WordPart,
} from "./ast";

type Tok =
  | { t: "word"; w: Word; raw?: string }
  | { t: "io"; fd: number }
  | { t: "op"; v: string }
  | { t: "nl" }
  | { t: "eof" };

const OPS = ["&&", "||", ";;", "<<-", "<<", ">>", ">&", "<&", ">|", "&>", ";", "&", "|", "(", ")", "<", ">"];
const META = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);
const RESERVED = new Set([
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "do",
  "done",
  "while",
  "until",
  "for",
  "in",
  "case",
  "esac",
  "{",
  "}",
  "!",
]);
const SPECIAL_VARS = new Set(["?", "$", "#", "@", "*", "!", "-", "0"]);

export class Parser {
  private pos = 0;
  private peeked: Tok | undefined;
  private line = 1;
  private pendingHeredocs: { redir: Redir; delim: string; quoted: boolean; strip: boolean }[] = [];

  constructor(private readonly src: string) {}

  static parse(src: string): List {
    const p = new Parser(src);
    const list = p.parseList(new Set());
    const t = p.peek();
    if (t.t !== "eof") throw new ShellSyntaxError(`unexpected ${describe(t)}`);
    return list;
  }

  // ---- lexer ----

  private peek(): Tok {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  private next(): Tok {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private lex(): Tok {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && (s[this.pos] === " " || s[this.pos] === "\t")) this.pos++;
      if (s.startsWith("\\\n", this.pos)) {
        this.pos += 2;
        continue;
      }
      if (s[this.pos] === "#") {
        while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
      }
      break;
    }
    if (this.pos >= s.length) return { t: "eof" };
    const c = s[this.pos];
    if (c === "\n") {
      this.pos++;
      this.line++;
      this.readHeredocBodies();
      return { t: "nl" };
    }
    for (const op of OPS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { t: "op", v: op };
      }
    }
    // An all-digit word directly before a redirection is the file descriptor it redirects.
    const digits = /^\d+(?=[<>])/.exec(s.slice(this.pos, this.pos + 4));
    if (digits) {
      this.pos += digits[0].length;
      return { t: "io", fd: Number(digits[0]) };
    }
    const start = this.pos;
    const w = this.readWord("plain");
    const raw = w.parts.length === 1 && w.parts[0].k === "lit" && !w.parts[0].q ? w.parts[0].v : undefined;
    if (this.pos === start) throw new ShellSyntaxError(`unexpected "${c}"`);
    return { t: "word", w, raw };
  }

  /**
   * Reads a word. mode "plain" stops at unquoted metacharacters; "dq" reads the inside of double quotes
   * (stops at `"`); "brace" reads a `${name:-arg}` argument (stops at `}`); "arith" reads `$(( … ))` (stops
   * at the closing `))`); "heredoc" reads to the end of the text.
   */
  private readWord(mode: "plain" | "dq" | "brace" | "arith" | "heredoc"): Word {
    const s = this.src;
    const parts: WordPart[] = [];
    const quoted = mode === "dq" || mode === "heredoc";
    let lit = "";
    let litQ = quoted;
    const flush = () => {
      if (lit) parts.push({ k: "lit", v: lit, q: litQ });
      lit = "";
    };
    const addLit = (text: string, q: boolean) => {
      if (lit && litQ !== q) flush();
      litQ = q;
      lit += text;
    };
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (mode === "plain" && META.has(c)) break;
      if (mode === "dq" && c === '"') break;
      if (mode === "brace" && c === "}") break;
      if (mode === "arith") {
        if (c === "(") depth++;
        if (c === ")") {
          if (depth === 0) break;
          depth--;
        }
      }
      if (c === "\n") this.line++;
      if (c === "\\") {
        const n = s[this.pos + 1];
        this.pos += 2;
        if (n === undefined) {
          addLit("\\", quoted);
          break;
        }
        if (n === "\n") continue;
        if (quoted || mode === "arith") {
          // Inside double quotes a backslash only escapes $ ` " \ (and newline).
          if (n === "$" || n === "`" || n === '"' || n === "\\") addLit(n, true);
          else addLit(`\\${n}`, true);
        } else addLit(n, true);
        continue;
      }
      if (c === "'" && !quoted && mode !== "arith") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError("unterminated quoted string");
        addLit(s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
        continue;
      }
      if (c === '"' && !quoted && mode !== "arith") {
        this.pos++;
        const inner = this.readWord("dq");
        if (s[this.pos] !== '"') throw new ShellSyntaxError("unterminated quoted string");
        this.pos++;
        flush();
        if (inner.parts.length === 0) parts.push({ k: "lit", v: "", q: true });
        parts.push(...inner.parts);
        continue;
      }
      if (c === "`") {
        const end = s.indexOf("`", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError("unterminated quoted string");
        const inner = s.slice(this.pos + 1, end).replace(/\\([`\\$])/g, "$1");
        this.pos = end + 1;
        flush();
        parts.push({ k: "cmd", body: Parser.parse(inner), q: quoted });
        continue;
      }
      if (c === "$") {
        const part = this.readDollar(quoted);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
      }
      addLit(c, quoted);
      this.pos++;
    }
    flush();
    return { parts };
  }

  private readDollar(q: boolean): WordPart | undefined {
    const s = this.src;
    const n = s[this.pos + 1];
    if (s.startsWith("$((", this.pos)) {
      this.pos += 3;
      const expr = this.readWord("arith");
      if (!s.startsWith("))", this.pos)) throw new ShellSyntaxError("missing '))'");
      this.pos += 2;
      return { k: "arith", expr, q };
    }
    if (n === "(") {
      this.pos += 2;
      const saved = this.peeked;
      this.peeked = undefined;
      const body = this.parseList(new Set());
      const t = this.next();
      if (t.t !== "op" || t.v !== ")") throw new ShellSyntaxError(`unexpected ${describe(t)} (expecting ")")`);
      this.peeked = saved;
      return { k: "cmd", body, q };
    }
    if (n === "{") {
      this.pos += 2;
      if (s[this.pos] === "#" && s[this.pos + 1] !== "}") {
        this.pos++;
        const name = this.readName();
        this.expect("}");
        return { k: "var", name, op: "#len", q };
      }
      const name = this.readName();
      if (!name) throw new ShellSyntaxError("bad substitution");
      const op = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%)/.exec(s.slice(this.pos))?.[0];
      if (op) {
        this.pos += op.length;
        const arg = this.readWord("brace");
        this.expect("}");
        return { k: "var", name, op, arg, q };
      }
      this.expect("}");
      return { k: "var", name, q };
    }
    if (n !== undefined && (SPECIAL_VARS.has(n) || /[0-9]/.test(n))) {
      this.pos += 2;
      return { k: "var", name: n, q };
    }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      this.pos++;
      return { k: "var", name: this.readName(), q };
    }
    return undefined;
  }

  private readName(): string {
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])/.exec(this.src.slice(this.pos));
    if (!m) return "";
    this.pos += m[0].length;
    return m[0];
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw new ShellSyntaxError("bad substitution");
    this.pos++;
  }

  private readHeredocBodies(): void {
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const h of pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= this.src.length) break;
        let end = this.src.indexOf("\n", this.pos);
        if (end < 0) end = this.src.length;
        let line = this.src.slice(this.pos, end);
        this.pos = Math.min(end + 1, this.src.length);
        this.line++;
        if (h.strip) line = line.replace(/^\t+/, "");
        if (line === h.delim) break;
        lines.push(line);
      }
      const text = lines.length ? `${lines.join("\n")}\n` : "";
      if (h.quoted) h.redir.heredoc = { parts: [{ k: "lit", v: text, q: true }] };
      else {
        const sub = new Parser(text);
        h.redir.heredoc = sub.readWord("heredoc");
      }
    }
  }

  // ---- parser ----

  private isReserved(t: Tok, words: Set<string>): boolean {
    return t.t === "word" && t.raw !== undefined && words.has(t.raw);
  }

  private skipNewlines(): void {
    while (this.peek().t === "nl") this.next();
  }

  /** A list of and-or items up to EOF, `)`, `;;` or one of the reserved words in `until`. */
  parseList(until: Set<string>): List {
    const items: List["items"] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.t === "eof" || (t.t === "op" && (t.v === ")" || t.v === ";;")) || this.isReserved(t, until)) break;
      const ao = this.parseAndOr();
      let bg = false;
      const sep = this.peek();
      if (sep.t === "op" && (sep.v === ";" || sep.v === "&")) {
        this.next();
        bg = sep.v === "&";
        items.push({ ao, bg });
        continue;
      }
      items.push({ ao, bg });
      if (sep.t === "nl") continue;
      break;
    }
    return { items };
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr["rest"] = [];
    for (;;) {
      const t = this.peek();
      if (t.t !== "op" || (t.v !== "&&" && t.v !== "||")) break;
      this.next();
      this.skipNewlines();
      rest.push({ op: t.v as "&&" | "||", p: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let neg = false;
    if (this.isReserved(this.peek(), new Set(["!"]))) {
      this.next();
      neg = true;
    }
    const cmds = [this.parseCommand()];
    for (;;) {
      const t = this.peek();
      if (t.t !== "op" || t.v !== "|") break;
      this.next();
      this.skipNewlines();
      cmds.push(this.parseCommand());
    }
    return { neg, cmds };
  }

  private word(expect: string): void {
    const t = this.next();
    if (t.t !== "word" || t.raw !== expect)
      throw new ShellSyntaxError(`unexpected ${describe(t)} (expecting "${expect}")`);
  }

  private parseCommand(): Cmd {
    const t = this.peek();
    if (t.t === "op" && t.v === "(") {
      this.next();
      const body = this.parseList(new Set());
      const close = this.next();
      if (close.t !== "op" || close.v !== ")") throw new ShellSyntaxError(`unexpected ${describe(close)}`);
      return { t: "group", body, sub: true, redirs: this.parseRedirs() };
    }
    if (t.t === "word" && t.raw !== undefined && RESERVED.has(t.raw)) {
      switch (t.raw) {
        case "if":
          return this.parseIf();
        case "while":
        case "until":
          return this.parseWhile(t.raw === "until");
        case "for":
          return this.parseFor();
        case "case":
          return this.parseCase();
        case "{": {
          this.next();
          const body = this.parseList(new Set(["}"]));
          this.word("}");
          return { t: "group", body, sub: false, redirs: this.parseRedirs() };
        }
        default:
          throw new ShellSyntaxError(`unexpected "${t.raw}"`);
      }
    }
    return this.parseSimple();
  }

  private parseIf(): Cmd {
    this.next();
    const clauses: { cond: List; body: List }[] = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.parseList(new Set(["then"]));
      this.word("then");
      const body = this.parseList(new Set(["elif", "else", "fi"]));
      clauses.push({ cond, body });
      const t = this.next();
      if (t.t === "word" && t.raw === "elif") continue;
      if (t.t === "word" && t.raw === "else") {
        otherwise = this.parseList(new Set(["fi"]));
        this.word("fi");
        break;
      }
      if (t.t === "word" && t.raw === "fi") break;
      throw new ShellSyntaxError(`unexpected ${describe(t)} (expecting "fi")`);
    }
    return { t: "if", clauses, otherwise, redirs: this.parseRedirs() };
  }

  private parseWhile(until: boolean): Cmd {
    this.next();
    const cond = this.parseList(new Set(["do"]));
    this.word("do");
    const body = this.parseList(new Set(["done"]));
    this.word("done");
    return { t: "while", until, cond, body, redirs: this.parseRedirs() };
  }

  private parseFor(): Cmd {
    this.next();
    const nameTok = this.next();
    if (nameTok.t !== "word" || !nameTok.raw || !/^[A-Za-z_]\w*$/.test(nameTok.raw))
      throw new ShellSyntaxError(`bad for loop variable`);
    let items: Word[] | undefined;
    this.skipNewlinesIfThen("in");
    if (this.isReserved(this.peek(), new Set(["in"]))) {
      this.next();
      items = [];
      for (;;) {
        const t = this.peek();
        if (t.t !== "word") break;
        this.next();
        items.push(t.w);
      }
      const sep = this.peek();
      if (sep.t === "op" && sep.v === ";") this.next();
    } else {
      const sep = this.peek();
      if (sep.t === "op" && sep.v === ";") this.next();
    }
    this.skipNewlines();
    this.word("do");
    const body = this.parseList(new Set(["done"]));
    this.word("done");
    return { t: "for", name: nameTok.raw, items, body, redirs: this.parseRedirs() };
  }

  private skipNewlinesIfThen(word: string): void {
    // `for i\nin 1 2` is legal; only skip newlines when the next real token is the keyword.
    const savePos = this.pos;
    const savePeek = this.peeked;
    const saveLine = this.line;
    this.skipNewlines();
    if (!this.isReserved(this.peek(), new Set([word]))) {
      this.pos = savePos;
      this.peeked = savePeek;
      this.line = saveLine;
    }
  }

  private parseCase(): Cmd {
    this.next();
    const wt = this.next();
    if (wt.t !== "word") throw new ShellSyntaxError(`unexpected ${describe(wt)}`);
    this.skipNewlines();
    this.word("in");
    const arms: { pats: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.t === "word" && t.raw === "esac") {
        this.next();
        break;
      }
      if (t.t === "op" && t.v === "(") this.next();
      const pats: Word[] = [];
      for (;;) {
        const p = this.next();
        if (p.t !== "word") throw new ShellSyntaxError(`unexpected ${describe(p)}`);
        pats.push(p.w);
        const sep = this.next();
        if (sep.t === "op" && sep.v === "|") continue;
        if (sep.t === "op" && sep.v === ")") break;
        throw new ShellSyntaxError(`unexpected ${describe(sep)} (expecting ")")`);
      }
      const body = this.parseList(new Set(["esac"]));
      arms.push({ pats, body });
      const end = this.peek();
      if (end.t === "op" && end.v === ";;") this.next();
    }
    return { t: "case", word: wt.w, arms, redirs: this.parseRedirs() };
  }

  private tryRedir(): Redir | undefined {
    let t = this.peek();
    let fd: number | undefined;
    if (t.t === "io") {
      this.next();
      fd = t.fd;
      t = this.peek();
    }
    if (t.t !== "op" || !["<", ">", ">>", ">&", "<&", ">|", "<<", "<<-", "&>"].includes(t.v)) {
      if (fd !== undefined) throw new ShellSyntaxError("bad redirection");
      return undefined;
    }
    this.next();
    const target = this.next();
    if (target.t !== "word") throw new ShellSyntaxError(`unexpected ${describe(target)}`);
    if (t.v === "<<" || t.v === "<<-") {
      const raw = target.w.parts.map((p) => (p.k === "lit" ? p.v : "")).join("");
      const quoted = target.w.parts.some((p) => p.k === "lit" && p.q);
      const redir: Redir = { fd: fd ?? 0, op: "<<", target: target.w };
      this.pendingHeredocs.push({ redir, delim: raw, quoted, strip: t.v === "<<-" });
      return redir;
    }
    if (t.v === "&>") return { fd: 1, op: ">", target: target.w, both: true };
    const op = t.v === ">|" ? ">" : (t.v as Redir["op"]);
    return { fd: fd ?? (op.startsWith("<") ? 0 : 1), op, target: target.w };
  }

  private parseRedirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const r = this.tryRedir();
      if (!r) return out;
      out.push(r);
    }
  }

  private parseSimple(): Cmd {
    const line = this.line;
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const r = this.tryRedir();
      if (r) {
        redirs.push(r);
        continue;
      }
      const t = this.peek();
      if (t.t !== "word") break;
      this.next();
      const first = t.w.parts[0];
      const m = words.length === 0 && first?.k === "lit" && !first.q ? /^([A-Za-z_]\w*)=/.exec(first.v) : null;
      if (m) {
        const rest = first.k === "lit" ? first.v.slice(m[0].length) : "";
        const parts: WordPart[] = rest ? [{ k: "lit", v: rest, q: true }, ...t.w.parts.slice(1)] : t.w.parts.slice(1);
        assigns.push({ name: m[1], value: { parts } });
        continue;
      }
      // `name() { …; }` defines a function.
      if (words.length === 0 && t.raw && /^[A-Za-z_][\w-]*$/.test(t.raw)) {
        const n = this.peek();
        if (n.t === "op" && n.v === "(") {
          this.next();
          const close = this.next();
          if (close.t !== "op" || close.v !== ")") throw new ShellSyntaxError(`unexpected ${describe(close)}`);
          this.skipNewlines();
          return { t: "func", name: t.raw, body: this.parseCommand() };
        }
      }
      words.push(t.w);
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) {
      throw new ShellSyntaxError(`unexpected ${describe(this.peek())}`);
    }
    return { t: "simple", assigns, words, redirs, line };
  }
}

function describe(t: Tok): string {
  switch (t.t) {
    case "eof":
      return "end of file";
    case "nl":
      return "newline";
    case "op":
      return `"${t.v}"`;
    case "io":
      return `"${t.fd}"`;
    default:
      return `"${t.raw ?? "word"}"`;
  }
}

/** Parses a script; throws ShellSyntaxError with the offending token. */
export function parseScript(src: string): List {
  return Parser.parse(src);
}
