/**
 * The demo router's command-line grammar, the way IOS reads a line: one tree of keywords and
 * parameters per mode, every keyword matched by a unique prefix (`sh ip int br`), `?` listing what
 * may come next, Tab completing a word. Knows nothing of SSH: demoShell.ts feeds it lines.
 */

/** What a parameter turned a token into; `note` is a line the router prints first (a capped value). */
export interface ParamValue {
  value: string | number;
  note?: string;
}

export interface Param {
  /** The argument's name in the command's action. */
  key: string;
  /** What `?` shows for it: `WORD`, `LINE`, `<1-2147483647>`, `A.B.C.D`. */
  label: string;
  help: string;
  /** The value, or null when the token does not fit here (the router then points its caret at it). */
  accept(token: string): ParamValue | null;
  /** Takes the rest of the line, spaces included (secrets, descriptions). */
  rest?: boolean;
}

export type Mode = 'user' | 'exec' | 'config';

export interface CommandNode<Action> {
  keyword?: string;
  param?: Param;
  help: string;
  children?: CommandNode<Action>[];
  /** Set when the command may end here. */
  run?: Action;
  /** Only in privileged EXEC (and not at the `>` prompt). */
  privileged?: boolean;
  /** Matched but not listed by `?` (old spellings). */
  hidden?: boolean;
  /** How `?` spells the keyword when IOS capitalises it (`RO`). */
  display?: string;
}

export interface Token {
  text: string;
  start: number;
}

export type ParseResult<Action> =
  | { kind: 'ok'; node: CommandNode<Action>; run: Action; args: Record<string, string | number>; notes: string[]; path: string[] }
  /** `at` is the column of the offending token in the line. */
  | { kind: 'invalid'; at: number }
  | { kind: 'ambiguous' }
  | { kind: 'incomplete' }
  /** A first word that is no command at all. */
  | { kind: 'unknown' };

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const match of line.matchAll(/\S+/g)) tokens.push({ text: match[0], start: match.index });
  return tokens;
}

function visible<A>(node: CommandNode<A>, mode: Mode): boolean {
  return !(node.privileged && mode === 'user');
}

type Step<A> = { node: CommandNode<A>; value?: ParamValue } | 'ambiguous' | null;

/** One word against the choices at one level: an exact keyword, else a unique prefix, else a parameter. */
function step<A>(choices: CommandNode<A>[], token: string, mode: Mode): Step<A> {
  const lower = token.toLowerCase();
  const keywords = choices.filter((node) => node.keyword !== undefined && visible(node, mode));
  const exact = keywords.find((node) => node.keyword === lower);
  if (exact) return { node: exact };
  const prefixed = keywords.filter((node) => node.keyword!.startsWith(lower));
  if (prefixed.length === 1) return { node: prefixed[0]! };
  for (const node of choices) {
    if (!node.param || !visible(node, mode)) continue;
    const value = node.param.accept(token);
    if (value) return { node, value };
  }
  return prefixed.length > 1 ? 'ambiguous' : null;
}

export function parse<A>(roots: CommandNode<A>[], line: string, mode: Mode): ParseResult<A> {
  const tokens = tokenize(line);
  let choices = roots;
  let node: CommandNode<A> | null = null;
  const args: Record<string, string | number> = {};
  const notes: string[] = [];
  const path: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const found = step(choices, token.text, mode);
    if (found === 'ambiguous') return { kind: 'ambiguous' };
    if (found === null) return i === 0 && tokens.length === 1 ? { kind: 'unknown' } : { kind: 'invalid', at: token.start };
    node = found.node;
    if (node.param) {
      const value = node.param.rest ? node.param.accept(line.slice(token.start).trimEnd()) : found.value!;
      if (!value) return { kind: 'invalid', at: token.start };
      args[node.param.key] = value.value;
      if (value.note) notes.push(value.note);
      path.push(node.param.label);
      if (node.param.rest) break;
    } else {
      path.push(node.keyword!);
    }
    choices = node.children ?? [];
  }
  if (!node) return { kind: 'incomplete' };
  if (!node.run) return { kind: 'incomplete' };
  return { kind: 'ok', node, run: node.run, args, notes, path };
}

/**
 * What `?` prints for `line` (everything typed before the `?`): the words that may follow, or,
 * when the line ends inside a word, the keywords that word may be the start of. Null when the
 * line before it does not parse ("% Unrecognized command").
 */
export function help<A>(roots: CommandNode<A>[], line: string, mode: Mode): string[] | null {
  const tokens = tokenize(line);
  const partial = line.length > 0 && !/\s$/.test(line) ? tokens.pop()! : null;
  let choices = roots;
  let node: CommandNode<A> | null = null;
  for (const token of tokens) {
    const found = step(choices, token.text, mode);
    if (found === null || found === 'ambiguous') return null;
    node = found.node;
    if (node.param?.rest) return ['  <cr>'];
    choices = node.children ?? [];
  }
  const listed = choices.filter((choice) => !choice.hidden && visible(choice, mode));
  if (partial) {
    const lower = partial.text.toLowerCase();
    const words = listed.filter((choice) => choice.keyword?.startsWith(lower)).map((choice) => choice.display ?? choice.keyword!);
    return words.length ? [words.map((word) => `${word}  `).join('')] : null;
  }
  const rows: [string, string][] = listed.map((choice) => [choice.display ?? choice.keyword ?? choice.param!.label, choice.help]);
  if (node?.run) rows.push(['<cr>', '']);
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`.trimEnd());
}

/** Tab: the line with its last word completed, or null when that word is not a unique prefix. */
export function complete<A>(roots: CommandNode<A>[], line: string, mode: Mode): string | null {
  const tokens = tokenize(line);
  const last = tokens.at(-1);
  if (!last || /\s$/.test(line)) return null;
  let choices = roots;
  for (const token of tokens.slice(0, -1)) {
    const found = step(choices, token.text, mode);
    if (found === null || found === 'ambiguous' || found.node.param?.rest) return null;
    choices = found.node.children ?? [];
  }
  const lower = last.text.toLowerCase();
  const matches = choices.filter((choice) => choice.keyword?.startsWith(lower) && visible(choice, mode) && !choice.hidden);
  const exact = matches.find((choice) => choice.keyword === lower);
  const only = exact ?? (matches.length === 1 ? matches[0] : undefined);
  return only ? `${line.slice(0, last.start)}${only.keyword} ` : null;
}

// Parameter kinds. Every one bounds what it accepts: a value the router would have to act on in
// proportion to its size (a rate, a repeat count) is capped, and the cap is printed.

/** `max` is what IOS accepts; a `cap` below it is what the demo router acts on (and what `?` shows). */
export function integer(key: string, min: number, max: number, help: string, cap?: { at: number; note: string }): Param {
  return {
    key,
    label: `<${min}-${cap?.at ?? max}>`,
    help,
    accept(token) {
      // Digits only: `-5`, `1e9`, `0x10`, `NaN` and `Infinity` are not numbers to IOS either.
      if (!/^\d+$/.test(token)) return null;
      const value = Number(token);
      if (value < min || value > max) return null;
      if (cap && value > cap.at) return { value: cap.at, note: cap.note };
      return { value };
    },
  };
}

export function word(key: string, help: string, maxLength: number, pattern = /^[\x21-\x7e]+$/): Param {
  return { key, label: 'WORD', help, accept: (token) => (token.length <= maxLength && pattern.test(token) ? { value: token } : null) };
}

export function restOfLine(key: string, help: string, maxLength: number): Param {
  return { key, label: 'LINE', help, rest: true, accept: (text) => (text.length > 0 && text.length <= maxLength ? { value: text } : null) };
}

export function ipv4(key: string, help: string): Param {
  return {
    key,
    label: 'A.B.C.D',
    help,
    accept(token) {
      const parts = token.split('.');
      const valid = parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
      return valid ? { value: parts.map(Number).join('.') } : null;
    },
  };
}
