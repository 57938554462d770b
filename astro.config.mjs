// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import node from '@astrojs/node';
import starlightLinksValidator from 'starlight-links-validator';
import { starlightSidebar } from './src/lib/course/sections.mjs';

export default defineConfig({
  site: 'http://localhost:4321',
  // Lessons are prerendered; routes that export `prerender = false` (the API) run on the Node server.
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321, host: '127.0.0.1' },
  // The lab API is called by wrangler, the Cloudflare SDK and curl with Bearer tokens (multipart uploads
  // included), so Astro's form-origin check would refuse legitimate clients. Cookie-authenticated routes
  // get CSRF protection from our own middleware instead.
  security: { checkOrigin: false },
  integrations: [
    starlight({
      title: 'Workers for Platforms, hands-on',
      description:
        'An interactive course on Cloudflare Workers for Platforms: dispatch namespaces, dynamic dispatch, user and outbound Workers, with real labs on workerd.',
      lastUpdated: false,
      // Phone overflow rules (code blocks scroll, inline code wraps) for every page.
      customCss: ['./src/styles/phone.css', './src/styles/page-dialog.css'],
      // Minimal overrides: each wraps Starlight's own component and adds one control.
      components: {
        SocialIcons: './src/components/overrides/SocialIcons.astro',
        Footer: './src/components/overrides/Footer.astro',
        // Ticks for completed lessons and passed labs, and the graded-since-last-visit badge.
        Sidebar: './src/components/overrides/Sidebar.astro',
        // The search button's accessible name matches its visible text (axe: label-content-name-mismatch).
        Search: './src/components/overrides/Search.astro',
      },
      // Fails the build on a broken internal link or anchor. External links are not checked (no network in CI).
      plugins: [starlightLinksValidator()],
      // The same list builds /course/ and the gradebook's order (src/lib/course/sections.mjs).
      sidebar: starlightSidebar(),
    }),
  ],
});
