/** Auto-pause at secret prompts (DESIGN.md §13): prompt detection across chunks, and the owner's Enter. */
import { describe, expect, it } from 'vitest';
import { SecretPromptDetector, isEnter, secretPromptTailChars } from './secretPrompt.js';

const prompts = [
  'Password:',
  'Password: ',
  'password:   ',
  'PASSWORD:',
  'password for admin:',
  '[sudo] password for bob: ',
  'Enter secret:',
  'Enter password:',
  'Enter Password: ',
  "Enter passphrase for key '/home/x/.ssh/id_ed25519': ",
  "Passphrase for key '/home/x/.ssh/id_ed25519':",
  "Enter passphrase for key 'C:\\Users\\x\\.ssh\\id_rsa':",
  'Enter passphrase:',
  'Enter passphrase (empty for no passphrase): ',
  'Enter same passphrase again: ',
  'PIN:',
  'Enter PIN for PIV_II:',
  "Enter PIN for 'YubiKey 5':",
  'Verification code:',
  'OTP:',
  'Passcode: ',
  'Password for admin@10.0.0.1:',
  "admin@10.0.0.1's password: ",
  '(admin@10.0.0.1) Password: ',
  'New password:',
  'Retype new password:',
  '(current) UNIX password:',
];

/** Output before the prompt: a command, its echo and a line break. */
const before = 'R1>enable\r\n';

describe('§13 auto-pause: a secret prompt at the end of the output', () => {
  for (const prompt of prompts) {
    it(`detects "${prompt}"`, () => {
      expect(new SecretPromptDetector().feed(before + prompt)).toBe(true);
    });

    it(`detects "${prompt}" split across two chunks at every position`, () => {
      const text = before + prompt;
      for (let cut = 1; cut < text.length; cut++) {
        const detector = new SecretPromptDetector();
        detector.feed(text.slice(0, cut));
        expect(detector.feed(text.slice(cut)), `cut at ${cut}`).toBe(true);
      }
    });
  }

  it('detects a prompt wrapped in colour codes, split at every position (escapes included)', () => {
    const text = 'login as: admin\r\n\x1b[1;33m[sudo]\x1b[0m \x1b[1mpassword\x1b[22m for bob:\x1b[0m \x1b[?25h';
    expect(new SecretPromptDetector().feed(text)).toBe(true);
    for (let cut = 1; cut < text.length; cut++) {
      const detector = new SecretPromptDetector();
      detector.feed(text.slice(0, cut));
      expect(detector.feed(text.slice(cut)), `cut at ${cut}`).toBe(true);
    }
  });

  it('detects a prompt arriving one character at a time', () => {
    const detector = new SecretPromptDetector();
    const results = [...`${before}Password: `].map((ch) => detector.feed(ch));
    expect(results.at(-1)).toBe(true);
    expect(results.at(-2)).toBe(true); // `Password:` is a prompt already, before its trailing space
    expect(results.slice(0, -2).every((r) => !r)).toBe(true);
  });

  it('says false again once output follows the prompt', () => {
    const detector = new SecretPromptDetector();
    expect(detector.feed('R1>enable\r\nPassword:')).toBe(true);
    expect(detector.feed(' ok')).toBe(false);
    expect(detector.feed('\r\nR1#')).toBe(false);
    expect(detector.feed('\r\nPassword: ')).toBe(true);
    expect(detector.feed('\r\n')).toBe(false); // the owner pressed Enter: the device moved on
  });

  it('reads a line redrawn with backspaces as the terminal shows it', () => {
    expect(new SecretPromptDetector().feed('Passwrod\b\b\bord:')).toBe(true);
  });

  it('keeps only a bounded tail: a prompt after a very long line still counts, a huge line is no prompt', () => {
    const detector = new SecretPromptDetector();
    expect(detector.feed('x'.repeat(1_000_000))).toBe(false);
    expect(detector.feed(' Password:')).toBe(false);
    expect(detector.feed('\nPassword:')).toBe(true);
    expect(new SecretPromptDetector().feed(`${' '.repeat(secretPromptTailChars)}Password:`)).toBe(false);
  });
});

describe('§13 auto-pause: lines that merely mention a password', () => {
  const notPrompts = [
    'R1#show running-config | include password',
    'R1#show running-config | include password\r\nservice password-encryption\r\nusername admin password 7 0822455D0A16\r\nR1#',
    ' password 7 0822455D0A16',
    'service password-encryption',
    'Password: ok',
    'Password: ok\r\nR1#',
    'Password:\r\n',
    'Password:\r\nR1>',
    'Last password change: Mar 4 2025',
    'Password policy: strong',
    'Your password will expire in 5 days',
    'Enter configuration commands, one per line.  End with CNTL/Z.',
    'Spin:',
    'Username: ',
    'login as: ',
    '\x1b]0;Password:\x07R1#',
  ];
  for (const text of notPrompts) {
    it(`does not match ${JSON.stringify(text)}`, () => {
      expect(new SecretPromptDetector().feed(text)).toBe(false);
    });
  }
});

describe('§13 auto-pause: resuming on the owner’s Enter', () => {
  it('finds Enter in keyboard input', () => {
    expect(isEnter('\r')).toBe(true);
    expect(isEnter('hunter2\r')).toBe(true);
    expect(isEnter('\n')).toBe(true);
    expect(isEnter('\x1bOM')).toBe(true); // keypad Enter in application keypad mode
  });

  it('ignores other keys', () => {
    expect(isEnter('hunter2')).toBe(false);
    expect(isEnter('')).toBe(false);
    expect(isEnter('\x1b[A')).toBe(false);
    expect(isEnter('\x7f\t')).toBe(false);
  });
});
