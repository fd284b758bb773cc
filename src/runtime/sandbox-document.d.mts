export const SANDBOX_BOOT: string;
export const SANDBOX_BOOT_HASH: `sha256-${string}`;
export const SANDBOX_CSP: string;
export const SANDBOX_HTML: string;
