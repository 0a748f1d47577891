export * from './accounts.ts';
export * from './refund-plan.ts';
export * from './settlement.ts';
export * from './txn.ts';
