import { describe, expect, it } from 'vitest';
import { isSoftwareWebgl } from './webgl-software.js';

const UNMASKED = 0x9246;
function gl(renderer: string, withInfo = true) {
  return {
    RENDERER: 0x1f01,
    getExtension: (name: string) => (withInfo && name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: UNMASKED } : null),
    getParameter: (p: number) => (p === UNMASKED || p === 0x1f01 ? renderer : null),
  } as unknown as WebGL2RenderingContext;
}

describe('isSoftwareWebgl', () => {
  it('recognizes software rasterizers', () => {
    expect(isSoftwareWebgl(gl('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)'))).toBe(true);
    expect(isSoftwareWebgl(gl('llvmpipe (LLVM 15.0.6, 256 bits)', false))).toBe(true);
  });

  it('keeps WebGL on a real GPU, and when the renderer cannot be read', () => {
    expect(isSoftwareWebgl(gl('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)'))).toBe(false);
    expect(isSoftwareWebgl(gl('WebKit WebGL', false))).toBe(false);
    const broken = { RENDERER: 1, getExtension: () => { throw new Error('lost'); }, getParameter: () => null } as unknown as WebGL2RenderingContext;
    expect(isSoftwareWebgl(broken)).toBe(false);
  });
});
