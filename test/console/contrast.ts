import type { Locator } from 'playwright-core';

// WCAG 2 contrast between an element's text colour and the background it is drawn on.

export interface Colour {
  rgb: number[];
  /** WCAG relative luminance, 0 (black) to 1 (white). */
  luminance: number;
}

function colour(css: string): Colour {
  const rgb = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  if (rgb.length !== 3) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return { rgb, luminance: 0.2126 * r + 0.7152 * g + 0.0722 * b };
}

/**
 * The element's text colour (or `property`, e.g. its outline), the first opaque background
 * behind it, and their contrast ratio.
 */
export async function contrastRatio(
  element: Locator,
  property: 'color' | 'outlineColor' = 'color',
) {
  const css = await element.evaluate((el, property) => {
    let background = 'rgb(255, 255, 255)';
    for (let at: Element | null = el; at; at = at.parentElement) {
      const bg = getComputedStyle(at).backgroundColor;
      // Transparent ("rgba(0, 0, 0, 0)") lets the ancestor's background through.
      if (!/^rgba\(.*,\s*0\)$/.test(bg)) {
        background = bg;
        break;
      }
    }
    return { text: getComputedStyle(el)[property], background };
  }, property);
  const text = colour(css.text);
  const background = colour(css.background);
  const [hi, lo] = [text.luminance, background.luminance].sort((a, b) => b - a);
  return { text, background, ratio: (hi + 0.05) / (lo + 0.05) };
}
