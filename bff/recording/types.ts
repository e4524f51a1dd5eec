/** What the session host tells its recording (DESIGN.md §14): the owner's full output, sizes, the end. */
export interface SessionRecorder {
  output(data: string, atMs: number): void;
  resize(cols: number, rows: number, atMs: number): void;
  end(atMs: number): void;
}
