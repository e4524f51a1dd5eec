import type { IDisposable } from '@xterm/xterm';

/**
 * E2E tests read what a terminal shows through this property on its host element: with the WebGL
 * renderer there is no text in the DOM to read, and waiting on content beats waiting on time.
 */
export const bufferReaderProperty = '__nsReadTerminal';

type HostWithReader = HTMLElement & { [bufferReaderProperty]?: () => string };

export function exposeBufferReader(host: HTMLElement, read: () => string): IDisposable {
  (host as HostWithReader)[bufferReaderProperty] = read;
  return { dispose: () => delete (host as HostWithReader)[bufferReaderProperty] };
}
