import type { Role } from './schema.ts';

/**
 * The demo's accounts, by name. The demo seed (src/demo/seed-demo.ts) creates them; auth knows them
 * too, to list them on the sign-in page in demo mode and to warn at start when a database served on
 * a network address still has them with the published password (demo-exposure.ts).
 */
export const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'buyer', displayName: '张小明', role: 'buyer' },
  { username: 'buyer2', displayName: '李小红', role: 'buyer' },
  { username: 'merchant', displayName: '星辰数码（商家）', role: 'merchant' },
  { username: 'agent', displayName: '客服小王', role: 'agent' },
  { username: 'supervisor', displayName: '售后主管老陈', role: 'supervisor' },
  { username: 'admin', displayName: '平台管理员', role: 'admin' },
];
