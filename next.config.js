/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The custom server (server/main.ts) serves the app; Next only builds and renders pages.
  poweredByHeader: false,
}

module.exports = nextConfig
