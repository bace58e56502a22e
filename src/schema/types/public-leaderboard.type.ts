import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LeaderboardPeriod } from '../../leaderboards/leaderboard';
import { LeaderboardVisibility } from '../../leaderboards/public-leaderboard';

registerEnumType(LeaderboardVisibility, {
  name: 'LeaderboardVisibility',
  description: 'PUBLIC: listed on public boards under the display name; HIDDEN: not listed to others (ranks close up), still sees its own standing.',
});

// simpleResolvers: graphql-js reads the properties itself instead of type-graphql wrapping each field
// in its (here empty) middleware chain: 3 of the 30 µs that executing this hot query takes (bench/RESULTS.md).
@ObjectType({ description: 'A line of a public board: a display name, never a member id.', simpleResolvers: true })
export class PublicLeaderboardEntry {
  @Field(() => Int, { description: 'Rank among the listed members; for a hidden viewer, the rank it would have if listed.' }) rank!: number;
  @Field({ description: 'The name the member chose, else a stable generated pseudonym.' }) displayName!: string;
  @Field(() => Int) points!: number;
  @Field(() => Int) level!: number;
  @Field({ description: 'True on the line of the member asking.' }) isMe!: boolean;
}

@ObjectType({ description: 'A board as members see it: members who hid themselves are left out and ranks close up.', simpleResolvers: true })
export class PublicLeaderboard {
  @Field(() => String, { nullable: true, description: 'null for the overall board' }) journey!: string | null;
  @Field(() => LeaderboardPeriod) period!: LeaderboardPeriod;
  @Field({ description: 'The period shown: all, 2026-11-26, 2026-W48 or 2026-11.' }) periodKey!: string;
  @Field(() => [PublicLeaderboardEntry]) entries!: PublicLeaderboardEntry[];
  @Field(() => PublicLeaderboardEntry, { nullable: true, description: "The asking member's own line, even outside the page; null when not ranked or not a member." })
  me!: PublicLeaderboardEntry | null;
}

@ObjectType({ description: 'What a member shows others.' })
export class MemberSettings {
  @Field({ description: 'What public boards show: the chosen name, else the pseudonym.' }) displayName!: string;
  @Field(() => String, { nullable: true, description: 'The name the member chose; null when showing the pseudonym.' }) chosenDisplayName!: string | null;
  @Field(() => LeaderboardVisibility) leaderboardVisibility!: LeaderboardVisibility;
}
