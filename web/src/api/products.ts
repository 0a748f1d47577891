import { queryString, request } from './client.ts';

export type ProductKind = 'card_key' | 'direct_topup' | 'membership' | 'physical';

export const productKinds: ProductKind[] = ['card_key', 'direct_topup', 'membership', 'physical'];

export interface Product {
  id: number;
  name: string;
  kind: ProductKind;
  category: string;
  priceFen: number;
  merchantId: number;
  merchantName: string;
  description: string;
  /** Available keys for card_key/membership; null for kinds without stock. */
  stock: number | null;
}

export interface MerchantProduct extends Product {
  soldCount: number;
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  invalid: number;
  total: number;
}

/** Whether the product is delivered from imported card keys. */
export function hasKeyStock(kind: ProductKind): boolean {
  return kind === 'card_key' || kind === 'membership';
}

export async function listProducts(filter: { kind?: ProductKind; q?: string }): Promise<Product[]> {
  const { items } = await request<{ items: Product[] }>('GET', `/api/products${queryString(filter)}`);
  return items;
}

export async function listMerchantProducts(): Promise<MerchantProduct[]> {
  const { items } = await request<{ items: MerchantProduct[] }>('GET', '/api/merchant/products');
  return items;
}

export function importCardKeys(productId: number, text: string): Promise<ImportResult> {
  return request('POST', `/api/merchant/products/${productId}/card-keys`, { text });
}
