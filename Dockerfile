# syntax=docker/dockerfile:1
# Multi-stage build of the exchange. At run time DATABASE_URL must point at PostgreSQL
# (docker-compose.yml provides one), so `npm start` does not start the embedded PostgreSQL.

FROM node:24-bookworm AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
# postinstall (prisma generate) needs the schema; scripts/ holds the generate wrapper.
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts ./scripts
# `npm ci`, or the locked versions via `npm install --no-save` when the lock file lacks another
# platform's optional binaries (see .ci/run).
RUN npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund

FROM deps AS build
WORKDIR /app
# Placeholders so that modules validating the environment at import time can be built;
# nothing connects to a database during the build. The real values come at run time.
ENV DATABASE_URL=postgresql://build:build@127.0.0.1:5432/build \
    AUTH_SECRET=build-time-placeholder-secret-not-used-at-run-time
COPY . .
RUN node scripts/prisma-generate.mjs && npx next build

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 SKIP_BUILD=1
# Run as the image's unprivileged user (next start writes .next/cache).
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# `npm start` = scripts/start.ts: validates the environment, applies migrations, seeds an empty
# database, then serves the build made above (SKIP_BUILD=1: no rebuild at start). Run through
# tsx directly rather than npm, which does not pass `docker stop`'s SIGTERM on to the script.
CMD ["node_modules/.bin/tsx", "scripts/start.ts"]
