import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LeaderboardPeriod } from '../../leaderboards/leaderboard';

registerEnumType(LeaderboardPeriod, {
  name: 'LeaderboardPeriod',
  description: 'Calendar period of a board, in the configured TIMEZONE.',
});

@ObjectType()
export class LeaderboardEntry {
  @Field(() => Int) rank!: number;
  @Field(() => ID) userId!: string;
  @Field(() => Int) points!: number;
}

@ObjectType({ description: 'Ties rank by who reached the score first (event time of the latest award), then userId.' })
export class Leaderboard {
  @Field(() => String, { nullable: true, description: 'null for the overall board' }) journey!: string | null;
  @Field(() => LeaderboardPeriod) period!: LeaderboardPeriod;
  @Field({ description: 'The period shown: all, 2026-11-26, 2026-W48 or 2026-11.' }) periodKey!: string;
  @Field(() => [LeaderboardEntry]) entries!: LeaderboardEntry[];
}
