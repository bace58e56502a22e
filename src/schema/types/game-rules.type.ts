import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType({ description: 'A published rules document (admin only). One version is in force at a time.' })
export class RuleVersion {
  @Field(() => Int, { description: 'Version number, growing with each publication.' }) id!: number;
  @Field({ description: 'Content hash of the rules document.' }) hash!: string;
  @Field({ description: 'The rules file it was loaded from, or `publishRules`.' }) source!: string;
  @Field() publishedAt!: Date;
  @Field({ description: 'Who published it: an admin, or `RULES_FILE` for a rules file read at start.' }) publishedBy!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field({ description: 'In force now: events are evaluated under it.' }) active!: boolean;
}

@ObjectType({ description: 'A rule version with its document (admin only).' })
export class GameRules {
  @Field({ description: 'Content hash of the rules document (as version.hash).' }) id!: string;
  @Field({ description: 'The file it was loaded from, or `publishRules`.' }) source!: string;
  @Field({ description: 'When this version was published.' }) loadedAt!: Date;
  @Field(() => RuleVersion) version!: RuleVersion;
  @Field(() => GraphQLJSON, { description: 'levels, rules, achievements, quests and rewards, as in the file.' })
  document!: Record<string, unknown>;
}

export enum RulesRecompute {
  NONE = 'NONE',
  ALL_MEMBERS = 'ALL_MEMBERS',
}

registerEnumType(RulesRecompute, {
  name: 'RulesRecompute',
  description: "What a publication recomputes of members' history.",
  valuesConfig: {
    NONE: { description: 'Nothing: the new version applies to events from then on.' },
    ALL_MEMBERS: { description: 'Every member with retained events, under the new version, as a background job (a dry run: its impact, written nowhere).' },
  },
});

export enum RecomputeJobStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  SUPERSEDED = 'SUPERSEDED',
}

registerEnumType(RecomputeJobStatus, {
  name: 'RecomputeJobStatus',
  valuesConfig: { SUPERSEDED: { description: 'Stopped: a newer rule version was published before it finished.' } },
});

@InputType({ description: 'A rules document to check, compare with the version in force, and publish.' })
export class PublishRulesInput {
  @Field({ description: 'The rules document, YAML or JSON (as a rules file).' }) document!: string;
  @Field(() => String, { nullable: true, description: 'Why, kept with the version.' }) note?: string | null;
  @Field({ defaultValue: true, description: 'Check and compare only; nothing changes (the default).' }) dryRun!: boolean;
  @Field(() => RulesRecompute, { defaultValue: RulesRecompute.NONE }) recompute!: RulesRecompute;
  @Field({ defaultValue: false, description: 'Whether the backfill (ALL_MEMBERS, not a dry run) notifies members of what it changed.' }) notify!: boolean;
}

@ObjectType({ description: 'How many members an achievement key concerns.' })
export class AchievementKeyCount {
  @Field() key!: string;
  @Field(() => Int) members!: number;
}

@ObjectType({ description: 'Members whose points change falls in a range (both ends included; null: unbounded on that side).' })
export class PointsDeltaBucket {
  @Field(() => Int, { nullable: true }) from!: number | null;
  @Field(() => Int, { nullable: true }) to!: number | null;
  @Field(() => Int) members!: number;
}

@ObjectType({ description: 'What recomputing members changes (a dry run: would change), over the members done so far.' })
export class RecomputeImpact {
  @Field(() => Int, { description: 'Members whose state changes.' }) membersAffected!: number;
  @Field(() => Int, { description: 'Points moved, summed over the members affected.' }) pointsDeltaSum!: number;
  @Field(() => Int, { nullable: true, description: "The one member's smallest change (a loss is negative); null before any member is affected." }) pointsDeltaMin!: number | null;
  @Field(() => Int, { nullable: true }) pointsDeltaMax!: number | null;
  @Field(() => [PointsDeltaBucket], {
    nullable: true,
    description:
      'The members affected by their points change, in 27 fixed buckets (losses first, 1-2-5 steps each side of a bucket of exactly 0, open-ended beyond ±10,000), empty ones included; null for a job stored before the histogram was counted.',
  })
  pointsDeltaHistogram!: PointsDeltaBucket[] | null;
  @Field(() => [AchievementKeyCount]) achievementsGained!: AchievementKeyCount[];
  @Field(() => [AchievementKeyCount]) achievementsLost!: AchievementKeyCount[];
}

@ObjectType({ description: 'A member a recompute job could not recompute.' })
export class RecomputeJobError {
  @Field() userId!: string;
  @Field() message!: string;
  @Field() failedAt!: Date;
}

@ObjectType({ description: 'Every member with retained events recomputed under a rule version, in the background (admin only).' })
export class RecomputeJob {
  @Field(() => Int) id!: number;
  @Field({ description: 'Nothing is written: the impact is what a backfill would do.' }) dryRun!: boolean;
  @Field(() => Int, { nullable: true, description: 'The version recomputed under; null for a dry run.' }) ruleVersion!: number | null;
  @Field() notify!: boolean;
  @Field(() => RecomputeJobStatus) status!: RecomputeJobStatus;
  @Field(() => Int, { nullable: true, description: 'Members with retained events, counted when the job started.' }) total!: number | null;
  @Field(() => Int, { description: 'Members done, including those skipped and failed.' }) processed!: number;
  @Field(() => Int, { description: 'Members left as they are: their history cannot be replayed whole (events from before the event store, or purged).' })
  skipped!: number;
  @Field(() => Int) errorCount!: number;
  @Field(() => [RecomputeJobError], { description: 'The members it failed on (the first 100).' }) errors!: RecomputeJobError[];
  @Field(() => RecomputeImpact) impact!: RecomputeImpact;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType({ description: 'One thing wrong with a rules document.' })
export class RulesProblem {
  @Field({ description: 'Path into the document, e.g. `achievements[2].prerequisites`; empty for the document as a whole.' }) path!: string;
  @Field({ description: 'What is wrong, naming the entry (`achievements[2] (key "walk"): …`).' }) message!: string;
  @Field(() => Int, { nullable: true, description: '1-based line in the document, where the parser can place it.' }) line?: number;
  @Field(() => Int, { nullable: true, description: '1-based column.' }) column?: number;
}

@ObjectType({ description: 'Entries of one section added, removed or changed, by key (id for rules).' })
export class RulesSectionDiff {
  @Field({ description: 'rules, achievements, quests, streaks, boosts, holds or rewards.' }) section!: string;
  @Field(() => [String]) added!: string[];
  @Field(() => [String]) removed!: string[];
  @Field(() => [String]) changed!: string[];
}

@ObjectType({ description: 'What a rules document changes against the version in force.' })
export class RulesDiff {
  @Field(() => [RulesSectionDiff], { description: 'Sections with at least one change.' }) sections!: RulesSectionDiff[];
  @Field(() => [String], { description: 'Other top-level fields that differ: levels, producers, coins…' }) settings!: string[];
}

@ObjectType({ description: 'What publishRules found and did.' })
export class RulesPublication {
  @Field() dryRun!: boolean;
  @Field(() => [RulesProblem], { description: 'Why the document cannot be published; when any, nothing changed.' }) errors!: RulesProblem[];
  @Field(() => RulesDiff, { nullable: true, description: 'Against the version in force (null when the document is invalid).' }) diff!: RulesDiff | null;
  @Field(() => RuleVersion, {
    nullable: true,
    description: 'The version put in force; null for a dry run, an invalid document, or a document identical to the version in force.',
  })
  published!: RuleVersion | null;
  @Field(() => RecomputeJob, { nullable: true, description: 'The recompute job (recompute: ALL_MEMBERS): follow it with recomputeJob(id).' })
  job!: RecomputeJob | null;
}
