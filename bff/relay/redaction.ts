/**
 * Masking secrets in device output for viewers (DESIGN.md §13): the value of a configuration
 * line such as `enable secret 5 …`, `snmp-server community …` or Junos `secret "…";` reaches
 * viewers as `****`. The owner's own terminal never goes through this.
 *
 * Pure and streaming: push() takes each decoded output chunk and returns what may go to viewers
 * now. Chunks split lines and escape sequences anywhere, so the redactor keeps the current line:
 * - A line's tail is held only while it already matches a rule, i.e. a secret value has started
 *   and may go on in the next chunk. Everything else, including a keyword cut in half
 *   (`enable sec`), goes out at once: the released part of the line is remembered and matched
 *   with what follows, and a value only starts after its keyword is complete.
 * - The caller calls flush() at most `holdMs` after holding began; a value cut by the flush is
 *   masked as far as it got, and its continuation in later chunks is dropped.
 * - Escape sequences are never matched, cut by a mask or changed; inside a masked value only the
 *   value characters are replaced, colour codes stay.
 */

/** How long the caller lets a possibly-secret line tail wait before calling flush(). */
export const defaultHoldMs = 30;

/** What the mask of one value looks like, whatever its length. */
const mask = '****';

export interface RedactionResult {
  /** Text that may go to viewers now. */
  emit: string;
  /** Secret values masked in `emit` (for a Prometheus counter). */
  masked: number;
}

export type Vendor = 'cisco' | 'arista' | 'junos';

export interface RedactionRule {
  readonly id: string;
  /** Cisco means IOS, IOS-XE and NX-OS. */
  readonly vendors: readonly Vendor[];
  /** Lower-case text every line this rule matches contains; other lines skip the regex. */
  readonly keyword: string;
  /**
   * Tested on the escape-stripped line, complete or not. It must already match once the value's
   * first character is there (nothing required after the value), or that character would go out
   * before the rule could tell.
   */
  readonly pattern: RegExp;
  /** The capture group holding the secret value. */
  readonly group: number;
  /** Only below a Cisco top-level line matching this, e.g. ` key 7 …` under `tacacs server X`. */
  readonly section?: RegExp;
  /** The line's end may be the start of this rule's value before `pattern` can match it. */
  readonly pending?: RegExp;
}

// Pattern pieces, so that the table reads like the configuration it matches.
const word = String.raw`(?<![\w-])`; // a keyword starts a word: `key` is not inside `pre-shared-key`
const ciscoType = String.raw`(?:\d\s+)?`; // the encryption type before a Cisco value: 0, 5, 7, 8, 9
const hashType = String.raw`(?:(?:sha512|\d)\s+)?`; // the same, plus Arista's `sha512`
const value = String.raw`(\S+)`;
/** Up to a dozen words in between; bounded, so a long line of repeated keywords stays linear to match. */
const someWords = String.raw`(?:\S+\s+){0,12}?`;
const quoted = String.raw`"([^"]*)`; // Junos: the secret is what is inside the quotes
const serverSection = /^(?:\S*#\s*)?(?:tacacs|radius)[- ]server\b/i;
const passwordSection = /^(?:\S*#\s*)?(?:line|router\s+bgp)\s/i;

function rule(
  id: string,
  vendors: readonly Vendor[],
  keyword: string,
  source: string,
  extra: { section?: RegExp; pending?: RegExp; caseSensitive?: boolean } = {},
): RedactionRule {
  const { caseSensitive, ...context } = extra;
  return { id, vendors, keyword, pattern: new RegExp(source, caseSensitive ? 'd' : 'di'), group: 1, ...context };
}

const cisco: Vendor[] = ['cisco'];
const ciscoArista: Vendor[] = ['cisco', 'arista'];
const junos: Vendor[] = ['junos'];

/**
 * The rule set. Where two rules find overlapping values in a line, the earlier one wins (Junos's
 * quoted forms come first: Cisco's `authentication-key <v>` would take the quotes too). Patterns
 * avoid unbounded `.*` and lookbehinds: device output is not trusted, and a long line of repeated
 * keywords must not make matching quadratic.
 */
export const redactionRules: readonly RedactionRule[] = [
  rule('junos-encrypted-password', junos, 'encrypted-password', String.raw`encrypted-password\s+${quoted}`),
  rule('junos-secret', junos, 'secret', String.raw`${word}secret\s+${quoted}`),
  rule('junos-authentication-key', junos, 'authentication-key', String.raw`authentication-key\s+(?:\d+\s+type\s+\S+\s+value\s+)?${quoted}`),
  rule('junos-pre-shared-key', junos, 'pre-shared-key', String.raw`pre-shared-key\s+(?:ascii-text|hexadecimal)\s+${quoted}`),
  // `community public {` (or `community public;`) under `snmp`; policy `community X members …;` is no secret.
  rule('junos-snmp-community', junos, 'community', String.raw`^\s*community\s+([^\s;{]+)(?![^\s;{])(?!\s+members\b)`, { caseSensitive: true }),
  rule('junos-snmp-community-set', junos, 'community', String.raw`${word}set\s+snmp\s+community\s+${value}`),
  // Any other Junos secret: `$9$` strings are reversible encodings of one, under whatever keyword.
  rule('junos-type9-value', junos, '$9$', String.raw`"(\$9\$[^"]*)`, { pending: /"(?:\$9?)?$/ }),

  rule('enable-secret', ciscoArista, 'enable', String.raw`${word}enable\s+secret\s+(?:level\s+\d+\s+)?${hashType}${value}`),
  rule('enable-password', ciscoArista, 'enable', String.raw`${word}enable\s+password\s+(?:level\s+\d+\s+)?${hashType}${value}`),
  // IOS `username bob privilege 15 secret 9 …`, NX-OS `username admin password 5 … role …`,
  // EOS `username admin role network-admin secret sha512 …`.
  rule('username-secret', ciscoArista, 'username', String.raw`${word}username\s+\S+\s+${someWords}(?:secret|password)\s+${hashType}${value}`),
  rule('eos-secret-sha512', ['arista'], 'sha512', String.raw`${word}secret\s+sha512\s+${value}`),
  rule('snmp-community', ciscoArista, 'snmp-server', String.raw`${word}snmp-server\s+community\s+(?:(?:encrypted|clear)\s+)?${value}`),
  rule(
    'snmp-host-community',
    ciscoArista,
    'snmp-server',
    String.raw`${word}snmp-server\s+host\s+\S+\s+(?:vrf\s+\S+\s+)?(?:(?:informs|traps)\s+)?(?:version\s+(?:1|2c)\s+)?(?!(?:version|vrf|informs|traps|use-vrf|filter-vrf|source-interface)\b)${value}`,
  ),
  // NX-OS and EOS show SNMPv3 keys: `snmp-server user admin network-admin auth md5 0x… priv 0x… localizedkey`.
  rule('snmp-user-auth', ciscoArista, 'snmp-server', String.raw`${word}snmp-server\s+user\s+${someWords}auth\s+(?:md5|sha\S*)\s+${value}`),
  rule(
    'snmp-user-priv',
    ciscoArista,
    'snmp-server',
    String.raw`${word}snmp-server\s+user\s+${someWords}priv\s+(?:(?:aes(?:-?\d+|\s+\d+(?=\s))?|3des|des)\s+)?${value}`,
  ),
  rule('show-snmp-community', cisco, 'community name', String.raw`^\s*community name:\s*${value}`),
  rule('key-string', cisco, 'key-string', String.raw`${word}key-string\s+${ciscoType}${value}`),
  rule(
    'pre-shared-key',
    cisco,
    'pre-shared-key',
    String.raw`${word}pre-shared-key\s+(?:(?:local|remote)\s+)?(?:address\s+\S+(?:\s+\S+)?\s+key\s+)?(?!(?:ascii-text|hexadecimal|address)\b)${ciscoType}${value}`,
  ),
  rule('isakmp-key', cisco, 'isakmp', String.raw`${word}crypto\s+isakmp\s+key\s+${ciscoType}${value}`),
  // IOS `ntp authentication-key 1 md5 <v> 7`, EOS `ntp authentication-key 1 md5 7 <v>`.
  rule('ntp-authentication-key', ciscoArista, 'ntp', String.raw`${word}ntp\s+authentication-key\s+\d+\s+(?:md5|sha1|sha256|cmac-aes-128)\s+${ciscoType}${value}`),
  rule('authentication-key', ciscoArista, 'authentication-key', String.raw`(?<!ntp\s{1,4})${word}authentication-key\s+(?!\d+\s+type\b)${ciscoType}${value}`),
  rule('ospf-message-digest-key', ciscoArista, 'message-digest-key', String.raw`${word}message-digest-key\s+\d+\s+md5\s+${ciscoType}${value}`),
  rule('bgp-neighbor-password', ciscoArista, 'password', String.raw`${word}neighbor\s+\S+\s+password\s+${ciscoType}${value}`),
  rule('tacacs-server-key', ciscoArista, 'tacacs-server', String.raw`${word}tacacs-server\s+(?:host\s+\S+\s+${someWords})?key\s+${ciscoType}${value}`),
  rule('radius-server-key', ciscoArista, 'radius-server', String.raw`${word}radius-server\s+(?:host\s+\S+\s+${someWords})?key\s+${ciscoType}${value}`),
  rule('server-private-key', cisco, 'server-private', String.raw`${word}server-private\s+\S+\s+${someWords}key\s+${ciscoType}${value}`),
  rule('server-key', cisco, 'server-key', String.raw`${word}server-key\s+${ciscoType}${value}`),
  // ` key 7 …` inside `tacacs server X` / `radius server X`; ` key 1` in a key chain is an id.
  rule('aaa-server-block-key', cisco, 'key', String.raw`^\s*key\s+${ciscoType}${value}`, { section: serverSection }),
  // ` password 7 …` under `line vty 0 4`, and NX-OS's per-neighbor ` password 3 …` under `router bgp`.
  rule('block-password', cisco, 'password', String.raw`^\s*password\s+${ciscoType}${value}`, { section: passwordSection }),
  // Typed in a sub-mode, the echo has no indentation but the prompt names the mode.
  rule('config-mode-key-echo', cisco, ')#', String.raw`\(config-(?!keychain)[\w-]+\)#\s*(?:key|password)\s+${ciscoType}${value}`),
];

const pendingRules = redactionRules.filter((r) => r.pending);
const keywords = [...new Set(redactionRules.map((r) => r.keyword))];
/** Any keyword at all, in one pass: most lines have none and leave after this one test. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyKeyword = new RegExp(keywords.map(escapeRegExp).join('|'), 'i');

/** The keywords that contain no other one: a text holds some keyword exactly when it holds one of these (fewer alternatives, a faster scan). */
function innermostKeywords(list: readonly string[]): string[] {
  return list.filter((k) => !list.some((other) => other !== k && k.includes(other)));
}

type Range = readonly [start: number, end: number];

/** A secret value in a line: line.slice(start, end); start === end when it has not started yet. */
export interface SecretValue {
  ruleId: string;
  start: number;
  end: number;
}

/** The secret values in one escape-stripped line, complete or not; `section` is the last Cisco top-level line. */
export function findSecretValues(line: string, section = ''): SecretValue[] {
  if (!anyKeyword.test(line)) return []; // most lines: prompts, tables, logs
  const lower = line.toLowerCase();
  const present = keywords.filter((k) => lower.includes(k));
  if (present.length === 0) return []; // most lines: prompts, tables, logs
  const values: SecretValue[] = [];
  for (const r of redactionRules) {
    if (!present.includes(r.keyword) || (r.section && !r.section.test(section))) continue;
    const found = r.pattern.exec(line)?.indices?.[r.group];
    if (!found) continue;
    const [start, end] = found;
    if (values.some((v) => start < v.end && v.start < end)) continue;
    // IOS's own `show tech-support` prints `<removed>` where the secret was: nothing to hide.
    values.push({ ruleId: r.id, start: line.slice(start, end) === '<removed>' ? end : start, end });
  }
  return values;
}

/** Masks a whole text at once (same result as push(text) then flush()). */
export function redactText(text: string): RedactionResult {
  const redactor = new OutputRedactor();
  const first = redactor.push(text);
  const rest = redactor.flush();
  return { emit: first.emit + rest.emit, masked: first.masked + rest.masked };
}

const ESC = 0x1b;
const BEL = 0x07;
const BS = 0x08;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const CAN = 0x18;
const SUB = 0x1a;
const DEL = 0x7f;

type ScanState = 'text' | 'escape' | 'intermediate' | 'csi' | 'string' | 'stringEscape';

/**
 * Tells, one UTF-16 code unit at a time, which characters belong to a VT escape sequence: CSI
 * (`ESC [ … final`), OSC/DCS/SOS/PM/APC strings (`ESC ] … BEL` or `… ESC \`) and two- or
 * three-character `ESC x` sequences. State carries across chunks.
 */
export class AnsiScanner {
  private state: ScanState = 'text';

  /** True while a sequence has started and not finished. */
  get inEscape(): boolean {
    return this.state !== 'text';
  }

  reset(): void {
    this.state = 'text';
  }

  /** Returns true when the character is part of an escape sequence (ESC itself included). */
  feed(code: number): boolean {
    switch (this.state) {
      case 'text':
        if (code !== ESC) return false;
        this.state = 'escape';
        return true;
      case 'escape':
        return this.afterEscape(code);
      case 'intermediate':
        if (code >= 0x20 && code <= 0x2f) return true;
        if (code >= 0x30 && code <= 0x7e) return this.finish();
        break;
      case 'csi':
        if (code >= 0x20 && code <= 0x3f) return true;
        if (code >= 0x40 && code <= 0x7e) return this.finish();
        break;
      case 'string':
        if (code === BEL || code === CAN || code === SUB) return this.finish();
        if (code === ESC) this.state = 'stringEscape';
        // xterm would swallow a line break here too; ending the string instead means the text
        // after it is still matched (masking too much is the safe way to be wrong).
        if (code !== LF && code !== CR) return true;
        break;
      case 'stringEscape':
        if (code === 0x5c) return this.finish();
        this.state = 'escape';
        return this.afterEscape(code);
    }
    // A character that cannot continue the sequence ends it and is read afresh, as xterm does.
    this.state = 'text';
    return this.feed(code);
  }

  private afterEscape(code: number): boolean {
    if (code === 0x5b) this.state = 'csi';
    else if (code === 0x5d || code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f) this.state = 'string';
    else if (code >= 0x20 && code <= 0x2f) this.state = 'intermediate';
    else if (code >= 0x30 && code <= 0x7e) this.state = 'text';
    else {
      this.state = 'text';
      return this.feed(code);
    }
    return true;
  }

  private finish(): boolean {
    this.state = 'text';
    return true;
  }
}

/** Plain characters plain[p, p+n) came from raw[r, r+n) and have not been released yet. */
interface Segment {
  p: number;
  r: number;
  n: number;
}

/** Lines longer than this keep only their last `lineWindowChars` released characters for matching. */
const maxTrackedLineChars = 2048;
const lineWindowChars = 512;

/** The line being received: its escape-stripped text, and which of it is still held. */
class LineState {
  plain = '';
  /** plain[0, sent) has been released. */
  sent = 0;
  segments: Segment[] = [];
  /** Held characters a backspace removed from `plain`: where they were, in raw and in plain. */
  erased: { r: number; p: number }[] = [];
  /** Values whose mask has been released; their remaining characters are dropped. */
  masked: Range[] = [];
  /** A flush cut a value here: what continues it in later chunks is dropped too. */
  openFrom: number | null = null;
  /** Older released text was forgotten: this is not a whole line any more. */
  trimmed = false;

  append(text: string, rawIndex: number): void {
    const last = this.segments.at(-1);
    if (last && last.r + last.n === rawIndex && last.p + last.n === this.plain.length) last.n += text.length;
    else this.segments.push({ p: this.plain.length, r: rawIndex, n: text.length });
    this.plain += text;
  }

  /** A backspace moves the cursor back and the next character overwrites: for matching, the last character is gone. */
  erase(): void {
    if (this.plain.length === 0) return;
    const held = this.plain.length > this.sent;
    this.plain = this.plain.slice(0, -1);
    if (!held) this.sent = this.plain.length;
    else {
      const last = this.segments.at(-1)!;
      this.erased.push({ r: last.r + last.n - 1, p: this.plain.length });
      if (--last.n === 0) this.segments.pop();
    }
    if (this.openFrom !== null) this.openFrom = Math.min(this.openFrom, this.plain.length);
  }

  released(): void {
    this.sent = this.plain.length;
    this.segments = [];
    this.erased = [];
  }

  rebase(by: number): void {
    for (const segment of this.segments) segment.r -= by;
    for (const erased of this.erased) erased.r -= by;
  }

  /** Bounds the memory and matching cost of a line that never ends (no newline for megabytes). */
  trim(): void {
    if (this.plain.length <= maxTrackedLineChars || this.sent <= lineWindowChars) return;
    const drop = this.sent - lineWindowChars;
    this.plain = this.plain.slice(drop);
    this.sent -= drop;
    for (const segment of this.segments) segment.p -= drop;
    for (const erased of this.erased) erased.p -= drop;
    this.masked = this.masked.map(([s, e]): Range => [s - drop, e - drop]);
    if (this.openFrom !== null) this.openFrom = Math.max(0, this.openFrom - drop);
    this.trimmed = true;
  }
}

/** A run of characters that are text in any case (no control characters, no ESC). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is excluded
const ordinaryRun = /[^\x00-\x08\x0a-\x1f\x7f]+/y;
/** What sends a whole line through the character scan: a keyword, or a control character other than TAB, CR and LF. */
const needsScan = new RegExp(`${innermostKeywords(keywords).map(escapeRegExp).join('|')}|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]`, 'gi');

function nextBreak(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
}

const isBreak = (code: number) => code === LF || code === CR;

/** Where the line holding text[at] starts, not before `floor`. */
function lineStartBefore(text: string, at: number, floor: number): number {
  let i = at;
  while (i > floor && !isBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** A Cisco top-level line (`tacacs server ISE`, not ` key 7 …`) is the section of the indented lines after it. */
const isTopLevel = (line: string) => /^\S/.test(line);
/** How much of a top-level line is kept as the section. */
const sectionChars = 256;

/** The last top-level line of the whole lines text[from, to). */
function lastTopLevelLine(text: string, from: number, to: number): string | null {
  let end = to - 1; // a line break
  while (end > from) {
    const start = lineStartBefore(text, end, from);
    const line = text.slice(start, end);
    if (isTopLevel(line)) return line;
    end = start - 1;
  }
  return null;
}

/** What ends a value cut by a flush: whitespace, a closing quote, Junos's `;`. */
const valueEnd = /[\s";]/;

export class OutputRedactor {
  readonly holdMs: number;
  private readonly scanner = new AnsiScanner();
  /** Output received and not released yet, escapes included. */
  private raw = '';
  /** raw[0, rawSent) was released during the current call. */
  private rawSent = 0;
  /** Where the unfinished escape sequence at the end of `raw` starts. */
  private escapeStart = 0;
  private line = new LineState();
  /** The last Cisco top-level line (`tacacs server ISE`): context for indented rules. */
  private section = '';
  private out = '';
  private maskedCount = 0;

  constructor(options: { holdMs?: number } = {}) {
    this.holdMs = options.holdMs ?? defaultHoldMs;
  }

  /**
   * True when some output is held back. The caller then makes sure flush() runs within `holdMs`
   * of when holding began (a timer that later pushes do not restart, or a line typed one key at
   * a time would never be released).
   */
  get holding(): boolean {
    return this.raw.length > 0;
  }

  push(text: string): RedactionResult {
    const nothingHeld = this.raw.length === 0;
    const first = nextBreak(text, 0);
    const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (first < 0 || first === last) this.scan(text);
    else {
      // The line in progress ends at the first break; whole lines follow up to the last one.
      this.scan(text.slice(0, first + 1));
      this.passWholeLines(text, first + 1, last + 1);
      this.scan(text.slice(last + 1));
    }
    const found = this.valuesInLine();
    if (!this.mayBeSecret(found)) this.release(this.safeCut(), found);
    const result = this.take();
    // Released whole and unchanged (nothing was held before, nothing masked, no character
    // dropped: those are the only changes, and each shortens the text or counts a mask): the
    // caller's own string goes out, not the copy assembled from its pieces, which the frame
    // encoder would have to flatten again for every chunk.
    if (nothingHeld && result.masked === 0 && result.emit.length === text.length) result.emit = text;
    return result;
  }

  /** Releases everything held, masking what can be masked so far. */
  flush(): RedactionResult {
    const found = this.valuesInLine();
    this.release(this.raw.length, found);
    const end = this.line.plain.length;
    if (found.some(([s, e]) => e > s && e === end)) this.line.openFrom = end;
    return this.take();
  }

  private scan(text: string): void {
    const base = this.raw.length;
    this.raw += text;
    let i = 0;
    while (i < text.length) {
      if (!this.scanner.inEscape) {
        ordinaryRun.lastIndex = i;
        const run = ordinaryRun.exec(text);
        if (run) {
          this.line.append(run[0], base + i);
          i += run[0].length;
          continue;
        }
      }
      this.scanChar(text.charCodeAt(i), base + i);
      i++;
    }
  }

  /**
   * text[from, to) is whole lines, and everything before it has been released (a line break was
   * the last thing scanned, which also ends any escape sequence). Lines with no keyword and no
   * control character but TAB cannot hold a secret: they are released as they are, in runs,
   * without the character scan; the others go through it one line at a time.
   */
  private passWholeLines(text: string, from: number, to: number): void {
    let pos = from;
    while (pos < to) {
      needsScan.lastIndex = pos;
      const hit = needsScan.exec(text);
      const lineStart = hit && hit.index < to ? lineStartBefore(text, hit.index, pos) : to;
      if (lineStart > pos) this.releasePlain(text, pos, lineStart);
      if (lineStart >= to) return;
      const lineEnd = nextBreak(text, hit!.index) + 1;
      this.scan(text.slice(lineStart, lineEnd));
      pos = lineEnd;
    }
  }

  /** Whole plain lines text[from, to) go out unchanged; the last top-level one becomes the section. */
  private releasePlain(text: string, from: number, to: number): void {
    this.out += text.slice(from, to);
    const top = lastTopLevelLine(text, from, to);
    if (top !== null) this.section = top.slice(0, sectionChars);
  }

  private scanChar(code: number, at: number): void {
    const wasText = !this.scanner.inEscape;
    if (this.scanner.feed(code)) {
      if (wasText) this.escapeStart = at;
      return;
    }
    if (code === LF || code === CR) this.endLine(at + 1);
    else if (code === BS) this.line.erase();
    else if (code === TAB || (code >= 0x20 && code !== DEL)) this.line.append(String.fromCharCode(code), at);
    // Other control characters (BEL, SO, SI, …) are not text: they go out untouched.
  }

  /** A line break (LF, CR or both): the line is complete, decide it and release it. */
  private endLine(cut: number): void {
    this.release(cut, this.valuesInLine());
    const { plain, trimmed } = this.line;
    if (!trimmed && isTopLevel(plain)) this.section = plain.slice(0, sectionChars);
    this.line = new LineState();
  }

  private valuesInLine(): Range[] {
    return findSecretValues(this.line.plain, this.section).map(({ start, end }): Range => [start, end]);
  }

  /** Hold while a value has started (it may go on) or the line may be starting one. */
  private mayBeSecret(found: Range[]): boolean {
    return found.length > 0 || pendingRules.some((r) => r.pending!.test(this.line.plain));
  }

  /** Where the held text can be cut without splitting an escape sequence. */
  private safeCut(): number {
    return this.scanner.inEscape ? Math.max(this.escapeStart, this.rawSent) : this.raw.length;
  }

  private release(cut: number, found: Range[]): void {
    const values = found.filter(([s, e]) => e > s);
    const continued = this.continuation();
    if (continued) {
      this.line.masked.push(continued); // already shown as ****: its characters are dropped
      values.push(continued);
    }
    this.out += this.render(cut, values);
    this.rawSent = cut;
    this.line.released();
  }

  /** The characters continuing a value that a flush cut, up to where such a value ends. */
  private continuation(): Range | null {
    const { plain, openFrom } = this.line;
    if (openFrom === null || openFrom >= plain.length) return null;
    const stop = plain.slice(openFrom).search(valueEnd);
    const end = stop < 0 ? plain.length : openFrom + stop;
    this.line.openFrom = stop < 0 ? end : null;
    return [openFrom, end];
  }

  /** raw[rawSent, cut) with the held characters of `values` masked. */
  private render(cut: number, values: Range[]): string {
    const { segments, sent } = this.line;
    const live = values.filter(([, e]) => e > sent);
    if (live.length === 0) return this.raw.slice(this.rawSent, cut);
    let out = '';
    let pos = this.rawSent;
    for (const segment of segments) {
      out += this.gap(pos, segment.r, live);
      for (let k = 0; k < segment.n; k++) out += this.maskChar(segment.p + k, segment.r + k, live);
      pos = segment.r + segment.n;
    }
    return out + this.gap(pos, cut, live);
  }

  /**
   * Raw text between plain characters: escapes and controls, kept. A character typed into a
   * value and then erased by a backspace (`hunter\b\b2`) is dropped; one erased before the value
   * began (a `--More--` wiped before the next line) is kept.
   */
  private gap(from: number, to: number, values: Range[]): string {
    const inValue = ({ r, p }: { r: number; p: number }) => values.some(([s]) => p >= s && r > this.rawIndexOf(s));
    const dropped = this.line.erased.filter((erased) => erased.r >= from && erased.r < to && inValue(erased));
    if (dropped.length === 0) return this.raw.slice(from, to);
    let out = '';
    for (let r = from; r < to; r++) if (!dropped.some((d) => d.r === r)) out += this.raw[r];
    return out;
  }

  /** Where plain[p] is in raw; -1 when it was released earlier. */
  private rawIndexOf(p: number): number {
    const segment = this.line.segments.find((seg) => p >= seg.p && p < seg.p + seg.n);
    return segment ? segment.r + (p - segment.p) : -1;
  }

  private maskChar(p: number, r: number, values: Range[]): string {
    const found = values.find(([s, e]) => p >= s && p < e);
    if (!found) return this.raw[r]!;
    if (this.line.masked.some(([s, e]) => s < found[1] && found[0] < e)) return '';
    this.line.masked.push(found);
    this.maskedCount++;
    return mask;
  }

  /** Hands out what was released and forgets it. */
  private take(): RedactionResult {
    const result = { emit: this.out, masked: this.maskedCount };
    this.out = '';
    this.maskedCount = 0;
    this.raw = this.raw.slice(this.rawSent);
    this.line.rebase(this.rawSent);
    this.escapeStart -= this.rawSent;
    this.rawSent = 0;
    this.line.trim();
    return result;
  }
}
