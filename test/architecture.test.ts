import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of ARCHITECTURE.md, checked on every run:
 * - src/core is pure: it imports only src/core (and zod; tests also vitest and fast-check);
 * - src/platform is plumbing: it never imports a domain module;
 * - src/modules never import the gateway simulator (src/gateway-sim): it plays Alipay and WeChat Pay from
 *   outside, and the composition root (src/app.ts, src/start-payments.ts) wires it in where no real
 *   gateway is configured — so nothing in a production path can reach it by accident;
 * - src/modules never import the demo seed (src/demo): it builds the demo marketplace through the
 *   modules' use-cases, and only the composition root and the `kameng seed` command start it;
 * - web/ talks to the server over HTTP only: it never imports server code.
 */
const root = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function violations(dir: string, allowed: (spec: string, file: string) => boolean): string[] {
  return files(path.join(root, dir)).flatMap((f) =>
    importsOf(f)
      .filter((spec) => !allowed(spec, f))
      .map((spec) => `${path.relative(root, f)} imports ${spec}`),
  );
}

const inside = (spec: string, file: string, dir: string) =>
  spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, dir) + path.sep);

describe('dependency rules', () => {
  it('finds imports, so the rules below cannot pass vacuously', () => {
    expect(importsOf(path.join(root, 'src/app.ts'))).toContain('./platform/config.ts');
  });

  it('keeps src/core pure', () => {
    const bad = violations('src/core', (spec, file) => {
      if (inside(spec, file, 'src/core')) return true;
      if (spec === 'zod') return true;
      return /\.test\.ts$/.test(file) && (spec === 'vitest' || spec === 'fast-check');
    });
    expect(bad).toEqual([]);
  });

  it('keeps src/platform free of domain modules', () => {
    const bad = violations(
      'src/platform',
      (spec, file) => !inside(spec, file, 'src/modules') && !spec.includes('/modules/'),
    );
    expect(bad).toEqual([]);
  });

  it('keeps src/modules off the gateway simulator', () => {
    const bad = violations(
      'src/modules',
      (spec, file) => !inside(spec, file, 'src/gateway-sim') && !spec.includes('gateway-sim/'),
    );
    expect(bad).toEqual([]);
  });

  it('keeps src/modules off the demo seed', () => {
    const bad = violations(
      'src/modules',
      (spec, file) => !inside(spec, file, 'src/demo') && !spec.includes('/demo/'),
    );
    expect(bad).toEqual([]);
  });

  it('keeps web/ off server code', () => {
    const bad = violations('web', (spec, file) => !spec.startsWith('.') || inside(spec, file, 'web'));
    expect(bad).toEqual([]);
  });

  it('would catch a violation', () => {
    const fake = path.join(root, 'src/core/x.ts');
    expect(inside('../platform/db/pool.ts', fake, 'src/core')).toBe(false);
    expect(inside('./money/fen.ts', fake, 'src/core')).toBe(true);
    const payments = path.join(root, 'src/modules/payments/setup.ts');
    expect(inside('../../gateway-sim/buyer.ts', payments, 'src/gateway-sim')).toBe(true);
  });
});
