import { DEMO_USERS, seedDemo } from '../modules/system/seed-demo.ts';
import { withDatabase } from './run.ts';

export async function seedCommand(): Promise<void> {
  await withDatabase(async ({ config, database }) => {
    const { created } = await seedDemo(database.db, config.demoPassword);
    console.log(`演示数据就绪 · demo data ready (${created.length} new users; ${DEMO_USERS.length} in all)`);
  });
}
