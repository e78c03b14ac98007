// Zip entries deflated ahead of time through a bounded cache (src/pptx/entries.ts): the zip
// must be byte for byte the one JSZip writes when it compresses the same entries itself, read
// back with the same contents, and the cache must stay within its bound.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { addDeflated, entryCacheStats, ZIP_LEVEL } from '../src/pptx/entries.js';

const DATE = new Date(Date.UTC(1980, 0, 1));
// Text (with non-ASCII), binary, a large repetitive entry (many deflate blocks) and an empty one.
const ENTRIES: [string, string | Uint8Array][] = [
  ['[Content_Types].xml', '<?xml version="1.0"?><Types>' + '<Override PartName="/ppt/slides/slide1.xml"/>'.repeat(40) + '</Types>'],
  ['ppt/slides/slide1.xml', '<p:sld><a:t>Zürich – 上海 “quoted” 12.5%</a:t></p:sld>'],
  ['ppt/media/image1.bin', Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)],
  ['ppt/big.xml', '<a:p><a:r><a:t>row</a:t></a:r></a:p>\n'.repeat(20_000)],
  ['docProps/empty.xml', ''],
];

function generate(zip: JSZip): Promise<Uint8Array> {
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: ZIP_LEVEL }, platform: 'UNIX' });
}

describe('pptx zip entries', () => {
  it('writes the zip JSZip writes, first from fresh entries and then from the cache', async () => {
    const plain = new JSZip();
    for (const [name, data] of ENTRIES) plain.file(name, data, { date: DATE, createFolders: false });
    const expected = await generate(plain);
    for (let round = 0; round < 2; round++) {
      const ours = new JSZip();
      for (const [name, data] of ENTRIES) addDeflated(ours, name, data, DATE);
      const got = await generate(ours);
      expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
      const back = await JSZip.loadAsync(got, { checkCRC32: true });
      for (const [name, data] of ENTRIES) {
        if (typeof data === 'string') expect(await back.file(name)!.async('string')).toBe(data);
        else expect(Buffer.from(await back.file(name)!.async('uint8array')).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  it('keeps the cache within its bound', () => {
    let seed = 11;
    const noise = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const { limit } = entryCacheStats();
    for (let i = 0; i < Math.ceil(limit / (128 * 1024)) + 6; i++) {
      addDeflated(new JSZip(), 'x.bin', noise(128 * 1024), DATE);
      expect(entryCacheStats().bytes).toBeLessThanOrEqual(limit);
    }
    expect(entryCacheStats().entries).toBeGreaterThan(0);
  });
});
