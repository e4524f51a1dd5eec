import { useEffect, useRef } from 'react';
import { TerminalController, type TerminalControllerOptions } from './terminalController.js';

export interface TerminalViewProps {
  options: TerminalControllerOptions;
  /** Called once the terminal is open; the returned function runs before it is disposed. */
  onReady: (controller: TerminalController) => (() => void) | void;
  className?: string;
  testId?: string;
}

/**
 * The thin React layer: creates the controller once per mount and disposes it on unmount.
 * Options and onReady are read at mount time only; a different session mounts a new view (key).
 */
export function TerminalView({ options, onReady, className, testId }: TerminalViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const initial = useRef({ options, onReady });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const controller = new TerminalController(initial.current.options);
    controller.open(host);
    const detach = initial.current.onReady(controller);
    return () => {
      detach?.();
      controller.dispose();
    };
  }, []);

  return <div ref={hostRef} className={className ? `terminal-host ${className}` : 'terminal-host'} data-testid={testId} />;
}
