/**
 * Draws Tidewatch's icons (a tide glyph: two waves, teal on transparent) and writes them as PNG files
 * next to this script. Only node:zlib: the PNG bytes are assembled here, so the icons are reproducible
 * without an image tool. Run: `npx tsx resources/generate-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const TEAL: Rgba = [20, 184, 166, 255];
const DEEP_TEAL: Rgba = [13, 148, 136, 255];
const AMBER: Rgba = [245, 158, 11, 255];
const SUPERSAMPLE = 4;

interface IconSpec {
  file: string;
  size: number;
  badge: boolean;
}

const ICONS: IconSpec[] = [
  { file: 'icon.png', size: 512, badge: false },
  { file: 'icon-256.png', size: 256, badge: false },
  { file: 'icon-32.png', size: 32, badge: false },
  { file: 'icon-16.png', size: 16, badge: false },
  { file: 'tray.png', size: 16, badge: false },
  { file: 'tray@2x.png', size: 32, badge: false },
  { file: 'tray-badge.png', size: 16, badge: true },
  { file: 'tray-badge@2x.png', size: 32, badge: true },
];

/** The colour at a point of the unit square (0..1 on both axes), or null for transparent. */
function glyphAt(u: number, v: number, size: number, badge: boolean): Rgba | null {
  if (badge) {
    const distance = Math.hypot(u - 0.78, v - 0.22);
    if (distance <= 0.2) return AMBER;
    // A transparent ring keeps the dot readable on top of the waves.
    if (distance <= 0.28) return null;
  }
  // Small icons need relatively thicker strokes to stay visible.
  const halfWidth = size <= 16 ? 0.085 : size <= 32 ? 0.07 : 0.055;
  const waves: Array<{ base: number; colour: Rgba }> = [
    { base: 0.4, colour: TEAL },
    { base: 0.68, colour: DEEP_TEAL },
  ];
  for (const wave of waves) {
    if (u < 0.08 || u > 0.92) continue;
    const phase = 2 * Math.PI * 1.25 * (u - 0.08);
    const centre = wave.base - 0.1 * Math.sin(phase);
    const slope = -0.1 * 2 * Math.PI * 1.25 * Math.cos(phase);
    // Vertical distance divided by the slope factor ≈ distance to the curve: even stroke width.
    if (Math.abs(v - centre) / Math.sqrt(1 + slope * slope) <= halfWidth) return wave.colour;
  }
  return null;
}

/** Renders RGBA pixels with SUPERSAMPLE² samples per pixel, so the edges are anti-aliased. */
function render(size: number, badge: boolean): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
        for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
          const colour = glyphAt(
            (x + (sx + 0.5) / SUPERSAMPLE) / size,
            (y + (sy + 0.5) / SUPERSAMPLE) / size,
            size,
            badge,
          );
          if (!colour) continue;
          // Premultiplied sums, so partly covered pixels keep their hue.
          for (let c = 0; c < 3; c += 1) sum[c] = (sum[c] ?? 0) + (colour[c] ?? 0) * (colour[3] / 255);
          sum[3] = (sum[3] ?? 0) + colour[3];
        }
      }
      const samples = SUPERSAMPLE * SUPERSAMPLE;
      const alpha = (sum[3] ?? 0) / samples;
      const offset = (y * size + x) * 4;
      for (let c = 0; c < 3; c += 1) {
        pixels[offset + c] = alpha === 0 ? 0 : Math.round(((sum[c] ?? 0) / samples) * (255 / alpha));
      }
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

/** PNG: signature, IHDR (8-bit RGBA), one IDAT of filter-0 scanlines, IEND. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

for (const icon of ICONS) {
  writeFileSync(join(import.meta.dirname, icon.file), encodePng(icon.size, render(icon.size, icon.badge)));
  process.stdout.write(`wrote resources/${icon.file} (${icon.size}×${icon.size})\n`);
}
