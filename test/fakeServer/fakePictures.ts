/**
 * Pictures that look like pictures, for the end-to-end run whose screenshots become the README's: a sky in a
 * gradient, a sun, hills, a lighthouse-like tower and the prompt's words on a band, coloured and placed from the
 * prompt and the seed, so the same request always draws the same picture. Drawn as SVG and rendered by sharp
 * (librsvg); the prompt is escaped before it goes into the markup.
 */
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);

/** Words of the prompt that fit on one line of the band. */
function caption(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 48 ? `${flat.slice(0, 47)}…` : flat;
}

export function pictureSvg(prompt: string, width: number, height: number, seed: number, transparent: boolean, frame = 0): string {
  const digest = createHash('sha256').update(`${seed}\n${prompt}`).digest();
  const hue = Math.round((digest[0]! / 255) * 360);
  const hsl = (shift: number, saturation: number, lightness: number) => `hsl(${(hue + shift) % 360},${saturation}%,${lightness}%)`;
  const side = Math.min(width, height);
  const sunX = Math.round(width * (0.2 + (digest[1]! / 255) * 0.6) + frame * side * 0.02);
  const sunY = Math.round(height * (0.18 + (digest[2]! / 255) * 0.12));
  const hill = (base: number, lift: number, shade: number) => {
    const y = Math.round(height * base);
    const peak = Math.round(height * (base - lift));
    const crest = Math.round(width * (0.25 + (digest[3 + shade]! / 255) * 0.5));
    return `<path d="M0 ${y} Q ${crest} ${peak} ${width} ${y + Math.round(height * 0.04)} L ${width} ${height} L 0 ${height} Z" fill="${hsl(20 + shade * 15, 35, 42 - shade * 9)}"/>`;
  };
  const towerX = Math.round(width * (0.3 + (digest[6]! / 255) * 0.4));
  const towerWidth = Math.round(side * 0.07);
  const towerTop = Math.round(height * 0.42);
  const towerBase = Math.round(height * 0.74);
  const band = Math.round(height * 0.1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(0, 60, 78)}"/><stop offset="1" stop-color="${hsl(40, 65, 45)}"/></linearGradient></defs>`,
    transparent ? '' : `<rect width="${width}" height="${height}" fill="url(#sky)"/>`,
    `<circle cx="${sunX}" cy="${sunY}" r="${Math.round(side * 0.09)}" fill="${hsl(50, 90, 88)}"/>`,
    hill(0.62, 0.12, 0),
    `<rect x="${towerX}" y="${towerTop}" width="${towerWidth}" height="${towerBase - towerTop}" fill="#f4f1ea"/>`,
    `<rect x="${towerX}" y="${towerTop + Math.round((towerBase - towerTop) * 0.35)}" width="${towerWidth}" height="${Math.round(side * 0.02)}" fill="${hsl(0, 70, 45)}"/>`,
    `<path d="M${towerX - Math.round(towerWidth * 0.2)} ${towerTop} L ${towerX + Math.round(towerWidth / 2)} ${towerTop - Math.round(side * 0.06)} L ${towerX + Math.round(towerWidth * 1.2)} ${towerTop} Z" fill="${hsl(0, 70, 40)}"/>`,
    hill(0.74, 0.08, 1),
    hill(0.86, 0.06, 2),
    `<rect y="${height - band}" width="${width}" height="${band}" fill="rgba(0,0,0,0.45)"/>`,
    `<text x="${Math.round(width * 0.04)}" y="${height - Math.round(band * 0.35)}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${Math.round(band * 0.42)}" fill="#ffffff">${escapeXml(caption(prompt))}</text>`,
    '</svg>',
  ].join('');
}

/** The picture as a sharp image of exactly `width` x `height`, with an alpha channel when `transparent`; `blur` for a partial image. */
export function drawPicture(prompt: string, width: number, height: number, seed: number, transparent: boolean, frame = 0, blur?: number): Sharp {
  const image = sharp(Buffer.from(pictureSvg(prompt, width, height, seed, transparent, frame))).resize(width, height);
  const shaped = transparent ? image.ensureAlpha() : image.flatten({ background: '#ffffff' });
  return blur ? shaped.blur(blur) : shaped;
}
