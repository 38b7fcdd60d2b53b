/**
 * The string syntax of labels.Parse: a byte-at-a-time lexer and a recursive-descent parser with the same token
 * rules, lookahead contexts and error texts as k8s.io/apimachinery/pkg/labels/selector.go.
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 *
 * Quirks kept on purpose: a NUL character ends the input as Go's reader does; "in"/"notin" are plain values
 * (and keys) outside operator position; `in ()` means the set {""}; `a=` means a="".
 */
import { compareGoStrings } from "./go-format";
import {
  LabelSelectorError,
  labelKeyError,
  newRequirement,
  type Operator,
  type Requirement,
} from "./label-requirement";

type Token =
  | "error"
  | "eos"
  | "closedPar"
  | "comma"
  | "doesNotExist"
  | "doubleEquals"
  | "equals"
  | "greaterThan"
  | "identifier"
  | "in"
  | "lessThan"
  | "notEquals"
  | "notIn"
  | "openPar";

const LITERAL_TOKENS: Record<string, Token> = {
  ")": "closedPar",
  ",": "comma",
  "!": "doesNotExist",
  "==": "doubleEquals",
  "=": "equals",
  ">": "greaterThan",
  in: "in",
  "<": "lessThan",
  "!=": "notEquals",
  notin: "notIn",
  "(": "openPar",
};

const tokenFor = (s: string): Token | undefined => (Object.hasOwn(LITERAL_TOKENS, s) ? LITERAL_TOKENS[s] : undefined);

interface Item {
  tok: Token;
  lit: string;
}

const isWhitespace = (ch: string) => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecial = (ch: string) => "=!(),><".includes(ch) && ch !== "";

/** Splits the input into tokens up to and including the end-of-string token. */
function scan(s: string): Item[] {
  let pos = 0;
  // Go's read() yields 0 at the end; a literal NUL is indistinguishable from it.
  const read = (): string => {
    const ch = pos < s.length ? s[pos] : "\0";
    if (pos < s.length) pos++;
    return ch;
  };
  const unread = () => {
    pos--;
  };

  const scanIdOrKeyword = (): Item => {
    let buf = "";
    for (;;) {
      const ch = read();
      if (ch === "\0") break;
      if (isSpecial(ch) || isWhitespace(ch)) {
        unread();
        break;
      }
      buf += ch;
    }
    return { tok: tokenFor(buf) ?? "identifier", lit: buf };
  };

  // Longest run of special symbols that keeps forming a known operator ("!" then "!=", "=" then "==").
  const scanSpecial = (): Item => {
    let buf = "";
    let last: Item | undefined;
    for (;;) {
      const ch = read();
      if (ch === "\0") break;
      if (!isSpecial(ch)) {
        unread();
        break;
      }
      buf += ch;
      const tok = tokenFor(buf);
      if (tok) last = { tok, lit: buf };
      else if (last) {
        unread();
        break;
      }
    }
    return last ?? { tok: "error", lit: `error expected: keyword found '${buf}'` };
  };

  const items: Item[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    let item: Item;
    if (ch === "\0") item = { tok: "eos", lit: "" };
    else {
      unread();
      item = isSpecial(ch) ? scanSpecial() : scanIdOrKeyword();
    }
    items.push(item);
    if (item.tok === "eos") return items;
  }
}

/** In value position the keywords "in" and "notin" are ordinary identifiers. */
type Context = "keyAndOperator" | "values";

class Parser {
  private position = 0;

  constructor(private readonly items: Item[]) {}

  lookahead(ctx: Context): Item {
    return this.adjust(this.items[this.position], ctx);
  }

  consume(ctx: Context): Item {
    return this.adjust(this.items[this.position++], ctx);
  }

  private adjust(item: Item, ctx: Context): Item {
    if (ctx === "values" && (item.tok === "in" || item.tok === "notIn")) return { tok: "identifier", lit: item.lit };
    return item;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead("values");
      if (tok === "eos") return reqs;
      if (tok !== "identifier" && tok !== "doesNotExist") {
        throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.consume("values");
      if (next.tok === "eos") return reqs;
      if (next.tok !== "comma") throw new LabelSelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead("values");
      if (after.tok !== "identifier" && after.tok !== "doesNotExist") {
        throw new LabelSelectorError(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === "exists" || operator === "!") return newRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    // sets.String.List(): sorted and unique.
    return newRequirement(key, op, [...values].sort(compareGoStrings));
  }

  private parseKeyAndInferOperator(): { key: string; operator: Operator | "" } {
    let operator: Operator | "" = "";
    let item = this.consume("values");
    if (item.tok === "doesNotExist") {
      operator = "!";
      item = this.consume("values");
    }
    if (item.tok !== "identifier") throw new LabelSelectorError(`found '${item.lit}', expected: identifier`);
    // The key is checked before anything else, with a nil field path (printed "<nil>").
    const keyErr = labelKeyError(item.lit, null);
    if (keyErr) throw new LabelSelectorError(keyErr);
    const t = this.lookahead("values").tok;
    if ((t === "eos" || t === "comma") && operator !== "!") operator = "exists";
    return { key: item.lit, operator };
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume("keyAndOperator");
    switch (tok) {
      case "in":
        return "in";
      case "equals":
        return "=";
      case "doubleEquals":
        return "==";
      case "greaterThan":
        return "gt";
      case "lessThan":
        return "lt";
      case "notIn":
        return "notin";
      case "notEquals":
        return "!=";
      default:
        throw new LabelSelectorError(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume("values");
    if (open.tok !== "openPar") throw new LabelSelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead("values");
    if (tok === "identifier" || tok === "comma") {
      const s = this.parseIdentifiersList();
      if (this.consume("values").tok !== "closedPar") throw new LabelSelectorError(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === "closedPar") {
      this.consume("values");
      return new Set([""]);
    }
    throw new LabelSelectorError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  /** A comma-separated, possibly empty list of possibly empty identifiers: "(,a,,b,)" is {"", a, b}. */
  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume("values");
      if (tok === "identifier") {
        s.add(lit);
        const next = this.lookahead("values");
        if (next.tok === "comma") continue;
        if (next.tok === "closedPar") return s;
        throw new LabelSelectorError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === "comma") {
        if (s.size === 0) s.add("");
        const next = this.lookahead("values");
        if (next.tok === "closedPar") {
          s.add("");
          return s;
        }
        if (next.tok === "comma") {
          this.consume("values");
          s.add("");
        }
        continue;
      }
      throw new LabelSelectorError(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.lookahead("values").tok;
    if (t === "eos" || t === "comma") return new Set([""]);
    const { tok, lit } = this.consume("values");
    if (tok === "identifier") return new Set([lit]);
    throw new LabelSelectorError(`found '${lit}', expected: identifier`);
  }
}

/** labels.ParseToRequirements, before the final sort by key. */
export function parseLabelSelectorRequirements(s: string): Requirement[] {
  return new Parser(scan(s)).parse();
}
