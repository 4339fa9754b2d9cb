/**
 * Draws the two Teams app icons and writes manifest/color.png (192x192) and manifest/outline.png (32x32):
 * a contact card (person + text lines). Run with `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 * Shapes are described in unit coordinates (0..1) and rendered with 4x4 supersampling for smooth edges.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng, type RgbaImage } from '../src/manifest/png';
import { findProjectRoot } from '../src/manifest/project-root';

type Shape = (x: number, y: number) => boolean;
type Rgba = readonly [number, number, number, number];
interface Layer {
  shape: Shape;
  color: Rgba;
}

const BRAND: Rgba = [0x1f, 0x6f, 0xb2, 255];
const BRAND_LIGHT: Rgba = [0x8c, 0xb6, 0xdb, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const SUBSAMPLES = 4;

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** The upper half of an ellipse whose flat side sits on `baseY`: a person's shoulders. */
const dome =
  (cx: number, baseY: number, rx: number, ry: number): Shape =>
  (x, y) =>
    y <= baseY && ((x - cx) / rx) ** 2 + ((y - baseY) / ry) ** 2 <= 1;

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

const minus =
  (shape: Shape, hole: Shape): Shape =>
  (x, y) =>
    shape(x, y) && !hole(x, y);

/** A person on the left, three text lines on the right, inside a card spanning x0..x1, y0..y1. */
function cardContents(x0: number, y0: number, x1: number, y1: number, line: number, pixels: number): { person: Shape; lines: Shape } {
  const w = x1 - x0;
  const h = y1 - y0;
  const px = x0 + w * 0.27;
  const person = union(circle(px, y0 + h * 0.36, h * 0.16), dome(px, y0 + h * 0.84, w * 0.17, h * 0.3));
  // Bars snapped to the pixel grid stay crisp at 32x32 instead of smearing over three rows.
  const snap = (v: number) => Math.round(v * pixels) / pixels;
  const lx = snap(x0 + w * 0.53);
  const bar = (cy: number, length: number) =>
    roundedRect(lx, snap(cy - line / 2), snap(lx + w * length), snap(cy - line / 2) + line, line / 2);
  return { person, lines: union(bar(y0 + h * 0.3, 0.36), bar(y0 + h * 0.5, 0.3), bar(y0 + h * 0.7, 0.22)) };
}

function colorIcon(): Layer[] {
  const card = { x0: 0.16, y0: 0.26, x1: 0.84, y1: 0.74 };
  const { person, lines } = cardContents(card.x0, card.y0, card.x1, card.y1, 0.055, 192);
  return [
    { shape: roundedRect(0, 0, 1, 1, 0.22), color: BRAND },
    { shape: roundedRect(card.x0, card.y0, card.x1, card.y1, 0.06), color: WHITE },
    { shape: person, color: BRAND },
    { shape: lines, color: BRAND_LIGHT },
  ];
}

/** Teams wants the outline icon white on transparent: the card's border, person and lines only. */
function outlineIcon(): Layer[] {
  const stroke = 2 / 32;
  const card = { x0: 1.5 / 32, y0: 5 / 32, x1: 30.5 / 32, y1: 27 / 32 };
  const border = minus(
    roundedRect(card.x0, card.y0, card.x1, card.y1, 4 / 32),
    roundedRect(card.x0 + stroke, card.y0 + stroke, card.x1 - stroke, card.y1 - stroke, 2 / 32),
  );
  const { person, lines } = cardContents(card.x0, card.y0, card.x1, card.y1, 2 / 32, 32);
  return [{ shape: union(border, person, lines), color: WHITE }];
}

function render(size: number, layers: readonly Layer[]): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Composite premultiplied colour, layer over layer, at this pixel's coverage of each shape.
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const { shape, color } of layers) {
        const coverage = coverageAt(shape, px, py, size) * (color[3] / 255);
        r = color[0] * coverage + r * (1 - coverage);
        g = color[1] * coverage + g * (1 - coverage);
        b = color[2] * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const i = (py * size + px) * 4;
      pixels[i] = a === 0 ? 0 : Math.round(r / a);
      pixels[i + 1] = a === 0 ? 0 : Math.round(g / a);
      pixels[i + 2] = a === 0 ? 0 : Math.round(b / a);
      pixels[i + 3] = Math.round(a * 255);
    }
  }
  return { width: size, height: size, pixels };
}

function coverageAt(shape: Shape, px: number, py: number, size: number): number {
  let inside = 0;
  for (let sy = 0; sy < SUBSAMPLES; sy++) {
    for (let sx = 0; sx < SUBSAMPLES; sx++) {
      if (shape((px + (sx + 0.5) / SUBSAMPLES) / size, (py + (sy + 0.5) / SUBSAMPLES) / size)) inside++;
    }
  }
  return inside / (SUBSAMPLES * SUBSAMPLES);
}

const root = findProjectRoot(__dirname);
for (const [file, size, layers] of [
  ['color.png', 192, colorIcon()],
  ['outline.png', 32, outlineIcon()],
] as const) {
  const target = path.join(root, 'manifest', file);
  writeFileSync(target, encodePng(render(size, layers)));
  process.stdout.write(`${target}\n`);
}
