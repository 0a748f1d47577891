import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANNEL_FAILURE_TEXT } from '../../core/refunds/channel-failure.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const here = join(repo, 'web/src/i18n');

/** Every string in a resource object, with the key path it sits at. */
function strings(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('no doubled full stop (。。)', () => {
  it('in any i18n resource, in either language', async () => {
    const files = (await readdir(here)).filter((f) => /\.(zh-CN|en)\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const file of files) {
      const mod = (await import(join(here, file))) as Record<string, unknown>;
      for (const [key, text] of strings(mod, file)) {
        if (/。\s*。/.test(text)) found.push(`${key}: ${text}`);
        // A placeholder right before "。" is free text that may bring its own stop; the runtime
        // post-processor tidies it, and the template itself must not double it.
        if (/。\s*\{\{[^}]+\}\}\s*。/.test(text) && /\{\{(reason|note)\}\}/.test(text))
          found.push(`${key}: ${text}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('in any server message or web source', async () => {
    const files = [...(await sourceFiles(join(repo, 'src'))), ...(await sourceFiles(join(repo, 'web/src')))];
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (line.includes('。。') && !/^\s*(\*|\/\/)/.test(line)) found.push(`${file}:${i + 1}`);
      });
    }
    expect(found).toEqual([]);
  });
});

describe('channel failure sentences', () => {
  it('covers every refusal code the adapters and the simulators can answer with', async () => {
    const files = [
      'src/gateway-sim/alipay.ts',
      'src/gateway-sim/wechatpay.ts',
      'src/modules/payments/alipay/map-reply.ts',
      'src/modules/payments/wechatpay/map-reply.ts',
    ];
    const codes = new Set<string>();
    for (const f of files) {
      const text = await readFile(join(repo, f), 'utf8');
      for (const m of text.matchAll(/'(ACQ\.[A-Z_]+|isv\.[a-z-]+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/code: '([A-Z_]+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/fail\(reply, \d+, '([A-Z_]+)'/g)) codes.add(m[1] as string);
    }
    codes.add('ABNORMAL');
    codes.add('CLOSED');
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) expect(CHANNEL_FAILURE_TEXT, code).toHaveProperty([code]);
  });
});
