# syntax=docker/dockerfile:1
# The sum service: a bundled Node.js server in a small runtime image (linux/amd64 and linux/arm64).
# Build: docker buildx build --platform linux/arm64,linux/amd64 -t sum-service .

# The bundle is plain JavaScript, so it is built once on the build machine's own platform.
FROM --platform=$BUILDPLATFORM node:24.11.1-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY app ./app
RUN npm run build

# Everything is inlined into dist/, so the runtime image holds no node_modules.
FROM node:24.11.1-bookworm-slim AS runtime
# 2 MB semi-spaces: half the young generation resident, for the same CPU per request
# (docs/performance.md, "Performance rules").
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    PORT=8080 \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=build --chown=node:node /src/dist ./dist
# uid 1000, as the task definition expects.
USER node
EXPOSE 8080 9464
# No curl in the image: a tiny node script probes /health.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
# Node directly as PID 1 (not npm, which swallows SIGTERM): the service drains on SIGTERM itself.
# --single-threaded-gc: a task has a quarter or half of a vCPU, so V8's garbage-collection helper
# threads can only take CPU time from the request thread. Without concurrent marking V8 lets the
# old generation grow much further between full collections; --heap-growing-percent=20 keeps it
# to what is live plus V8's minimum step. The bench and the bundle tests read these flags from
# here; the measurements are in docs/adr/0002-performance-rules.md, the rules in
# docs/performance.md. Node refuses both flags in NODE_OPTIONS.
CMD ["node", "--single-threaded-gc", "--heap-growing-percent=20", "dist/server.js"]
