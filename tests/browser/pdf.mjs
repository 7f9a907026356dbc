// Checks a PDF that `baton build --pdf` printed. Usage: node pdf.mjs REPORT.pdf [MAX_PAGES]
// - every page is numbered "Page N of M" (the print stylesheet's @page footer);
// - no link target is printed after its link (no "(../index.html)", "(metrics.json)");
// - no page holds only a footnote or the footer: each has some of the report on it;
// - at most MAX_PAGES pages (default 12: the sample month prints on 11).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import fs from 'node:fs';

const [file, maxArg] = process.argv.slice(2);
const max = Number(maxArg ?? 12);
const failures = [];
const fail = (m) => { failures.push(m); console.error('FAIL ' + m); };
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
const pages = doc.numPages;
if (pages > max) fail(`${file}: ${pages} pages, more than ${max}`);
for (let n = 1; n <= pages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  const text = content.items.map((i) => i.str).join(' ').replace(/\s+/g, ' ');
  const label = `Page ${n} of ${pages}`;
  if (!text.includes(label)) fail(`${file}: page ${n} has no "${label}"`);
  const target = text.match(/\((\.\.\/|\.\/)?[\w./-]*\.(html|json|csv)\)/);
  if (target) fail(`${file}: page ${n} prints a link target: ${target[0]}`);
  const body = text.replace(label, '').trim();
  if (body.length < 200) fail(`${file}: page ${n} holds only "${body.slice(0, 80)}"`);
}
if (failures.length) {
  console.error(`${failures.length} PDF check(s) failed`);
  process.exit(1);
}
console.log(`pdf: ${pages} pages, each numbered, no link target printed, none holding only a note`);
