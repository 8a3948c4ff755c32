/*
 * The docs storage of production (MinIO or S3) on loopback: s3rver speaks S3's REST protocol, and sites
 * are put there as CI's `techdocs-cli publish` does it, one object per file under
 * <namespace>/<kind>/<name>/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export type DocsStorageStandin = {
  /** The settings the production config reads from the environment. */
  env: Record<string, string>;
  /** Publishes a built site, given as file path to content, for an entity reference. */
  publish(entity: string, files: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
};

const BUCKET = 'techdocs';
const KEY = 'S3RVER'; // s3rver's fixed stand-in key pair

export async function startDocsStorageStandin(): Promise<DocsStorageStandin> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-storage-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: KEY },
  });
  return {
    env: {
      TECHDOCS_S3_BUCKET: BUCKET,
      TECHDOCS_S3_ENDPOINT: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: KEY,
      AWS_SECRET_ACCESS_KEY: KEY,
    },
    async publish(entity, files) {
      for (const [file, content] of Object.entries(files)) {
        await client.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `${entity}/${file}`,
            Body: content,
            ContentType: file.endsWith('.html')
              ? 'text/html'
              : 'application/json',
          }),
        );
      }
    },
    async stop() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
