import sharp from 'sharp';
import { expect } from 'vitest';
import type { HttpClient } from './app.ts';

/** A small solid-colour PNG (80×60 unless told): distinct colours make distinct files. */
export function solidPng(rgb: [number, number, number], width = 80, height = 60): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();
}

/** A small PNG uploaded by `who` through the evidence pipeline (case-less unless `url` says where). */
export async function uploadPng(
  who: HttpClient,
  name: string,
  rgb: [number, number, number],
  url = '/api/evidence',
): Promise<{ id: string; sha256: string; bytes: Buffer }> {
  const bytes = await solidPng(rgb);
  const up = await who.upload(url, { data: bytes, name, type: 'image/png' });
  expect(up.status).toBe(201);
  return { id: up.body.evidenceId as string, sha256: up.body.sha256 as string, bytes };
}
