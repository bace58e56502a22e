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
}

registerEnumType(RulesRecompute, {
  name: 'RulesRecompute',
  description: "What a publication recomputes of members' history: NONE (the new version applies to events from then on).",
});

@InputType({ description: 'A rules document to check, compare with the version in force, and publish.' })
export class PublishRulesInput {
  @Field({ description: 'The rules document, YAML or JSON (as a rules file).' }) document!: string;
  @Field(() => String, { nullable: true, description: 'Why, kept with the version.' }) note?: string | null;
  @Field({ defaultValue: true, description: 'Check and compare only; nothing changes (the default).' }) dryRun!: boolean;
  @Field(() => RulesRecompute, { defaultValue: RulesRecompute.NONE }) recompute!: RulesRecompute;
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
}
