import { ValidationError } from '../errors';

export const DISPLAY_NAME_MIN_LENGTH = 3;
export const DISPLAY_NAME_MAX_LENGTH = 32;

/** Letters and digits of any script, combining marks, and single spaces, dots, hyphens, underscores, apostrophes. */
const ALLOWED = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .\-_']*$/u;
/** A run of digits long enough to be a phone, card or member number. */
const LONG_NUMBER = /\p{N}{6,}/u;

/** Blocked by default (impersonating staff); DISPLAY_NAME_BLOCKLIST replaces the list. */
export const DEFAULT_DISPLAY_NAME_BLOCKLIST: readonly string[] = ['admin', 'administrator', 'moderator', 'support', 'staff', 'official', 'system'];

/**
 * Checks a name a member chose for public boards and returns it normalised (NFC, trimmed,
 * inner whitespace collapsed). A name is refused, with a BAD_USER_INPUT naming `displayName`,
 * when its length or characters are out of bounds, when it holds a long number, or when it
 * contains a blocked word (case and accents ignored).
 */
export class DisplayNamePolicy {
  private readonly blocked: readonly string[];

  constructor(blocklist: readonly string[] = DEFAULT_DISPLAY_NAME_BLOCKLIST) {
    this.blocked = blocklist.map(foldForComparison).filter((word) => word.length > 0);
  }

  /** The comma-separated DISPLAY_NAME_BLOCKLIST setting, or the default list when unset. */
  static fromSetting(setting: string | undefined): DisplayNamePolicy {
    return new DisplayNamePolicy(setting === undefined ? DEFAULT_DISPLAY_NAME_BLOCKLIST : setting.split(','));
  }

  validate(input: string): string {
    const name = input.normalize('NFC').trim().replace(/\s+/gu, ' ');
    const length = [...name].length;
    if (length < DISPLAY_NAME_MIN_LENGTH || length > DISPLAY_NAME_MAX_LENGTH) {
      throw new ValidationError('displayName', `must be ${DISPLAY_NAME_MIN_LENGTH} to ${DISPLAY_NAME_MAX_LENGTH} characters, received ${length}`);
    }
    if (!ALLOWED.test(name)) {
      throw new ValidationError('displayName', "may hold letters, digits, spaces and . - _ ' only, starting with a letter or digit");
    }
    if (LONG_NUMBER.test(name)) throw new ValidationError('displayName', 'may not hold a number of 6 digits or more');
    const folded = foldForComparison(name);
    if (this.blocked.some((word) => folded.includes(word))) throw new ValidationError('displayName', 'is not allowed');
    return name;
  }
}

/** Lower case without accents or separators, so "A.d-m_i n" and "Ádmin" both meet "admin". */
function foldForComparison(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\p{M}\s.\-_']/gu, '')
    .toLowerCase();
}
