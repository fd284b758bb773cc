import { chromium } from '@playwright/test';
const [,, path, out, width = '1280', action = ''] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const p = await b.newPage({ viewport: { width: Number(width), height: 900 } });
await p.goto('http://127.0.0.1:5651/' + path, { waitUntil: 'networkidle' });
if (action === 'runall') { await p.getByRole('button', { name: 'Run all' }).click(); await p.waitForTimeout(8000); }
const sel = process.argv[6];
if (sel) { const el = p.locator(sel).first(); await el.scrollIntoViewIfNeeded(); await el.screenshot({ path: out }); }
else await p.screenshot({ path: out, fullPage: false });
await b.close();
