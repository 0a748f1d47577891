import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openDatabase } from '../../src/platform/db/pool.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { freePort } from './ports.ts';

export const TEMPLATE_DB = 'kameng_template';
export const DEMO_PASSWORD = 'kameng-demo';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * One PostgreSQL server for the whole integration run (DATABASE_URL's, or an embedded one in a temp
 * dir) and one template database, migrated and seeded once. Each test file clones the template
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds instead of re-running migrations.
 */
export default async function setup(project: TestProject) {
  const log = createLogger('warn');
  let embedded: EmbeddedDatabase | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-test-'));
    // mkdtemp makes it 0700; as root, PostgreSQL runs as the `postgres` user and must get in.
    await chmod(dir, 0o755);
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log });
    adminUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const template = openDatabase(withDatabase(adminUrl, TEMPLATE_DB), { max: 2 });
  await migrate(template.pool);
  await seedDemo(template.db, DEMO_PASSWORD);
  await template.close();
  await admin.end();
  project.provide('adminUrl', adminUrl);
  return async () => {
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}

export { withDatabase };
