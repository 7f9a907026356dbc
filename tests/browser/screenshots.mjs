// Screenshots of a month's page in headless Chromium, at desktop and phone width.
// Usage: node screenshots.mjs MONTH_PAGE.html DOCS_DIR (docs/screenshots.sh builds the sample
// and calls it). Writes screenshot.png (desktop, 1200 px wide, the top of the page),
// screenshot-phone.png (390 px wide, the top) and screenshot-phone-charts.png (390 px wide,
// from the trend charts, which scroll sideways in their box).
import { chromium } from 'playwright-core';
import path from 'node:path';

const [page_, docs] = process.argv.slice(2);
if (!page_ || !docs) {
  console.error('usage: node screenshots.mjs MONTH_PAGE.html DOCS_DIR');
  process.exit(2);
}
const file = path.resolve(page_);
const browser = await chromium.launch({
  executablePath: process.env.BATON_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--hide-scrollbars'],
});
const shots = [
  { name: 'screenshot.png', width: 1200, height: 1500, scale: 1 },
  { name: 'screenshot-phone.png', width: 390, height: 844, scale: 2 },
  { name: 'screenshot-phone-charts.png', width: 390, height: 844, scale: 2, from: '#h-trend' },
];
for (const s of shots) {
  const page = await browser.newPage({ viewport: { width: s.width, height: s.height }, deviceScaleFactor: s.scale });
  await page.goto('file://' + file, { waitUntil: 'load' });
  if (s.from) {
    await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (el) window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 12);
    }, s.from);
  }
  const out = path.join(docs, s.name);
  await page.screenshot({ path: out });
  console.log(`${out}: ${s.width} x ${s.height} px${s.scale > 1 ? ` at ${s.scale}x` : ''}`);
  await page.close();
}
await browser.close();
