# Tessera in a container: built from this repository, run as an unprivileged user.
#   docker build -t tessera .
#   docker run -p 8080:8080 -v tessera-data:/data tessera                      # embedded SQLite in /data
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://... -e TESSERA_SECRET=... tessera
# See docs/deploy.md for PostgreSQL, several processes behind a load balancer, and Redis.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production TESSERA_DATA_DIR=/data PORT=8080 HOST=0.0.0.0 LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains requests in flight (TESSERA_SHUTDOWN_TIMEOUT_SECONDS) and flushes before exiting.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
