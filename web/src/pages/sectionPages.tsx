import { type ComponentType, lazy } from 'react';
import type { MenuKey } from '../roles.ts';
import { FundsPage } from './merchant/FundsPage.tsx';
import { MerchantCasePage } from './merchant/MerchantCasePage.tsx';
import { MerchantOrdersPage } from './merchant/MerchantOrdersPage.tsx';
import { MerchantProductsPage } from './merchant/MerchantProductsPage.tsx';
import { MerchantRefundsPage } from './merchant/MerchantRefundsPage.tsx';
import { InboxPage } from './messages/InboxPage.tsx';
import { BuyerOrdersPage } from './orders/BuyerOrdersPage.tsx';
import { OrderDetailPage } from './orders/OrderDetailPage.tsx';
import { BuyerRefundsPage } from './refunds/BuyerRefundsPage.tsx';
import { RefundCasePage } from './refunds/RefundCasePage.tsx';
import { RefundRequestPage } from './refunds/RefundRequestPage.tsx';
import { ReviewCasePage } from './review/ReviewCasePage.tsx';
import { EscalationsPage, MyCasesPage, ReviewQueuePage } from './review/ReviewQueuePage.tsx';
import { ShopPage } from './shop/ShopPage.tsx';

// Admin-only and the biggest page: it loads on first visit instead of with every role's bundle.
const AdminPolicyPage = lazy(() =>
  import('./admin/AdminPolicyPage.tsx').then((module) => ({ default: module.AdminPolicyPage })),
);
// The books are admin-only too.
const LedgerAccountsPage = lazy(() =>
  import('./admin/LedgerAccountsPage.tsx').then((module) => ({ default: module.LedgerAccountsPage })),
);
const LedgerEntriesPage = lazy(() =>
  import('./admin/LedgerEntriesPage.tsx').then((module) => ({ default: module.LedgerEntriesPage })),
);

const HolidaysPage = lazy(() =>
  import('./admin/HolidaysPage.tsx').then((module) => ({ default: module.HolidaysPage })),
);

const ReconciliationPage = lazy(() =>
  import('./admin/ReconciliationPage.tsx').then((module) => ({ default: module.ReconciliationPage })),
);

/** The built pages of menu entries; an entry without one shows "coming soon". */
export const menuPages: Partial<Record<MenuKey, ComponentType>> = {
  buyerShop: ShopPage,
  buyerOrders: BuyerOrdersPage,
  buyerRefunds: BuyerRefundsPage,
  buyerMessages: InboxPage,
  merchantOrders: MerchantOrdersPage,
  merchantProducts: MerchantProductsPage,
  merchantRefunds: MerchantRefundsPage,
  merchantMessages: InboxPage,
  merchantFunds: FundsPage,
  agentQueue: ReviewQueuePage,
  agentMine: MyCasesPage,
  agentEscalations: EscalationsPage,
  agentMessages: InboxPage,
  adminPolicy: AdminPolicyPage,
  adminHolidays: HolidaysPage,
  adminReconciliation: ReconciliationPage,
  adminLedger: LedgerAccountsPage,
};

/** Pages reached from within a section rather than from its menu, keyed by section base. */
export const subPages: Record<string, { path: string; Page: ComponentType }[]> = {
  '/buyer': [
    { path: 'orders/:orderNo', Page: OrderDetailPage },
    { path: 'refunds/new', Page: RefundRequestPage },
    { path: 'refunds/:refundNo', Page: RefundCasePage },
  ],
  '/merchant': [{ path: 'refunds/:refundNo', Page: MerchantCasePage }],
  '/agent': [{ path: 'queue/:refundNo', Page: ReviewCasePage }],
  '/admin': [{ path: 'ledger/:account', Page: LedgerEntriesPage }],
};
