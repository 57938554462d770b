/**
 * Types for starlight-links-validator, used by `tsc` instead of the package itself (see `paths` in tsconfig.check.json).
 * The package publishes TypeScript source without declarations, and that source does not compile under this
 * project's strict settings (nor without the `@astrojs/markdown-remark` types Astro 7 no longer installs), so
 * `tsc` would fail inside node_modules. Astro and Vite still load the real package.
 */
import type { StarlightPlugin } from '@astrojs/starlight/types';

export default function starlightLinksValidator(options?: Record<string, unknown>): StarlightPlugin;
