import type { Role } from './api/client.ts';
import type { Messages } from './i18n/zh-CN.ts';

export type MenuKey = keyof Messages['menu'];

export interface MenuEntry {
  /** Path segment below the section base; '' is the section home. */
  path: string;
  key: MenuKey;
  /** Restricts the entry to these roles; by default every role of the section sees it. */
  roles?: Role[];
  /** A page outside the section (e.g. the public help centre) that the entry links to instead. */
  href?: string;
}

export interface Section {
  base: string;
  roles: Role[];
  menu: MenuEntry[];
}

const home: MenuEntry = { path: '', key: 'home' };

export const sections: Section[] = [
  {
    base: '/buyer',
    roles: ['buyer'],
    menu: [
      home,
      { path: 'shop', key: 'buyerShop' },
      { path: 'orders', key: 'buyerOrders' },
      { path: 'refunds', key: 'buyerRefunds' },
      { path: 'messages', key: 'buyerMessages' },
      { path: 'identity', key: 'buyerIdentity' },
      { path: 'complaints', key: 'buyerComplaints' },
      { path: 'credit', key: 'buyerCredit' },
      { path: 'wallet', key: 'buyerWallet' },
      { path: 'help', key: 'buyerHelp', href: '/help/policy' },
      { path: 'how-to-complain', key: 'buyerHowToComplain', href: '/help/complaints' },
    ],
  },
  {
    base: '/merchant',
    roles: ['merchant'],
    menu: [
      home,
      { path: 'orders', key: 'merchantOrders' },
      { path: 'products', key: 'merchantProducts' },
      { path: 'refunds', key: 'merchantRefunds' },
      { path: 'messages', key: 'merchantMessages' },
      { path: 'funds', key: 'merchantFunds' },
      { path: 'complaints', key: 'merchantComplaints' },
    ],
  },
  {
    base: '/agent',
    roles: ['agent', 'supervisor'],
    menu: [
      home,
      { path: 'queue', key: 'agentQueue' },
      { path: 'mine', key: 'agentMine' },
      { path: 'escalations', key: 'agentEscalations', roles: ['supervisor'] },
      { path: 'complaints', key: 'agentComplaints', roles: ['supervisor'] },
      { path: 'audits', key: 'agentAudits', roles: ['supervisor'] },
      { path: 'messages', key: 'agentMessages' },
    ],
  },
  {
    base: '/admin',
    roles: ['admin'],
    menu: [
      home,
      { path: 'policy', key: 'adminPolicy' },
      { path: 'holidays', key: 'adminHolidays' },
      { path: 'ledger', key: 'adminLedger' },
      { path: 'reconciliation', key: 'adminReconciliation' },
      { path: 'risk', key: 'adminRisk' },
      { path: 'complaints', key: 'adminComplaints' },
      { path: 'express', key: 'adminExpress' },
      { path: 'audit', key: 'adminAudit' },
    ],
  },
];

export function homePath(role: Role): string {
  return sections.find((section) => section.roles.includes(role))?.base ?? '/login';
}

export function entryPath(section: Section, entry: MenuEntry): string {
  if (entry.href) return entry.href;
  return entry.path ? `${section.base}/${entry.path}` : section.base;
}

export function canSee(entry: MenuEntry, role: Role): boolean {
  return !entry.roles || entry.roles.includes(role);
}

/** Where the section's inbox is, if it has one (the header's bell links there). */
export function inboxPath(section: Section): string | null {
  const entry = section.menu.find((item) => item.path === 'messages');
  return entry ? entryPath(section, entry) : null;
}
