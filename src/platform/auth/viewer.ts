/** Who may do what: `user` acts for itself, `service` records for anyone, `admin` reads anything. */
export enum Role {
  USER = 'user',
  SERVICE = 'service',
  ADMIN = 'admin',
}

/** The authenticated caller of a request or subscription, from a verified JWT. */
export interface Viewer {
  /** The JWT's `sub`: a member's userId, or a service/admin principal's id. */
  subject: string;
  role: Role;
  /** The token's `exp`: a WebSocket connection authenticated with it is closed then. */
  expiresAt?: Date;
}

export function isRole(value: unknown): value is Role {
  return value === Role.USER || value === Role.SERVICE || value === Role.ADMIN;
}
