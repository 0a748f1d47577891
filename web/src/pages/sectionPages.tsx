import { type ComponentType, lazy } from 'react';
import type { MenuKey } from '../roles.ts';

/**
 * Every page loads on first visit (React.lazy): the first screen fetches the shell and that one page,
 * not every role's pages with the components only they use (date pickers, uploads, the policy editor).
 */
function page<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): ComponentType {
  return lazy(() => load().then((module) => ({ default: module[name] as ComponentType })));
}

/** The 404 page (its illustration is heavy; most visits never see it). */
export const NotFoundPage = page(() => import('./NotFound.tsx'), 'NotFound');

/** Shown for a menu entry whose page is not built yet. */
export const ComingSoonPage = lazy(() => import('./ComingSoon.tsx').then((m) => ({ default: m.ComingSoon })));

const InboxPage = page(() => import('./messages/InboxPage.tsx'), 'InboxPage');
const ComplaintsPage = page(() => import('./complaints/ComplaintsPage.tsx'), 'ComplaintsPage');
const ComplaintDetailPage = page(() => import('./complaints/ComplaintDetailPage.tsx'), 'ComplaintDetailPage');
const complaintDetail = { path: 'complaints/:complaintNo', Page: ComplaintDetailPage };
const ReviewCasePage = page(() => import('./review/ReviewCasePage.tsx'), 'ReviewCasePage');

/** The built pages of menu entries; an entry without one shows "coming soon". */
export const menuPages: Partial<Record<MenuKey, ComponentType>> = {
  buyerShop: page(() => import('./shop/ShopPage.tsx'), 'ShopPage'),
  buyerOrders: page(() => import('./orders/BuyerOrdersPage.tsx'), 'BuyerOrdersPage'),
  buyerRefunds: page(() => import('./refunds/BuyerRefundsPage.tsx'), 'BuyerRefundsPage'),
  buyerMessages: InboxPage,
  buyerComplaints: ComplaintsPage,
  merchantComplaints: ComplaintsPage,
  agentComplaints: ComplaintsPage,
  buyerIdentity: page(() => import('./identity/IdentityPage.tsx'), 'IdentityPage'),
  buyerCredit: page(() => import('./credit/CreditPage.tsx'), 'CreditPage'),
  buyerWallet: page(() => import('./wallet/WalletPage.tsx'), 'WalletPage'),
  adminAudit: page(() => import('./admin/AuditPage.tsx'), 'AuditPage'),
  merchantOrders: page(() => import('./merchant/MerchantOrdersPage.tsx'), 'MerchantOrdersPage'),
  merchantProducts: page(() => import('./merchant/MerchantProductsPage.tsx'), 'MerchantProductsPage'),
  merchantRefunds: page(() => import('./merchant/MerchantRefundsPage.tsx'), 'MerchantRefundsPage'),
  merchantMessages: InboxPage,
  merchantFunds: page(() => import('./merchant/FundsPage.tsx'), 'FundsPage'),
  agentQueue: page(() => import('./review/ReviewQueuePage.tsx'), 'ReviewQueuePage'),
  agentMine: page(() => import('./review/ReviewQueuePage.tsx'), 'MyCasesPage'),
  agentEscalations: page(() => import('./review/ReviewQueuePage.tsx'), 'EscalationsPage'),
  agentMessages: InboxPage,
  agentAudits: page(() => import('./review/ExpressAuditPage.tsx'), 'ExpressAuditPage'),
  adminExpress: page(() => import('./admin/AdminExpressPage.tsx'), 'AdminExpressPage'),
  adminPolicy: page(() => import('./admin/AdminPolicyPage.tsx'), 'AdminPolicyPage'),
  adminHolidays: page(() => import('./admin/HolidaysPage.tsx'), 'HolidaysPage'),
  adminReconciliation: page(() => import('./admin/ReconciliationPage.tsx'), 'ReconciliationPage'),
  adminComplaints: page(() => import('./admin/AdminComplaintsPage.tsx'), 'AdminComplaintsPage'),
  adminRisk: page(() => import('./admin/AdminRiskPage.tsx'), 'AdminRiskPage'),
  adminLedger: page(() => import('./admin/LedgerAccountsPage.tsx'), 'LedgerAccountsPage'),
};

/** Pages reached from within a section rather than from its menu, keyed by section base. */
export const subPages: Record<string, { path: string; Page: ComponentType }[]> = {
  '/buyer': [
    { path: 'orders/:orderNo', Page: page(() => import('./orders/OrderDetailPage.tsx'), 'OrderDetailPage') },
    { path: 'refunds/new', Page: page(() => import('./refunds/RefundRequestPage.tsx'), 'RefundRequestPage') },
    { path: 'refunds/:refundNo', Page: page(() => import('./refunds/RefundCasePage.tsx'), 'RefundCasePage') },
    complaintDetail,
  ],
  '/merchant': [
    {
      path: 'refunds/:refundNo',
      Page: page(() => import('./merchant/MerchantCasePage.tsx'), 'MerchantCasePage'),
    },
    {
      path: 'orders/:orderNo',
      Page: page(() => import('./merchant/MerchantOrderPage.tsx'), 'MerchantOrderPage'),
    },
    complaintDetail,
  ],
  '/agent': [{ path: 'queue/:refundNo', Page: ReviewCasePage }, complaintDetail],
  '/admin': [
    // A case an admin reaches from a complaint (escalated to the admins): the workbench, with the full case file.
    { path: 'cases/:refundNo', Page: ReviewCasePage },
    {
      path: 'ledger/:account',
      Page: page(() => import('./admin/LedgerEntriesPage.tsx'), 'LedgerEntriesPage'),
    },
    complaintDetail,
  ],
};
