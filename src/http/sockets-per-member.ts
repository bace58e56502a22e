/**
 * Open graphql-ws sockets per token subject on this node: `open` refuses one more than `max`,
 * and each socket `open` admitted must be `closed` exactly once.
 */
export class SocketsPerMember {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  tryOpen(subject: string): boolean {
    const count = this.open.get(subject) ?? 0;
    if (count >= this.max) return false;
    this.open.set(subject, count + 1);
    return true;
  }

  closed(subject: string): void {
    const count = (this.open.get(subject) ?? 1) - 1;
    if (count <= 0) this.open.delete(subject);
    else this.open.set(subject, count);
  }
}
