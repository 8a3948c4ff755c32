#!/bin/sh
# Run by the docs-storage-init service (the minio/mc image) on every start of the stack: creates the
# TechDocs bucket and the two keys that use it, keeping whatever already exists.
#   portal   PORTAL_DOCS_USER  may list and read the bucket (app-config.production.yaml)
#   CI       DOCS_CI_USER      may also write and delete in it (ci/publish-techdocs.sh and the
#                                    docs:publish job of generated projects)
set -eu
mc alias set docs http://docs-storage:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing docs/techdocs
for policy in techdocs-read techdocs-publish; do
  mc admin policy create docs "$policy" "/docs-storage/$policy.json"
done
mc admin user add docs "$PORTAL_DOCS_USER" "$PORTAL_DOCS_PASSWORD"
mc admin policy attach docs techdocs-read --user "$PORTAL_DOCS_USER" || true
mc admin user add docs "$DOCS_CI_USER" "$DOCS_CI_PASSWORD"
mc admin policy attach docs techdocs-publish --user "$DOCS_CI_USER" || true
echo "docs storage ready: bucket techdocs, read key for the portal, publish key for CI"
