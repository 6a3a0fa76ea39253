import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { contrastRatio } from './contrast';
import { WAIT } from './session';

/**
 * From the top of the page, as a keyboard user starts: the first Tab shows "Skip to content"
 * (readable), the next ones reach the nav links, each outlined at 3:1 against the page at least.
 */
export async function keyboard(page: Page) {
  await page.reload();
  await expect.poll(() => page.getByTestId('who').textContent(), WAIT).toBe('admin');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to content' });
  expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await skip.isVisible()).toBe(true);
  expect((await contrastRatio(skip)).ratio).toBeGreaterThanOrEqual(4.5);
  const nav = ['Usage', 'Playground', 'Endpoints', 'Secrets', 'Tokens'];
  const reached: string[] = [];
  for (let i = 0; i < 10 && reached.length < nav.length; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    const state = await focused.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        inNav: Boolean(el.closest('nav')),
        text: el.textContent ?? '',
        focusVisible: el.matches(':focus-visible'),
        outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!state.inNav) continue;
    expect(state).toMatchObject({ focusVisible: true, outlined: true });
    expect((await contrastRatio(focused, 'outlineColor')).ratio).toBeGreaterThanOrEqual(3);
    reached.push(state.text);
  }
  expect(reached).toEqual(nav);
  // The skip button moves focus past the navigation.
  await skip.focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
}
