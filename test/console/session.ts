import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN } from '../agents/harness/gateway';

/** How long a poll waits: vitest's default second is short on a busy 2-core machine. */
export const WAIT = { timeout: 10_000 };

/** Opens the console at the gateway's root and signs in as the admin. */
export async function signIn(page: Page, gatewayUrl: string) {
  await page.goto(`${gatewayUrl}/`);
  expect(new URL(page.url()).pathname).toBe('/console/');
  await page.getByLabel('Gateway token or admin token').fill(ADMIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('who').textContent(), WAIT).toBe('admin');
}

/** Nothing on the page wider than its viewport (tables scroll inside their panels). */
export async function expectNoOverflow(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Every form control and button on the page has a name a screen reader can read out. */
export async function expectLabelledControls(page: Page) {
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button, a[href]')]
      .filter((el) => {
        const named =
          el.getAttribute('aria-label')?.trim() ||
          el.getAttribute('aria-labelledby') ||
          ((el as HTMLInputElement).labels?.length ?? 0) > 0 ||
          (['BUTTON', 'A'].includes(el.tagName) && el.textContent?.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
}
