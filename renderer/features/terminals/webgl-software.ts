/**
 * Renderer names of software rasterizers. WebGL on one of these draws on the CPU: measured here
 * (bench/terminals-ui, headless Chromium with SwiftShader) it made output → screen p95 3× slower
 * than xterm's DOM renderer (71 vs 23 ms) and a reload of 8 terminals twice as slow. VMs, remote
 * desktops and blocklisted GPUs land here.
 */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

type GlContext = Pick<WebGL2RenderingContext, 'getExtension' | 'getParameter' | 'RENDERER'>;

/** True when this WebGL context is software-rendered, so the DOM renderer is the faster choice. */
export function isSoftwareWebgl(gl: GlContext): boolean {
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    const renderer: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return typeof renderer === 'string' && SOFTWARE_RENDERERS.test(renderer);
  } catch {
    return false;
  }
}
