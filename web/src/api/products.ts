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
  /** The card-key format imports are checked against (A letter, 9 digit, X either), if set. */
  keyFormat?: string | null;
}

/** A line of a key file that cannot be a key, with the reason in both languages. */
export interface KeyLineRefusal {
  line: number;
  reason: 'too_short' | 'too_long' | 'whitespace' | 'control' | 'format';
  zh: string;
  en: string;
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  invalid: number;
  total: number;
  refused: KeyLineRefusal[];
  /** Orders that had found the product out of stock, delivered from these keys (补发). */
  redelivered: string[];
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

export function setKeyFormat(productId: number, keyFormat: string | null): Promise<MerchantProduct> {
  return request('PATCH', `/api/merchant/products/${productId}`, { keyFormat });
}
