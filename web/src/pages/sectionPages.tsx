import { type ComponentType, lazy } from 'react';
import type { MenuKey } from '../roles.ts';
import { MerchantOrdersPage } from './merchant/MerchantOrdersPage.tsx';
import { MerchantProductsPage } from './merchant/MerchantProductsPage.tsx';
import { BuyerOrdersPage } from './orders/BuyerOrdersPage.tsx';
import { OrderDetailPage } from './orders/OrderDetailPage.tsx';
import { BuyerRefundsPage } from './refunds/BuyerRefundsPage.tsx';
import { RefundCasePage } from './refunds/RefundCasePage.tsx';
import { RefundRequestPage } from './refunds/RefundRequestPage.tsx';
import { ShopPage } from './shop/ShopPage.tsx';

// Admin-only and the biggest page: it loads on first visit instead of with every role's bundle.
const AdminPolicyPage = lazy(() =>
  import('./admin/AdminPolicyPage.tsx').then((module) => ({ default: module.AdminPolicyPage })),
);

/** The built pages of menu entries; an entry without one shows "coming soon". */
export const menuPages: Partial<Record<MenuKey, ComponentType>> = {
  buyerShop: ShopPage,
  buyerOrders: BuyerOrdersPage,
  buyerRefunds: BuyerRefundsPage,
  merchantOrders: MerchantOrdersPage,
  merchantProducts: MerchantProductsPage,
  adminPolicy: AdminPolicyPage,
};

/** Pages reached from within a section rather than from its menu, keyed by section base. */
export const subPages: Record<string, { path: string; Page: ComponentType }[]> = {
  '/buyer': [
    { path: 'orders/:orderNo', Page: OrderDetailPage },
    { path: 'refunds/new', Page: RefundRequestPage },
    { path: 'refunds/:refundNo', Page: RefundCasePage },
  ],
};
