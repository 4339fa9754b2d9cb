import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { encodePng, readPngHeader, type RgbaImage } from '../../src/manifest/png';

const MANIFEST_DIR = path.resolve(__dirname, '../../manifest');

/** An independent PNG decoder for 8-bit grey+alpha / RGBA, non-interlaced: checks chunk CRCs, undoes all five filters. */
function decodePng(file: Buffer): RgbaImage & { colorType: number } {
  const header = readPngHeader(file);
  if (header.bitDepth !== 8 || header.interlace !== 0 || (header.colorType !== 6 && header.colorType !== 4)) {
    throw new Error(`decoder supports 8-bit RGBA/grey+alpha only, got ${JSON.stringify(header)}`);
  }
  const channels = header.colorType === 6 ? 4 : 2;
  const idat: Buffer[] = [];
  let offset = 8;
  let sawEnd = false;
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (file.readUInt32BE(offset + 8 + length) !== crc32(file.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`);
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') sawEnd = true;
    offset += 12 + length;
  }
  if (!sawEnd) throw new Error('no IEND chunk');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * channels;
  if (raw.length !== (stride + 1) * header.height) throw new Error('IDAT has the wrong size');
  const rows = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (rows[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? -1];
      if (predictor === undefined) throw new Error(`unknown filter ${filter}`);
      rows[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const pixels = new Uint8Array(header.width * header.height * 4);
  for (let i = 0; i < header.width * header.height; i++) {
    const [r, g, b, alpha] =
      channels === 4 ? [rows[i * 4], rows[i * 4 + 1], rows[i * 4 + 2], rows[i * 4 + 3]] : [rows[i * 2], rows[i * 2], rows[i * 2], rows[i * 2 + 1]];
    pixels.set([r ?? 0, g ?? 0, b ?? 0, alpha ?? 0], i * 4);
  }
  return { width: header.width, height: header.height, pixels, colorType: header.colorType };
}

function alphas(image: RgbaImage): number[] {
  return Array.from({ length: image.width * image.height }, (_, i) => image.pixels[i * 4 + 3] ?? 0);
}

describe('committed app icons', () => {
  test('color.png is a 192x192 PNG, opaque in the middle, with more than one colour', () => {
    const file = readFileSync(path.join(MANIFEST_DIR, 'color.png'));
    expect(readPngHeader(file)).toMatchObject({ width: 192, height: 192 });
    const image = decodePng(file);
    const centre = (96 * 192 + 96) * 4;
    expect(image.pixels[centre + 3]).toBe(255);
    const colours = new Set<string>();
    for (let i = 0; i < image.pixels.length; i += 4) colours.add(image.pixels.subarray(i, i + 3).join(','));
    expect(colours.size).toBeGreaterThan(2);
  });

  test('outline.png is 32x32 with an alpha channel, a transparent background and a white glyph', () => {
    const file = readFileSync(path.join(MANIFEST_DIR, 'outline.png'));
    expect(readPngHeader(file)).toMatchObject({ width: 32, height: 32 });
    const image = decodePng(file);
    expect([4, 6]).toContain(image.colorType);
    const a = alphas(image);
    expect(a[0]).toBe(0); // corner: background
    expect(a.filter((v) => v === 0).length).toBeGreaterThan(100);
    expect(a.filter((v) => v === 255).length).toBeGreaterThan(100);
    const nonWhiteVisible = a.flatMap((alpha, i) => (alpha > 0 && image.pixels.subarray(i * 4, i * 4 + 3).some((c) => c !== 255) ? [i] : []));
    expect(nonWhiteVisible).toEqual([]);
  });
});

describe('encodePng / readPngHeader', () => {
  test('an encoded image decodes to the same pixels', () => {
    const width = 7;
    const height = 5;
    const pixels = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + (i >> 3) * 11) & 0xff);
    const decoded = decodePng(encodePng({ width, height, pixels }));
    expect(decoded).toMatchObject({ width, height, colorType: 6 });
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  test('rejects pixel data of the wrong length and files that are not PNGs', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) })).toThrow(/expected 16 bytes/);
    expect(() => readPngHeader(Buffer.from('GIF89a not a png at all, not at all'))).toThrow(/not a PNG/);
  });
});
