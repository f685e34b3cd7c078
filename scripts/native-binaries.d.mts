/** Types of native-binaries.mjs (plain JavaScript: electron-builder loads it as a hook, unbuilt). */
export declare function libsqlPackage(platform: string, arch: string): string | null;
export declare function missingNativeBinaries(options: {
  projectDir: string;
  platform: string;
  arch: string;
  host?: { platform: string; arch: string };
}): string[];
export declare function beforePack(context: { packager: { projectDir: string }; electronPlatformName: string; arch: number }): Promise<void>;
