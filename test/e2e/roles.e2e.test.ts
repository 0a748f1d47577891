import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserApp, demoPassword, screenshotPath, text } from './browser.ts';

interface RoleCase {
  role: string;
  label: string;
  home: string;
  /** A section the role may not enter; visiting it must bounce back to `home`. */
  foreign: string;
  menu: string[];
  hiddenMenu: string[];
  /** A menu entry to open, and the page it must show (every entry is built: none is 即将上线 any more). */
  opens?: { menu: string; testId: string };
}

const roleCases: RoleCase[] = [
  {
    role: 'buyer',
    label: '买家',
    home: '/buyer',
    foreign: '/merchant',
    menu: ['buyerShop', 'buyerOrders', 'buyerRefunds', 'buyerMessages', 'buyerWallet'],
    hiddenMenu: [],
    opens: { menu: 'buyerWallet', testId: 'wallet-page' },
  },
  {
    role: 'merchant',
    label: '商家',
    home: '/merchant',
    foreign: '/admin',
    menu: ['merchantOrders', 'merchantProducts', 'merchantRefunds', 'merchantMessages', 'merchantFunds'],
    hiddenMenu: [],
  },
  {
    role: 'agent',
    label: '客服专员',
    home: '/agent',
    foreign: '/agent/escalations',
    menu: ['agentQueue', 'agentMine', 'agentMessages'],
    hiddenMenu: ['agentEscalations'],
  },
  {
    role: 'supervisor',
    label: '客服主管',
    home: '/agent',
    foreign: '/buyer',
    menu: ['agentQueue', 'agentMine', 'agentEscalations', 'agentMessages'],
    hiddenMenu: [],
  },
  {
    role: 'admin',
    label: '管理员',
    home: '/admin',
    foreign: '/buyer/orders',
    menu: ['adminPolicy', 'adminHolidays', 'adminLedger', 'adminReconciliation', 'adminRisk', 'adminAudit'],
    hiddenMenu: [],
    opens: { menu: 'adminAudit', testId: 'audit-page' },
  },
];

const { url, newPage } = browserApp();

async function openLogin(page: Page): Promise<void> {
  await page.goto(url('/login'));
  await page.getByTestId('login-form').waitFor();
}

async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe('login and role layouts', () => {
  it.each(roleCases)('$role signs in, sees its layout and signs out', async (c) => {
    const page = await newPage();
    await openLogin(page);
    const loginResponse = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
    await submitLogin(page, c.role, demoPassword);
    const { user } = (await (await loginResponse).json()) as { user: { role: string; displayName: string } };
    expect(user.role).toBe(c.role);

    await page.waitForURL(url(c.home));
    await page.getByTestId('welcome-card').waitFor();
    expect(await text(page, 'header-display-name')).toBe(user.displayName);
    expect(await text(page, 'header-role')).toBe(c.label);
    expect(await text(page, 'welcome-card')).toContain(`欢迎，${user.displayName}`);
    for (const key of ['home', ...c.menu]) await page.getByTestId(`menu-${key}`).waitFor();
    for (const key of c.hiddenMenu) expect(await page.getByTestId(`menu-${key}`).count()).toBe(0);
    await page.screenshot({ path: screenshotPath(`login-${c.role}`), fullPage: true });

    if (c.opens) {
      await page.getByTestId(`menu-${c.opens.menu}`).click();
      await page.getByTestId(c.opens.testId).waitFor();
      expect(await page.getByTestId('coming-soon').count()).toBe(0);
    }

    await page.goto(url(c.foreign));
    await page.waitForURL(url(c.home));
    await page.getByTestId('welcome-card').waitFor();

    await page.getByTestId('logout-button').click();
    await page.waitForURL(url('/login'));
    await page.getByTestId('login-form').waitFor();

    await page.goto(url(c.home));
    await page.waitForURL(url('/login'));
  });

  it('shows the server error message for a wrong password', async () => {
    const page = await newPage();
    await openLogin(page);
    await submitLogin(page, 'buyer2', 'not-the-password');
    await page.getByTestId('login-error').waitFor();
    expect(await text(page, 'login-error')).toContain('用户名或密码错误');
    expect(page.url()).toBe(url('/login'));
  });

  it('switches the login page to English and keeps it after a reload', async () => {
    const page = await newPage();
    await openLogin(page);
    expect(await text(page, 'login-title')).toContain('登录');

    await page.getByTestId('lang-en').click();
    await page.getByTestId('login-title').filter({ hasText: 'Sign in to Kameng' }).waitFor();
    expect(await text(page, 'login-submit')).toBe('Sign in');

    await page.reload();
    await page.getByTestId('login-title').filter({ hasText: 'Sign in to Kameng' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Kameng · Refund Centre');

    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('login-title').filter({ hasText: '登录卡盟售后中心' }).waitFor();
  });
});
