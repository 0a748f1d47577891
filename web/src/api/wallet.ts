import { request } from './client.ts';

export function getWallet(): Promise<{ balanceFen: number }> {
  return request('GET', '/api/wallet');
}
