/**
 * The last stretch of a session's output, kept to seed a headless screen when one is needed (the
 * owner's repaint, the viewers' current screen). Pieces are kept as they came and dropped whole
 * from the front, so keeping costs nothing per character: re-slicing one growing string every
 * 64 KiB cost 14 ms per MB of output, twice per session (measured with the burst's debug stream).
 */
export class RecentOutput {
  private pieces: string[] = [];
  /** Index of the oldest piece still kept (pieces before it are dropped lazily). */
  private first = 0;
  private chars = 0;
  private trimmed = false;

  /** Keeps at least the last `keep` characters, and at most `max` plus one piece. */
  constructor(
    private readonly max: number,
    private readonly keep: number,
  ) {}

  get length(): number {
    return this.chars;
  }

  push(data: string): void {
    if (data === '') return;
    let piece = data;
    if (piece.length > this.max) {
      // One piece longer than the bound is cut to its own tail.
      piece = piece.slice(piece.length - this.keep);
      this.trimmed = true;
    }
    this.pieces.push(piece);
    this.chars += piece.length;
    if (this.chars <= this.max) return;
    while (this.chars - this.pieces[this.first]!.length >= this.keep) {
      this.chars -= this.pieces[this.first]!.length;
      this.first += 1;
      this.trimmed = true;
    }
    if (this.first >= 1024) {
      this.pieces = this.pieces.slice(this.first);
      this.first = 0;
    }
  }

  /**
   * The kept output; once some was dropped, from the first line start near its beginning, so that
   * no escape sequence or character cut in half reaches the screen it seeds.
   */
  text(): string {
    const text = this.pieces.slice(this.first).join('');
    if (!this.trimmed) return text;
    const lineStart = text.indexOf('\n');
    return lineStart >= 0 && lineStart < 4096 ? text.slice(lineStart + 1) : text;
  }
}
