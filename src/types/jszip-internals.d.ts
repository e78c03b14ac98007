// JSZip's own modules for a zip entry compressed ahead of time (src/pptx/entries.ts): its
// deflate (the pako it bundles, so the bytes are the ones JSZip writes), its CRC-32 and the
// CompressedObject that `file()` accepts and `generateAsync()` copies without compressing
// again. JSZip ships no declarations for them; this is the part we use.
declare module 'jszip/lib/compressedObject.js' {
  export default class CompressedObject {
    constructor(compressedSize: number, uncompressedSize: number, crc32: number, compression: object, data: Uint8Array);
    readonly compressedSize: number;
    readonly uncompressedSize: number;
  }
}
declare module 'jszip/lib/flate.js' {
  interface Chunk {
    data: Uint8Array;
    meta: object;
  }
  interface FlateWorker {
    on(event: 'data', listener: (chunk: Chunk) => void): void;
    processChunk(chunk: Chunk): void;
    flush(): void;
    cleanUp(): void;
  }
  const flate: { magic: string; compressWorker(options: { level: number }): FlateWorker };
  export default flate;
}
declare module 'jszip/lib/crc32.js' {
  export default function crc32(input: Uint8Array | string, crc?: number): number;
}
