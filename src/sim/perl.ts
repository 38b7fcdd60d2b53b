/**
 * The perl image, for the Job every tutorial runs: `perl -Mbignum=bpi -wle "print bpi(2000)"` prints π to
 * 2000 significant digits and exits 0. π comes from Machin's formula in BigInt fixed point, so the digits
 * are the real ones; the run takes as long as a small node takes (a few seconds for 2000 digits).
 * Other one-liners: `-e`/`-le` with `print "text"` print the text; anything else exits 0 quietly.
 */
import type { Program } from "./shell/interp";

/** π to `digits` significant digits, as Math::BigFloat prints it ("3.14159…"). */
export function piDigits(digits: number): string {
  const n = Math.max(1, Math.min(digits, 100_000));
  const scale = 10n ** BigInt(n + 10);
  // arctan(1/x) * scale by its Taylor series.
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    for (let k = 0n; term !== 0n; k++) {
      const t = term / (2n * k + 1n);
      sum += k % 2n === 0n ? t : -t;
      term /= x2;
    }
    return sum;
  };
  const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
  // Round to n significant digits (Math::BigFloat rounds half up at the requested accuracy).
  const s = pi.toString();
  const keep = s.slice(0, n);
  const next = Number(s[n] ?? "0");
  const text = (BigInt(keep) + (next >= 5 ? 1n : 0n)).toString();
  return n === 1 ? text : `${text[0]}.${text.slice(1)}`;
}

function oneLiner(argv: string[]): { code?: string; newline: boolean } {
  let newline = false;
  let code: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (/^-[A-Za-z]*e$/.test(a)) {
      if (a.includes("l")) newline = true;
      code = argv[i + 1];
      i++;
    } else if (/^-[wl]+$/.test(a)) {
      if (a.includes("l")) newline = true;
    }
  }
  return { code, newline };
}

export const perl: Program = (sh, argv) => {
  const { code, newline } = oneLiner(argv);
  if (code === undefined) return 0;
  const end = newline ? "\n" : "";
  const bpi = /print\s+bpi\(\s*(\d+)\s*\)/.exec(code);
  if (bpi) {
    const digits = Number(bpi[1]);
    // A small node computes 2000 digits with bignum in roughly 5 s; it grows with the square of the digits.
    sh.world.now += Math.round(1000 + 4000 * (digits / 2000) ** 2);
    sh.io.out.write(`${piDigits(digits)}${end}`);
    return 0;
  }
  const str = /print\s+(["'])(.*?)\1/.exec(code);
  if (str) sh.io.out.write(`${str[2].replace(/\\n/g, "\n")}${end}`);
  return 0;
};
