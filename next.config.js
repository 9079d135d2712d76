/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The custom server (server/main.ts) serves the app; Next only builds and renders pages.
  poweredByHeader: false,
  // One copy of Yjs per process: the server (server/main.ts) loads yjs and its companions through
  // Node's require, so the pages' server bundle must require the same files instead of bundling a
  // second copy ("Yjs was already imported" breaks Yjs's instanceof checks).
  serverExternalPackages: ['yjs', 'y-protocols', 'y-utility', 'y-websocket', 'y-indexeddb', 'lib0'],
}

module.exports = nextConfig
