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
