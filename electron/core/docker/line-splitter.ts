/**
 * Turns a byte stream into complete lines: keeps a partial last line until its newline arrives (or the
 * stream ends), strips `\r`, and cuts absurdly long lines so one runaway writer cannot exhaust memory.
 */
export class LineSplitter {
  private partial = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly maxLineLength = 64 * 1024) {}

  push(chunk: Uint8Array): string[] {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    const lines = parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    while (this.partial.length > this.maxLineLength) {
      lines.push(this.partial.slice(0, this.maxLineLength));
      this.partial = this.partial.slice(this.maxLineLength);
    }
    return lines.flatMap((line) => this.cut(line));
  }

  /** The rest at the end of the stream (a last line without newline), if any. */
  flush(): string[] {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    return rest === '' ? [] : this.cut(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  }

  private cut(line: string): string[] {
    if (line.length <= this.maxLineLength) return [line];
    const pieces: string[] = [];
    for (let start = 0; start < line.length; start += this.maxLineLength)
      pieces.push(line.slice(start, start + this.maxLineLength));
    return pieces;
  }
}
