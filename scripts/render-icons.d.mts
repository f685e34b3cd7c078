/** Types of render-icons.mjs (plain JavaScript so that it runs without a build). */
export declare const ICON_SOURCE: string;
export declare const ICON_DIR: string;
export declare const LINUX_ICON_SIZES: readonly number[];
export interface IconManifest {
  source: string;
  sourceSha256: string;
  files: Record<string, string>;
}
export declare function iconFiles(): string[];
export declare function renderIcons(root: string): Promise<IconManifest>;
export declare function checkIcons(root: string): Promise<string[]>;
