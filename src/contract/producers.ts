import { EventType } from './journeys';

/**
 * Who sends an event. `member`: the app, with the member's own token, reporting what it
 * observes on the device. `service`: a back end (over its service token or Kafka) reporting a
 * fact it owns. Services may send every type: back ends also relay what apps observe.
 */
export const PRODUCERS = ['member', 'service'] as const;

/** One of {@link PRODUCERS}. */
export type Producer = (typeof PRODUCERS)[number];

/** Who may send a type, and why. */
export interface ProducerPolicy {
  readonly producers: readonly Producer[];
  /** Why, for the contract's documentation. */
  readonly reason: string;
}

const appAndService = (reason: string): ProducerPolicy => ({ producers: ['member', 'service'], reason });
const serviceOnly = (reason: string): ProducerPolicy => ({ producers: ['service'], reason });

/**
 * The default producers of each event type. A member may send what the app itself observes;
 * facts owned by a back end (attendance, sessions, claims, plans, benefits, registration,
 * treatment plans, redemptions...) only a service may send, or members could mint points.
 * A rules file overrides entries under `producers:`.
 */
export const DEFAULT_EVENT_PRODUCERS: { readonly [K in EventType]: ProducerPolicy } = {
  [EventType.HEALTH_METRIC_RECORDED]: appAndService('the app reads the phone and paired wearables; bounded by value ranges'),
  [EventType.GOAL_CREATED]: appAndService('the member sets goals in the app'),
  [EventType.GOAL_UPDATED]: appAndService('the member edits goals in the app'),
  [EventType.GOAL_ACHIEVED]: appAndService('the app tracks goals against the metrics it records'),
  [EventType.DEVICE_CONNECTED]: appAndService('the app pairs devices'),
  [EventType.DEVICE_SYNCED]: appAndService('the app syncs paired devices'),
  [EventType.HEALTH_INSIGHT_VIEWED]: appAndService('viewing happens in the app'),
  [EventType.MEDICAL_RECORD_ADDED]: serviceOnly('records come from providers and labs through the health-records back end'),
  [EventType.APPOINTMENT_BOOKED]: serviceOnly('the booking system owns whether a booking exists'),
  [EventType.APPOINTMENT_ATTENDED]: serviceOnly('attendance is confirmed by the provider, not the member'),
  [EventType.APPOINTMENT_CANCELLED]: serviceOnly('the booking system owns cancellations'),
  [EventType.MEDICATION_ADDED]: appAndService('the member keeps their regimen in the app'),
  [EventType.MEDICATION_TAKEN]: appAndService('the member confirms a dose in the app'),
  [EventType.TELEMEDICINE_SESSION_STARTED]: serviceOnly('the telemedicine platform owns sessions'),
  [EventType.TELEMEDICINE_SESSION_COMPLETED]: serviceOnly('the telemedicine platform owns sessions and their duration'),
  [EventType.SYMPTOM_CHECKED]: appAndService('the symptom checker runs in the app'),
  [EventType.PROVIDER_RATED]: appAndService('the member rates in the app'),
  [EventType.TREATMENT_PLAN_CREATED]: serviceOnly('a provider sets up treatment plans'),
  [EventType.TREATMENT_PLAN_COMPLETED]: serviceOnly('the provider confirms a treatment plan was carried out'),
  [EventType.PLAN_SELECTED]: appAndService('choosing (before paying) happens in the app'),
  [EventType.PLAN_PURCHASED]: serviceOnly('the billing system owns purchases'),
  [EventType.CLAIM_SUBMITTED]: serviceOnly('the claims system owns whether a claim was filed'),
  [EventType.CLAIM_APPROVED]: serviceOnly('the insurer approves claims'),
  [EventType.BENEFIT_USED]: serviceOnly('the benefits system or partner records use'),
  [EventType.DOCUMENT_UPLOADED]: serviceOnly('the document store owns whether a document arrived'),
  [EventType.COVERAGE_CHECKED]: appAndService('the coverage lookup runs in the app'),
  [EventType.PLAN_RENEWED]: serviceOnly('the billing system owns renewals'),
  [EventType.PLAN_COMPARED]: appAndService('comparing happens in the app'),
  [EventType.USER_REGISTERED]: serviceOnly('the account system creates accounts'),
  [EventType.PROFILE_COMPLETED]: serviceOnly('the account system owns the profile and how complete it is'),
  [EventType.DAILY_LOGIN]: appAndService('the app sees the sign-in; capped per day by the rules'),
  [EventType.WEEKLY_ACTIVE]: serviceOnly('computed over a week of activity by a back end'),
  [EventType.FEEDBACK_PROVIDED]: appAndService('the member gives feedback in the app'),
  [EventType.FEATURE_USED]: appAndService('the app sees which feature is used'),
  [EventType.JOURNEY_SWITCHED]: appAndService('the app sees the switch'),
  [EventType.REWARD_REDEEMED]: serviceOnly('the rewards system owns redemptions'),
};

/** Who may send each type: the defaults with a rules file's `producers:` entries over them. */
export type EventProducers = ReadonlyMap<EventType, ReadonlySet<Producer>>;

/** The producers in force: {@link DEFAULT_EVENT_PRODUCERS} with `overrides` replacing entries. */
export function eventProducers(overrides: Partial<Record<EventType, readonly Producer[]>> = {}): EventProducers {
  return new Map((Object.keys(DEFAULT_EVENT_PRODUCERS) as EventType[]).map((type) => [type, new Set(overrides[type] ?? DEFAULT_EVENT_PRODUCERS[type].producers)]));
}
