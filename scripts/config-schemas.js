#!/usr/bin/env node
/*
 * Compiles each workspace package's config.d.ts into the config.schema.json its package.json points at,
 * as Backstage's production pack does for published packages (`compilePackageConfigSchemas` in
 * @backstage/cli-module-build). Without it, the backend run from this checkout would compile every
 * config.d.ts with TypeScript at each start (the root logger loads all schemas to find the secrets to
 * redact): about 160 MB more memory and seconds more to readiness (bench/README.md).
 *   node scripts/config-schemas.js          write the files
 *   node scripts/config-schemas.js --check  exit 1 and name the packages whose schema is out of date
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const prettier = require('prettier');
const { getPackages } = require('@manypkg/get-packages');
const { loadConfigSchema } = require('@backstage/config-loader');

const root = path.resolve(__dirname, '..');
const SOURCE = 'config.d.ts';
const GENERATED = 'config.schema.json';

/**
 * The workspace packages with a config schema: all must point `configSchema` at the generated JSON and
 * keep its TypeScript source beside it. A package still pointing at its .d.ts is reported, not accepted.
 */
async function schemaPackages() {
  const { packages } = await getPackages(root);
  const problems = [];
  const found = [];
  for (const pkg of packages) {
    const declared = pkg.packageJson.configSchema;
    if (declared === undefined) continue;
    const rel = path.relative(root, pkg.dir);
    if (declared !== GENERATED) {
      problems.push(
        `${rel}: set "configSchema": "${GENERATED}" in package.json (the schema's source stays in ${SOURCE}) and run node scripts/config-schemas.js`,
      );
    } else if (!fs.existsSync(path.join(pkg.dir, SOURCE))) {
      problems.push(`${rel}: ${GENERATED} has no ${SOURCE} beside it`);
    } else {
      found.push(pkg);
    }
  }
  return { found, problems };
}

/** Compiles the packages' config.d.ts files in one TypeScript program, as the production pack does. */
async function compile(packages) {
  // loadConfigSchema reads the schema's path from a package.json: point stand-in package.json files,
  // one per package, at the real config.d.ts.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'config-schemas-'));
  try {
    const packagePaths = packages.map((pkg, i) => {
      const file = path.join(tmp, String(i), 'package.json');
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(
        file,
        JSON.stringify({
          name: pkg.packageJson.name,
          configSchema: path.join(pkg.dir, SOURCE),
        }),
      );
      return file;
    });
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths,
      excludePackageDependencies: true,
    });
    const byName = new Map(
      schema.serialize().schemas.map(s => [s.packageName, s.value]),
    );
    const result = new Map();
    for (const pkg of packages) {
      const value = byName.get(pkg.packageJson.name);
      if (!value) {
        throw new Error(
          `${pkg.packageJson.name}: ${SOURCE} gave no schema; it must declare an exported Config interface`,
        );
      }
      const text = await prettier.format(JSON.stringify(value), {
        parser: 'json',
      });
      result.set(pkg, text);
    }
    return result;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const check = process.argv.includes('--check');
  const { found, problems } = await schemaPackages();
  const compiled = await compile(found);
  for (const [pkg, text] of compiled) {
    const file = path.join(pkg.dir, GENERATED);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      problems.push(
        `${path.relative(
          root,
          file,
        )} is out of date with its ${SOURCE}: run node scripts/config-schemas.js`,
      );
    } else {
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(root, file)}`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
