import type { ITheme } from '@xterm/xterm';

/** Dark, low-glare palette for screens kept open all day; ANSI colours tuned for AA on #0b0f14. */
export const terminalTheme: ITheme = {
  background: '#0b0f14',
  foreground: '#d7dde5',
  cursor: '#5ec4ff',
  cursorAccent: '#0b0f14',
  selectionBackground: '#2d4a6b',
  black: '#1c232c',
  red: '#ff6b6b',
  green: '#6bd66b',
  yellow: '#f5c451',
  blue: '#5ea8ff',
  magenta: '#d08cff',
  cyan: '#4fd6d6',
  white: '#d7dde5',
  brightBlack: '#7b8794',
  brightRed: '#ff8f8f',
  brightGreen: '#8ff08f',
  brightYellow: '#ffd97a',
  brightBlue: '#8cc2ff',
  brightMagenta: '#e2b3ff',
  brightCyan: '#7fe9e9',
  brightWhite: '#ffffff',
};

export const terminalFontFamily =
  "'JetBrains Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";
export const terminalFontSize = 14;
