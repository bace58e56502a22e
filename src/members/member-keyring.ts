import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';

const ADJECTIVES = [
  'Amber',
  'Azure',
  'Bold',
  'Brave',
  'Bright',
  'Calm',
  'Clever',
  'Coral',
  'Cosmic',
  'Crimson',
  'Daring',
  'Eager',
  'Emerald',
  'Fearless',
  'Gentle',
  'Golden',
  'Happy',
  'Hardy',
  'Indigo',
  'Ivory',
  'Jade',
  'Jolly',
  'Keen',
  'Kind',
  'Lively',
  'Lucky',
  'Lunar',
  'Mellow',
  'Mighty',
  'Misty',
  'Nimble',
  'Noble',
  'Ochre',
  'Olive',
  'Peppy',
  'Plucky',
  'Proud',
  'Quick',
  'Quiet',
  'Radiant',
  'Rapid',
  'Rosy',
  'Ruby',
  'Sage',
  'Scarlet',
  'Serene',
  'Silver',
  'Sleek',
  'Snowy',
  'Solar',
  'Spry',
  'Steady',
  'Sunny',
  'Swift',
  'Teal',
  'Tidy',
  'Valiant',
  'Vivid',
  'Warm',
  'Wild',
  'Wise',
  'Witty',
  'Zesty',
  'Blue',
] as const;

const CREATURES = [
  'Albatross',
  'Antelope',
  'Badger',
  'Beaver',
  'Bison',
  'Capybara',
  'Cheetah',
  'Condor',
  'Cougar',
  'Crane',
  'Dolphin',
  'Eagle',
  'Egret',
  'Falcon',
  'Ferret',
  'Finch',
  'Fox',
  'Gazelle',
  'Gecko',
  'Heron',
  'Hummingbird',
  'Ibis',
  'Jaguar',
  'Kestrel',
  'Koala',
  'Lemur',
  'Leopard',
  'Lynx',
  'Macaw',
  'Manatee',
  'Marmot',
  'Meerkat',
  'Narwhal',
  'Ocelot',
  'Orca',
  'Osprey',
  'Otter',
  'Owl',
  'Panda',
  'Panther',
  'Pelican',
  'Penguin',
  'Puffin',
  'Quail',
  'Rabbit',
  'Raven',
  'Robin',
  'Salmon',
  'Seal',
  'Sparrow',
  'Stork',
  'Swan',
  'Tapir',
  'Tiger',
  'Toucan',
  'Turtle',
  'Walrus',
  'Whale',
  'Wolf',
  'Wombat',
  'Wren',
  'Yak',
  'Zebra',
  'Tortoise',
] as const;

/** Pseudonyms (every board read) and erasure hashes (every engine batch) are memoised: the HMAC is their only cost. */
const MEMO_SIZE = 100_000;

/**
 * Everything keyed by the member-data secret (MEMBER_DATA_KEY). A member id goes in, something
 * that cannot be turned back into the id without the key comes out: the generated pseudonym
 * shown on public boards, and the hash an erasure record keeps. Both are HMAC-SHA256 under the
 * one key with a different label, so neither reveals the other.
 */
export class MemberKeyring {
  private readonly pseudonyms = new LRUCache<string, string>({ max: MEMO_SIZE });
  private readonly erasureHashes = new LRUCache<string, string>({ max: MEMO_SIZE });

  constructor(private readonly key: string) {}

  /** A stable generated name such as "Blue Heron 42" (64 × 64 × 100 names; not unique). */
  pseudonym(userId: string): string {
    let name = this.pseudonyms.get(userId);
    if (name === undefined) {
      const digest = this.mac('pseudonym', userId);
      name = `${ADJECTIVES[digest[0] % ADJECTIVES.length]} ${CREATURES[digest[1] % CREATURES.length]} ${digest.readUInt16BE(2) % 100}`;
      this.pseudonyms.set(userId, name);
    }
    return name;
  }

  /** What an erasure record keeps of the member id (hex): enough to recognise the id again, not to recover it. */
  erasureHash(userId: string): string {
    let hash = this.erasureHashes.get(userId);
    if (hash === undefined) {
      hash = this.mac('erasure', userId).toString('hex');
      this.erasureHashes.set(userId, hash);
    }
    return hash;
  }

  private mac(label: string, userId: string): Buffer {
    return createHmac('sha256', this.key).update(`${label}:${userId.toLowerCase()}`).digest();
  }
}
