import { withDatabase } from './run.ts';

export async function migrateCommand(): Promise<void> {
  // withDatabase migrates before running the body; here the body only reports.
  await withDatabase(async () => {
    console.log('数据库已是最新 · database migrations are current');
  });
}
