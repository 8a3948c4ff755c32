# The portal's image: the backend serving the built frontend, on Node 22.
#   docker build -t mlops-portal .
# It runs the same steps as scripts/test.sh (install, type check, build), then keeps only what the
# backend needs at run time.

# --- Stage 1: install and build -------------------------------------------------------------------
# The same Node release scripts/bootstrap.sh installs, pinned.
FROM node:22.23.3-bookworm-slim AS build
# Native addons (better-sqlite3 for development, isolated-vm for the Scaffolder) are compiled here.
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ make && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Every workspace's package.json must be present for an immutable install: copy the whole tree.
COPY . .
RUN yarn install --immutable
RUN yarn tsc && yarn build:backend

# --- Stage 2: production dependencies --------------------------------------------------------------
# Native addons are compiled here, so the image that runs keeps no compiler.
FROM node:22.23.3-bookworm-slim AS deps
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ make && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY .yarn ./.yarn
COPY .yarnrc.yml backstage.json yarn.lock package.json ./
COPY --from=build /app/packages/backend/dist/skeleton.tar.gz ./
RUN tar xzf skeleton.tar.gz && rm skeleton.tar.gz && \
    yarn workspaces focus --all --production && rm -rf "$(yarn cache clean)"

# --- Stage 3: run ----------------------------------------------------------------------------------
FROM node:22.23.3-bookworm-slim
# No mkdocs here: production reads docs that CI built and published (techdocs.builder: external), so
# no docs site's configuration ever runs in the portal.
RUN mkdir -p /app && chown node:node /app
USER node
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps --chown=node:node /app ./
COPY --from=build --chown=node:node /app/packages/backend/dist/bundle.tar.gz ./
# No test double in the image: the stand-ins a package exports for tests (its `testUtils` subpath, e.g.
# @mlops-portal/plugin-clearml-node/testUtils) are built with it but left out here; nothing at run time
# imports them (deploy/tests/test_image.py checks both).
RUN tar xzf bundle.tar.gz --exclude='dist/testUtils*' && rm bundle.tar.gz
COPY --chown=node:node app-config.yaml app-config.production.yaml ./
COPY --chown=node:node catalog-info ./catalog-info
# The portal's own entity sits beside its docs site (catalog-info/all.yaml lists it).
COPY --chown=node:node catalog-info.yaml ./
COPY --chown=node:node components ./components
# The "Create project" templates and the skeleton they render.
COPY --chown=node:node templates ./templates
EXPOSE 7007
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://localhost:7007/.backstage/health/v1/readiness').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
