/** Typed errors of the gamification engine and the classifier that maps anything thrown onto them. */
export * from './error-category';
export * from './gamification-error';
export * from './validation-error';
export * from './business-rule-error';
export * from './member-erased-error';
export * from './idempotency-conflict-error';
export * from './redemption-refused-error';
export * from './correction-refused-error';
export * from './database-error';
export * from './network-error';
export * from './authorization-error';
export * from './unauthenticated-error';
export * from './internal-error';
export * from './unknown-error';
export * from './postgres-error-codes';
export * from './network-error-codes';
export * from './classify-error';
