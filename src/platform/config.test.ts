import { describe, expect, it } from 'vitest';
import { isLoopback, loadConfig, ocrShareOf, parseTrustProxy } from './config.ts';

describe('KAMENG_TRUST_PROXY', () => {
  it('is off by default and for false or 0', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
  });

  it('takes a hop count, or addresses, CIDRs and proxy-addr range names', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses "true" (trust every hop a client may have written) and anything unreadable', () => {
    expect(() => parseTrustProxy('true')).toThrow(/number of proxies/);
    expect(() => loadConfig({ KAMENG_TRUST_PROXY: 'true' })).toThrow(
      /Invalid configuration:\n {2}KAMENG_TRUST_PROXY=true/,
    );
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', '1.2.3.4/8/9', '11', 'fd00::/129', '1,,2'])
      expect(() => parseTrustProxy(bad), bad).toThrow(/KAMENG_TRUST_PROXY/);
  });
});

describe('HOST', () => {
  it('defaults to loopback while demo users are seeded, to every interface otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ KAMENG_DEMO_SEED: 'true' }).host).toBe('127.0.0.1');
    expect(loadConfig({ KAMENG_DEMO_SEED: 'false' }).host).toBe('0.0.0.0');
  });

  it('is what HOST says when set, demo or not', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '10.1.2.3', KAMENG_DEMO_SEED: 'false' }).host).toBe('10.1.2.3');
  });

  it('tells loopback addresses from network ones', () => {
    for (const host of ['127.0.0.1', '127.9.9.9', '::1', 'localhost'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'kameng.example'])
      expect(isLoopback(host), host).toBe(false);
  });
});

describe('KAMENG_EVIDENCE_OCR_SHARE', () => {
  it('paces OCR where the process answers requests too, not in a worker of its own', () => {
    expect(ocrShareOf(loadConfig({}))).toBe(0.3);
    expect(ocrShareOf(loadConfig({ KAMENG_ROLE: 'all' }))).toBe(0.3);
    expect(ocrShareOf(loadConfig({ KAMENG_ROLE: 'worker' }))).toBe(1);
    // `kameng serve --role worker` sets the role after the environment was read.
    expect(ocrShareOf({ ...loadConfig({}), role: 'worker' })).toBe(1);
    expect(ocrShareOf(loadConfig({ KAMENG_ROLE: 'worker', KAMENG_EVIDENCE_OCR_SHARE: '0.5' }))).toBe(0.5);
    expect(() => loadConfig({ KAMENG_EVIDENCE_OCR_SHARE: '0' })).toThrow();
  });
});
