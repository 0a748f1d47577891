import { describe, expect, it } from 'vitest';
import { networkOf } from './network.ts';

describe('networkOf', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:1234:5678::1', '2001:db8:1234::/48'],
    ['2409:8a00:abcd:0:1:2:3:4', '2409:8a00:abcd::/48'],
  ])('groups %s into %s', (ip, net) => expect(networkOf(ip)).toBe(net));

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.10',
    '169.254.1.1',
    '100.64.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '',
    'not-an-ip',
    '999.1.1.1',
    '1:2:3',
  ])('says nothing about %s', (ip) => expect(networkOf(ip)).toBeNull());
});
