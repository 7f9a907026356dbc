// Checks baton's report in a real browser. Usage: node check.mjs OUT_DIR
// - every page passes the Nu HTML Checker (vnu.jar --also-check-svg) with zero errors;
// - month pages load with no network request of any kind (only the page itself);
// - zero axe-core violations for WCAG 2 A and AA;
// - print layout, A4 and US Letter: every chart fits on a page and may not break inside, and
//   Chromium prints the page to PDF;
// - phone, 390 px wide: zero axe-core violations again, every chart label is drawn at 10 px or more, the page does not scroll
//   sideways, a box whose content is wider than it scrolls (nothing is cut or spilt) and shows
//   it with a shadow, and labels on one line of a chart never overlap.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const out = path.resolve(process.argv[2] ?? 'out');
// --hostile: the pages show naughty strings (tests/naughty.rs), some a single grapheme with
// hundreds of combining marks that no line can break, so their width on a phone is not judged.
const hostile = process.argv.includes('--hostile');
const failures = [];
const fail = (m) => { failures.push(m); console.error('FAIL ' + m); };

const html = [];
for (const entry of fs.readdirSync(out, { recursive: true })) {
  if (entry.endsWith('.html')) html.push(path.join(out, entry));
}
html.sort();
if (html.length === 0) fail(`no HTML pages under ${out}`);

// 1. Nu HTML Checker.
const vnu = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
try {
  execFileSync('java', ['-jar', vnu, '--also-check-svg', '--errors-only', '--format', 'text', ...html], { stdio: 'pipe' });
  console.log(`vnu: ${html.length} pages, 0 errors`);
} catch (e) {
  fail(`vnu found errors:\n${(e.stderr || e.stdout || e.message).toString()}`);
}

// 2-4. In Chromium.
const executablePath = process.env.BATON_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const months = html.filter((p) => /\/\d{4}-\d{2}\/index\.html$/.test(p));
const sample = [...new Set([months[0], months[Math.floor(months.length / 2)], months[months.length - 1], path.join(out, 'index.html')])].filter(Boolean);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
for (const file of sample) {
  const page = await browser.newPage();
  const url = 'file://' + file;
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', async (d) => { fail(`${file}: a ${d.type()} dialog opened: ${d.message()}`); await d.dismiss(); });
  await page.goto(url, { waitUntil: 'load' });
  // No script runs and nothing active exists: the pages have no script, handler or plug-in.
  const active = await page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'object', 'embed', 'frame', 'applet', 'base', 'form'].includes(tag)) found.push(tag);
      for (const a of el.attributes) {
        if (a.name.startsWith('on')) found.push(`${tag}[${a.name}]`);
        if (/^\s*(javascript|vbscript|data:text\/html)/i.test(a.value) && ['href', 'src', 'action', 'formaction'].includes(a.name)) found.push(`${tag}[${a.name}=${a.value.slice(0, 40)}]`);
      }
    }
    return found;
  });
  if (active.length) fail(`${file}: active content: ${active.slice(0, 10).join(', ')}`);
  const others = requests.filter((u) => u !== url);
  if (others.length) fail(`${file}: loads ${others.join(', ')}`);
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }));
  if (result.passes.length === 0) fail(`${file}: axe ran no checks`);
  for (const v of result.violations) {
    fail(`${file}: axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }
  // Print: A4 (210 x 297 mm) and US Letter (8.5 x 11 in), 12 and 14 mm margins, at 96 px/in.
  await page.emulateMedia({ media: 'print' });
  for (const [name, w, h] of [['A4', 210, 297], ['Letter', 215.9, 279.4]]) {
    const px = (mm) => Math.floor((mm / 25.4) * 96);
    const width = px(w - 24);
    const height = px(h - 28);
    await page.setViewportSize({ width, height });
    const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => ({
      title: (f.querySelector('title') || {}).textContent || '(untitled)',
      height: f.getBoundingClientRect().height,
      avoid: getComputedStyle(f).breakInside,
    })));
    for (const c of charts) {
      if (c.height > height) fail(`${file} (${name}): chart "${c.title}" is ${Math.round(c.height)} px, taller than a ${height} px page`);
      if (c.avoid !== 'avoid') fail(`${file} (${name}): chart "${c.title}" may break across pages (break-inside: ${c.avoid})`);
    }
    const pdf = await page.pdf({ format: name, printBackground: true, preferCSSPageSize: false });
    if (!pdf || pdf.length < 1000) fail(`${file} (${name}): no PDF`);
  }
  await page.close();
  const phone = await checkPhone(file);
  console.log(`chromium: ${path.relative(out, file)}: no requests, axe: ${result.passes.length} rules passed, 0 violations, print layout checked, ${phone}`);
}
await browser.close();

// The page on a phone: 390 x 844 CSS px, the screen stylesheet.
async function checkPhone(file) {
  const width = 390;
  const page = await browser.newPage({ viewport: { width, height: 844 }, deviceScaleFactor: 1 });
  await page.goto('file://' + file, { waitUntil: 'load' });
  const r = await page.evaluate(() => {
    const small = [];
    let labels = 0;
    const overlaps = [];
    for (const svg of document.querySelectorAll('figure.chart svg')) {
      const title = (svg.querySelector('title') || {}).textContent || '(untitled)';
      const m = svg.getScreenCTM();
      const scale = m ? Math.hypot(m.a, m.b) : 1;
      const rows = new Map();
      for (const t of svg.querySelectorAll('text')) {
        labels++;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < 10) small.push(`"${title}": "${t.textContent}" at ${px.toFixed(1)} px`);
        const y = t.getAttribute('y');
        if (!rows.has(y)) rows.set(y, []);
        rows.get(y).push(t);
      }
      for (const row of rows.values()) {
        const boxes = row.map((t) => [t.textContent, t.getBoundingClientRect()]).sort((a, b) => a[1].left - b[1].left);
        for (let i = 1; i < boxes.length; i++) {
          if (boxes[i][1].left < boxes[i - 1][1].right - 0.5) overlaps.push(`"${title}": "${boxes[i - 1][0]}" and "${boxes[i][0]}"`);
        }
      }
    }
    const spilt = [];
    const unmarked = [];
    let scrollers = 0;
    for (const el of document.querySelectorAll('body *')) {
      // SVG parts are inside a chart's figure, which is checked as a box.
      if (el instanceof SVGElement) continue;
      if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
      const style = getComputedStyle(el);
      const what = `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${el.textContent.trim().slice(0, 40)}"`;
      if (!['auto', 'scroll'].includes(style.overflowX)) spilt.push(`${what} (${el.scrollWidth} px in ${el.clientWidth})`);
      else if (!style.backgroundImage.includes('gradient')) unmarked.push(what);
      else scrollers++;
    }
    return { pageWidth: document.documentElement.scrollWidth, labels, small, overlaps, spilt, unmarked, scrollers };
  });
  // axe again at this width: a box that scrolls here must take keyboard focus.
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }));
  for (const v of axe.violations) {
    fail(`${file} (phone): axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }
  await page.close();
  const where = `${file} (phone, ${width} px)`;
  for (const s of r.small.slice(0, 10)) fail(`${where}: chart text under 10 px: ${s}`);
  for (const o of r.overlaps.slice(0, 10)) fail(`${where}: chart labels overlap: ${o}`);
  if (hostile) {
    return `phone: ${r.labels} chart labels >= 10 px (width not judged on hostile strings)`;
  }
  if (r.pageWidth > width) fail(`${where}: the page is ${r.pageWidth} px wide and scrolls sideways`);
  for (const s of r.spilt.slice(0, 10)) fail(`${where}: content wider than its box, which does not scroll: ${s}`);
  for (const u of r.unmarked.slice(0, 10)) fail(`${where}: a box scrolls sideways with no shadow to show it: ${u}`);
  if (r.labels === 0 && file.endsWith('index.html') && /\/\d{4}-\d{2}\//.test(file)) fail(`${where}: no chart labels found`);
  return `phone: ${r.labels} chart labels >= 10 px, ${r.scrollers} boxes scroll with a shadow`;
}

if (failures.length) {
  console.error(`${failures.length} browser check(s) failed`);
  process.exit(1);
}
console.log('browser checks: all passed');
