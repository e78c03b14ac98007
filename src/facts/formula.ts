// Derived-fact formulas: + - * / and parentheses over numbers and fact ids. A tiny
// recursive-descent parser, so no string is ever handed to eval or Function.

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'ref'; id: string }
  | { kind: 'neg'; operand: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

export class FormulaError extends Error {}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([a-z][a-z0-9_]*)|([-+*/()]))/y;

export function parseFormula(source: string): Expr {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new FormulaError(`unexpected character ${JSON.stringify(source.slice(at).trim()[0])} at position ${at + 1}`);
    tokens.push(m[1] ?? m[2] ?? m[3]!);
  }
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  function primary(): Expr {
    const t = next();
    if (t === undefined) throw new FormulaError('the formula ends too early');
    if (t === '(') {
      const e = sum();
      if (next() !== ')') throw new FormulaError('a parenthesis is not closed');
      return e;
    }
    if (t === '-') return { kind: 'neg', operand: primary() };
    if (/^\d/.test(t)) return { kind: 'number', value: Number(t) };
    if (/^[a-z]/.test(t)) return { kind: 'ref', id: t };
    throw new FormulaError(`unexpected ${JSON.stringify(t)}`);
  }
  function product(): Expr {
    let left = primary();
    while (peek() === '*' || peek() === '/') {
      const op = next() as '*' | '/';
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  }
  function sum(): Expr {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = next() as '+' | '-';
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  }
  const expr = sum();
  if (i < tokens.length) throw new FormulaError(`unexpected ${JSON.stringify(tokens[i])}`);
  return expr;
}

export function references(expr: Expr, into: Set<string> = new Set()): Set<string> {
  if (expr.kind === 'ref') into.add(expr.id);
  else if (expr.kind === 'neg') references(expr.operand, into);
  else if (expr.kind === 'binary') {
    references(expr.left, into);
    references(expr.right, into);
  }
  return into;
}

export function evaluate(expr: Expr, lookup: (id: string) => number): number {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'ref':
      return lookup(expr.id);
    case 'neg':
      return -evaluate(expr.operand, lookup);
    case 'binary': {
      const a = evaluate(expr.left, lookup);
      const b = evaluate(expr.right, lookup);
      if (expr.op === '+') return a + b;
      if (expr.op === '-') return a - b;
      if (expr.op === '*') return a * b;
      if (b === 0) throw new FormulaError('division by zero');
      return a / b;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Units: every value in a formula carries its dimension, currencies with exponents
// (US$ per yuan is {USD: 1, CNY: -1}); counts, percentages and numbers are dimensionless.

export interface Dimension {
  /** Currency code -> exponent; empty for a dimensionless number. */
  units: Record<string, number>;
  /** A sourced rate fact takes part by × or ÷, so the result may be in another currency. */
  converts: boolean;
  /** The ids of sourced rate facts that take part, for messages. */
  rates: string[];
}

export class UnitError extends Error {}

export const dimensionless = (): Dimension => ({ units: {}, converts: false, rates: [] });

export function describeDimension(d: Pick<Dimension, 'units'>): string {
  const entries = Object.entries(d.units).filter(([, e]) => e !== 0);
  if (entries.length === 0) return 'a plain number';
  const up = entries.filter(([, e]) => e > 0).map(([u, e]) => (e === 1 ? u : `${u}^${e}`));
  const down = entries.filter(([, e]) => e < 0).map(([u, e]) => (e === -1 ? u : `${u}^${-e}`));
  return `${up.join('·') || '1'}${down.length ? ` per ${down.join('·')}` : ''}`;
}

const sameUnits = (a: Record<string, number>, b: Record<string, number>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};

function combine(a: Record<string, number>, b: Record<string, number>, sign: 1 | -1): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, e] of Object.entries(b)) {
    const v = (out[k] ?? 0) + sign * e;
    if (v === 0) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** The dimension of a formula; throws UnitError naming the sum that mixes units. */
export function dimensionOf(expr: Expr, lookup: (id: string) => Dimension): Dimension {
  switch (expr.kind) {
    case 'number':
      return dimensionless();
    case 'ref':
      return lookup(expr.id);
    case 'neg':
      return dimensionOf(expr.operand, lookup);
    case 'binary': {
      const a = dimensionOf(expr.left, lookup);
      const b = dimensionOf(expr.right, lookup);
      const merged = { converts: a.converts || b.converts, rates: [...new Set([...a.rates, ...b.rates])] };
      if (expr.op === '+' || expr.op === '-') {
        if (!sameUnits(a.units, b.units)) {
          throw new UnitError(`\`${show(expr.left)}\` (${describeDimension(a)}) ${expr.op === '+' ? 'plus' : 'minus'} \`${show(expr.right)}\` (${describeDimension(b)}) mixes units`);
        }
        return { units: a.units, ...merged };
      }
      return { units: combine(a.units, b.units, expr.op === '*' ? 1 : -1), ...merged };
    }
  }
}

/** A formula written back as text, for messages. */
export function show(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'ref':
      return expr.id;
    case 'neg':
      return `-${show(expr.operand)}`;
    case 'binary':
      return `${wrap(expr.left, expr.op, false)} ${expr.op} ${wrap(expr.right, expr.op, true)}`;
  }
}

function wrap(e: Expr, op: string, right: boolean): string {
  if (e.kind !== 'binary') return show(e);
  const weak = e.op === '+' || e.op === '-';
  const strong = op === '*' || op === '/';
  return (weak && strong) || (right && (op === '-' || op === '/')) ? `(${show(e)})` : show(e);
}

// ---------------------------------------------------------------------------------------
// Bounds: "more than 7.5 billion" is the interval (7.5e9, ∞); exact figures are points;
// approximate figures are points marked approximate. Interval arithmetic carries the bounds
// through a formula, so a derived fact says "more than" only where that is honest.

export interface Bound {
  value: number;
  /** An open end: "more than" rather than "at least". */
  open: boolean;
}

export interface Interval {
  lo: Bound;
  hi: Bound;
  /** Some input is only approximate ("about", "approximately", "nearly"). */
  approx: boolean;
  /** Ids of the approximate inputs, for the note that says why. */
  approxInputs: string[];
}

export const point = (value: number): Interval => ({ lo: { value, open: false }, hi: { value, open: false }, approx: false, approxInputs: [] });

function merge(a: Interval, b: Interval): Pick<Interval, 'approx' | 'approxInputs'> {
  return { approx: a.approx || b.approx, approxInputs: [...new Set([...a.approxInputs, ...b.approxInputs])] };
}

/** a × b with the convention ∞ × 0 = 0 (a bound times an exact zero is zero). */
const times = (a: number, b: number) => (a === 0 || b === 0 ? 0 : a * b);

function product(a: Interval, b: Interval): Interval {
  const candidates: Bound[] = [];
  for (const x of [a.lo, a.hi]) for (const y of [b.lo, b.hi]) candidates.push({ value: times(x.value, y.value), open: x.open || y.open });
  const min = Math.min(...candidates.map((c) => c.value));
  const max = Math.max(...candidates.map((c) => c.value));
  // An end is open only if every way of reaching it is open.
  const lo = { value: min, open: candidates.filter((c) => c.value === min).every((c) => c.open) };
  const hi = { value: max, open: candidates.filter((c) => c.value === max).every((c) => c.open) };
  return { lo, hi, ...merge(a, b) };
}

/** The interval a formula's value lies in, given each input's interval. */
export function intervalOf(expr: Expr, lookup: (id: string) => Interval): Interval {
  switch (expr.kind) {
    case 'number':
      return point(expr.value);
    case 'ref':
      return lookup(expr.id);
    case 'neg': {
      const a = intervalOf(expr.operand, lookup);
      return { lo: { value: -a.hi.value, open: a.hi.open }, hi: { value: -a.lo.value, open: a.lo.open }, approx: a.approx, approxInputs: a.approxInputs };
    }
    case 'binary': {
      const a = intervalOf(expr.left, lookup);
      const b = intervalOf(expr.right, lookup);
      switch (expr.op) {
        case '+':
          return { lo: { value: a.lo.value + b.lo.value, open: a.lo.open || b.lo.open }, hi: { value: a.hi.value + b.hi.value, open: a.hi.open || b.hi.open }, ...merge(a, b) };
        case '-':
          return { lo: { value: a.lo.value - b.hi.value, open: a.lo.open || b.hi.open }, hi: { value: a.hi.value - b.lo.value, open: a.hi.open || b.lo.open }, ...merge(a, b) };
        case '*':
          return product(a, b);
        case '/': {
          // A divisor is never zero (that is an error), so "up to 4,300" divides as (0, 4,300]
          // and its reciprocal is [1/4,300, ∞). A divisor on both sides of zero bounds nothing.
          const unbounded: Interval = { lo: { value: -Infinity, open: true }, hi: { value: Infinity, open: true }, ...merge(a, b) };
          if (b.lo.value < 0 && b.hi.value > 0) return unbounded;
          if (b.lo.value === 0 && b.hi.value === 0) return unbounded;
          const inverse = (x: Bound, towards: number): Bound => (x.value === 0 ? { value: towards, open: true } : { value: 1 / x.value, open: x.open });
          const reciprocal: Interval = { lo: inverse(b.hi, -Infinity), hi: inverse(b.lo, Infinity), approx: b.approx, approxInputs: b.approxInputs };
          return product(a, reciprocal);
        }
      }
    }
  }
}
