import { InitialSchema1764150000000 } from './1764150000000-initial-schema';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1764150000000];
