/** Types of find-chromium.mjs (plain JavaScript so that it runs before anything is built). */
export declare const BROWSER_NAMES: readonly string[];
export declare const MACOS_APPS: readonly string[];
export declare const INSTALL_HINT: string;
export type FoundChromium = { ok: true; path: string } | { ok: false; message: string };
export declare function findChromium(options?: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; isExecutable?: (file: string) => boolean }): FoundChromium;
