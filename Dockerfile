# syntax=docker/dockerfile:1
# Build: compiles TypeScript and the better-sqlite3 native addon.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` builds dist/, which needs the sources: install without scripts first, then build.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

# Run: only the compiled service, production dependencies, migrations and the demo config.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    CAMPAIGN_AGENT_CONFIG=/config/campaigns.yaml \
    DATABASE_PATH=/data/campaign-agent.db \
    SMTP_HOST=0.0.0.0 \
    SMTP_PORT=2525 \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY prompts ./prompts
COPY config /config
COPY fixtures/calendars /fixtures/calendars
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data", "/config"]
EXPOSE 2525 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli.js", "serve"]
