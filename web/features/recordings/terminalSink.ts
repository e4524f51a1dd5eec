import type { TerminalController } from '../../terminal/terminalController.js';
import type { PlayerSink } from './player.js';

/**
 * The player's output into an xterm terminal. xterm parses writes later, in order, and runs each
 * write's callback before parsing the next, so a size change rides on an empty write's callback:
 * it lands exactly between the output written before and after it.
 */
export function terminalSink(controller: TerminalController): PlayerSink {
  const { terminal } = controller;
  return {
    reset: (cols, rows, data) => {
      terminal.write('\x1bc', () => controller.resize(cols, rows));
      if (data) terminal.write(data);
    },
    write: (data) => terminal.write(data),
    resize: (cols, rows) => terminal.write('', () => controller.resize(cols, rows)),
    flushed: (callback) => terminal.write('', callback),
  };
}
