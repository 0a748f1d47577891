import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Rules switched off, each with its reason. Only for markup we do not write ourselves; empty today.
 */
const DISABLED_RULES: { id: string; why: string }[] = [];

/**
 * The serious and critical axe violations on the page as it settles, one line each. Transitions are
 * finished first: a control enabled a moment ago (antd fades a button from its disabled grey over
 * 0.2 s) was read mid-fade as too little contrast — a colour no one looks at for long.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .disableRules(DISABLED_RULES.map((r) => r.id))
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
          .join(' | ')}`,
    );
}

/**
 * A page a person can use without a mouse or without sight: no serious or critical axe violation,
 * and exactly one <h1>. Call it on each page a test walks: `await expectAccessible(page, 'buyer orders')`.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await axeProblems(page), name).toEqual([]);
  expect(await page.locator('h1').count(), `${name}: one <h1>`).toBe(1);
}
