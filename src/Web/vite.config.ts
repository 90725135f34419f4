import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The gateway serves dist/overlay.html for /overlay/{streamId}. The dev server has no such route,
 * so in `npm run dev` rewrite /overlay/* to the overlay page the same way.
 */
const overlayRoute: Plugin = {
  name: 'digis-overlay-route',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url?.startsWith('/overlay/')) {
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        req.url = `/app/overlay.html${query}`;
      }
      next();
    });
  },
};

// The API and hub live behind the gateway (SPEC §1); `npm run dev` proxies to it so every path
// in the app stays relative (`/api/...`, `/hubs/live`), exactly as in production.
const gateway = process.env.DIGIS_GATEWAY ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/app/',
  plugins: [overlayRoute],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: here('./index.html'),
        overlay: here('./overlay.html'),
      },
      output: {
        // The SignalR client is shared by both pages: give its chunk a name that says so. The OIDC client is the app's
        // alone: a chunk of its own keeps it out of what the overlay loads.
        manualChunks: (id) =>
          id.includes('/node_modules/@microsoft/signalr/') ? 'signalr'
          : id.includes('/node_modules/oidc-client-ts/') || id.includes('/node_modules/jwt-decode/') ? 'oidc'
          : undefined,
      },
      onwarn(warning, warn) {
        // @microsoft/signalr ships /*#__PURE__*/ comments Rollup cannot place; harmless noise.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('@microsoft/signalr')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/hubs': { target: gateway, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
