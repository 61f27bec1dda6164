/** Little-endian byte writing and bounds-checked reading for the container layout. */
export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private fixed(size: number, set: (v: DataView) => void): void {
    const b = new Uint8Array(size);
    set(new DataView(b.buffer));
    this.bytes(b);
  }

  u8(n: number): void {
    this.fixed(1, (v) => v.setUint8(0, n));
  }

  u32(n: number): void {
    this.fixed(4, (v) => v.setUint32(0, n, true));
  }

  /** Unsigned LEB128: 7 bits a byte, low bits first; small numbers take one byte. */
  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint of ${n}`);
    const out: number[] = [];
    let rest = n;
    while (rest >= 0x80) {
      out.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    out.push(rest);
    this.bytes(Uint8Array.from(out));
  }

  /** u8 length + UTF-8; for ids and versions. */
  shortString(s: string): void {
    const b = new TextEncoder().encode(s);
    if (b.length > 0xff) throw new RangeError(`'${s}' is longer than 255 bytes`);
    this.u8(b.length);
    this.bytes(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export class ByteReader {
  offset = 0;
  private view: DataView;

  /** `truncated` and `corrupt` build the errors thrown when a read runs past the end or makes no sense. */
  constructor(
    private readonly data: Uint8Array,
    private readonly truncated: () => Error,
    private readonly corrupt: () => Error,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private take(size: number): number {
    if (this.offset + size > this.data.length) throw this.truncated();
    const at = this.offset;
    this.offset += size;
    return at;
  }

  skip(size: number): void {
    this.take(size);
  }

  bytes(size: number): Uint8Array {
    const at = this.take(size);
    return this.data.subarray(at, at + size);
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }

  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }

  /** Unsigned LEB128; more than 8 bytes (past 2^56) cannot be a real length here and counts as corruption. */
  varint(): number {
    let n = 0;
    for (let i = 0, scale = 1; i < 8; i += 1, scale *= 0x80) {
      const b = this.u8();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
    }
    throw this.corrupt();
  }

  shortString(): string {
    return new TextDecoder().decode(this.bytes(this.u8()));
  }
}
