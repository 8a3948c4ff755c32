#!/bin/sh
# Run in the minio/mc image by `deploy/scripts/stack.sh docs-site-key <namespace>/<kind>/<name>`:
# creates (or renews) the key of ONE TechDocs site, which may write and delete only under that site's
# folder of the bucket (techdocs-site-publish.json with @SITE@ filled in). A generated project's pipeline
# gets this key, never the publish key of docs-storage-init (which can write every site).
#   SITE           the site, as stack.sh checked it: default/component/sales-forecast
#   SITE_USER      the key's access key id
#   SITE_PASSWORD  its secret (never printed)
set -eu
mc alias set docs http://docs-storage:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
policy="techdocs-site-$SITE_USER"
sed "s#@SITE@#$SITE#g" /docs-storage/techdocs-site-publish.json >/tmp/site-policy.json
mc admin policy create docs "$policy" /tmp/site-policy.json >/dev/null
mc admin user add docs "$SITE_USER" "$SITE_PASSWORD" >/dev/null
mc admin policy attach docs "$policy" --user "$SITE_USER" >/dev/null 2>&1 || true
echo "docs storage: $SITE_USER may publish $SITE and no other site"
