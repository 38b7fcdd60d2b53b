/**
 * The syntax tree of the small POSIX-shell subset the simulator interprets (busybox ash / dash flavour):
 * enough for the scripts tutorials put in `sh -c`, not a complete shell.
 */

/** One piece of a word; `q` = quoted, so it is not split into fields after expansion. */
export type WordPart =
  | { k: "lit"; v: string; q: boolean }
  | { k: "var"; name: string; op?: string; arg?: Word; q: boolean }
  | { k: "cmd"; body: List; q: boolean }
  | { k: "arith"; expr: Word; q: boolean };

export interface Word {
  parts: WordPart[];
}

export interface Redir {
  fd: number;
  op: ">" | ">>" | "<" | ">&" | "<&" | "<<";
  target: Word;
  /** Here-document body (op "<<"); expanded unless the delimiter was quoted. */
  heredoc?: Word;
  /** `&>file` (bash): stdout and stderr both go to the target. */
  both?: boolean;
}

export type Cmd =
  | { t: "simple"; assigns: { name: string; value: Word }[]; words: Word[]; redirs: Redir[]; line: number }
  | { t: "if"; clauses: { cond: List; body: List }[]; otherwise?: List; redirs: Redir[] }
  | { t: "while"; until: boolean; cond: List; body: List; redirs: Redir[] }
  | { t: "for"; name: string; items?: Word[]; body: List; redirs: Redir[] }
  | { t: "case"; word: Word; arms: { pats: Word[]; body: List }[]; redirs: Redir[] }
  | { t: "group"; body: List; sub: boolean; redirs: Redir[] }
  | { t: "func"; name: string; body: Cmd };

export interface Pipeline {
  neg: boolean;
  cmds: Cmd[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: "&&" | "||"; p: Pipeline }[];
}

export interface List {
  items: { ao: AndOr; bg: boolean }[];
}

export class ShellSyntaxError extends Error {}
