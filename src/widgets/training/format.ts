// Numbers as the labs print them: fixed digits, a true minus sign, no "−0.0000".
export function formatScore(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  const s = n.toFixed(digits);
  return (/^-0\.?0*$/.test(s) ? s.slice(1) : s).replace('-', '−');
}
