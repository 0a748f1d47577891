export * from './complaint-machine.ts';
export * from './complaint-policy.ts';
export * from './complaint-rules.ts';
export * from './complaint-texts.ts';
