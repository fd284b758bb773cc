import { chromium } from '@playwright/test';
const [,, path, out, width, scheme, sel, nth] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const p = await b.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
await p.goto('http://127.0.0.1:5651/' + path, { waitUntil: 'networkidle' });
const el = p.locator(sel).nth(Number(nth ?? 0)); await el.scrollIntoViewIfNeeded(); await el.screenshot({ path: out });
await b.close();
