/**
 * Detecting that a session's output ends in a prompt for a secret (DESIGN.md §13 auto-pause):
 * `Password:`, `[sudo] password for bob:`, `Enter passphrase for key '…':`, `PIN:` and the like.
 * Whatever is typed after such a prompt is the secret (devices do not echo it, but some
 * terminals and misconfigured hosts do), so sharing pauses until the owner's next Enter.
 *
 * Only the very end of the output counts: the prompt must be the whole last line so far, so
 * `Password: ok` followed by more text, or `service password-encryption`, never match.
 */
import { AnsiScanner } from './redaction.js';

/** How much of the last line is kept (escape-stripped); a longer line cannot be a prompt. */
export const secretPromptTailChars = 256;

/** Words that may come before the prompt word: `Enter`, `Retype new`, `(current) UNIX`, `Enter same`. */
const leadWords = String.raw`(?:(?:enter|re-?enter|retype|repeat|confirm|new|current|old|same|your|the|enable|unix|login|user|account|ssh|key)\s+)*`;
const promptWords = String.raw`(?:password|passphrase|passcode|secret|pin|verification\s+code|otp|one-time\s+(?:password|code))`;
/** `for key '/home/x/.ssh/id_ed25519'`, `for bob`, `for user@host`; quotes may hold a colon (`C:\…`). */
const forWhom = String.raw`(?:\s+(?:for|of)\s+(?:'[^']*'|"[^"]*"|[^:'"])*?)?`;

const secretPromptLine = new RegExp(
  String.raw`^\s*(?:\[sudo\]\s*|\([^)]*\)\s*)?(?:\S+'s\s+)?${leadWords}${promptWords}(?:\s+again)?(?:\s*\([^)]*\))?${forWhom}\s*:\s*$`,
  'i',
);

const BS = 0x08;
const TAB = 0x09;
const DEL = 0x7f;

export class SecretPromptDetector {
  private readonly scanner = new AnsiScanner();
  /** The escape-stripped text since the last line break, at most `secretPromptTailChars`. */
  private line = '';
  /** The line is longer than what is kept. */
  private overlong = false;

  /** Feeds the next output chunk; true when the output so far now ends with a secret prompt. */
  feed(text: string): boolean {
    // A line break ends any escape sequence for the scanner too (AnsiScanner treats CR/LF as
    // text in every state), so everything before the last one can be skipped.
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak >= 0) {
      this.scanner.reset();
      this.line = '';
      this.overlong = false;
    }
    this.append(text, lastBreak + 1);
    return !this.overlong && secretPromptLine.test(this.line);
  }

  private append(text: string, from: number): void {
    for (let i = from; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.scanner.feed(code)) continue;
      if (code === BS) this.line = this.line.slice(0, -1);
      else if (code === TAB || (code >= 0x20 && code !== DEL)) this.line += text[i];
      if (this.line.length > 2 * secretPromptTailChars) this.keepTail();
    }
    if (this.line.length > secretPromptTailChars) this.keepTail();
  }

  private keepTail(): void {
    this.line = this.line.slice(-secretPromptTailChars);
    this.overlong = true;
  }
}

/**
 * Whether owner keyboard input contains Enter: CR or LF, or the keypad's Enter in application
 * keypad mode (`ESC O M`). Auto-pause resumes after it.
 */
export function isEnter(input: string): boolean {
  return input.includes('\r') || input.includes('\n') || input.includes('\x1bOM');
}
