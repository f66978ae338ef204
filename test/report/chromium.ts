import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless; never downloads a browser. Playwright gives every launch a fresh
 * temporary profile (it refuses a --user-data-dir argument), so runs do not share state.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
