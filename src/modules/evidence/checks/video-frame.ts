import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { UnreadableImage } from './image-facts.ts';

/** Longest side of the frame taken (OCR reads at most 2000 px a side anyway). */
const MAX_SIDE = 2000;
/** A frame bigger than this as PNG is not a frame we want (2000 × 2000 RGB is ~12 MB uncompressed). */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

/**
 * The poster frame of an uploaded video (its first picture) as PNG, so a screen recording gets the
 * checks a screenshot gets. ffmpeg (the static build the npm package `@ffmpeg-installer/ffmpeg` ships)
 * runs as a child process on a temporary copy (MP4 keeps its index at the end, so a pipe is not enough):
 * local files only, the two demuxers uploads may be (MP4/MOV, Matroska/WebM), one thread, no audio, one
 * frame, nice 10, killed after 20 s or 16 MB of output. A file it cannot read is UnreadableImage (the
 * checks say why; the upload stays).
 */
export async function posterFrame(bytes: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-frame-'));
  try {
    const input = path.join(dir, 'video');
    await writeFile(input, bytes);
    return await runFfmpeg([
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm',
      '-threads',
      '1',
      '-i',
      input,
      '-map',
      '0:v:0',
      '-frames:v',
      '1',
      '-an',
      '-sn',
      '-vf',
      `scale='min(${MAX_SIDE},iw)':'min(${MAX_SIDE},ih)':force_original_aspect_ratio=decrease`,
      '-f',
      'image2pipe',
      '-vcodec',
      'png',
      'pipe:1',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runFfmpeg(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      if (child.pid) os.setPriority(child.pid, 10);
    } catch {
      // Not allowed here: the frame is taken at normal priority.
    }
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    let why: UnreadableImage | null = null;
    const stop = (reason: UnreadableImage) => {
      why ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new UnreadableImage('读取视频画面超时', 'reading the video frame timed out')),
      TIMEOUT_MS,
    );
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_FRAME_BYTES) stop(new UnreadableImage('视频画面过大', 'the video frame is too large'));
      else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 2000) err += d;
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (why) return reject(why);
      if (code === 0 && size > 0) return resolve(Buffer.concat(out));
      reject(
        Object.assign(new UnreadableImage('无法读取视频画面', 'the video frame could not be read'), {
          detail: err.trim().slice(0, 200),
        }),
      );
    });
  });
}
