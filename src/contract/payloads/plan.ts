import { z } from 'zod';
import { ClaimStatus, DocumentType, PlanType } from '../enums';
import { count, idField, isoDateField, nonNegativeNumber, textField, textList } from './fields';

/** Fields common to plan selection, purchase and renewal. */
const planSchema = z.looseObject({
  planId: idField(),
  planType: z.enum(PlanType),
  /** Monthly premium, in the plan's currency. */
  premium: nonNegativeNumber().optional(),
});

/** `PLAN_SELECTED`: the user picked a plan (before paying). */
export const planSelectedSchema = planSchema;

/** `PLAN_PURCHASED`: the user bought a plan. */
export const planPurchasedSchema = planSchema.extend({
  coverageStartDate: isoDateField().optional(),
});

/** `PLAN_RENEWED`: the user renewed a plan. */
export const planRenewedSchema = planSchema.extend({
  renewalDate: isoDateField().optional(),
});

/** Fields common to the claim events. */
const claimSchema = z.looseObject({
  claimId: idField(),
  planId: idField(),
  amount: nonNegativeNumber(),
  status: z.enum(ClaimStatus),
  submissionDate: isoDateField(),
  serviceDate: isoDateField(),
  serviceType: textField(),
});

/** `CLAIM_SUBMITTED`: the user filed a reimbursement claim. */
export const claimSubmittedSchema = claimSchema.extend({
  documentCount: count().optional(),
});

/** `CLAIM_APPROVED`: the insurer approved a claim. */
export const claimApprovedSchema = claimSchema.extend({
  approvedAmount: nonNegativeNumber().optional(),
});

/** `BENEFIT_USED`: the user used a plan benefit (gym, dental, discount...). */
export const benefitUsedSchema = z.looseObject({
  benefitId: idField(),
  benefitType: textField(),
  amount: nonNegativeNumber().optional(),
  planId: idField().optional(),
});

/** `DOCUMENT_UPLOADED`: the user uploaded a document. */
export const documentUploadedSchema = z.looseObject({
  documentId: idField(),
  documentType: z.enum(DocumentType),
  claimId: idField().optional(),
  /** Size of the file in bytes. */
  fileSize: count().optional(),
  mimeType: textField().optional(),
});

/** `COVERAGE_CHECKED`: the user checked whether a service is covered. */
export const coverageCheckedSchema = z.looseObject({
  coverageType: textField(),
  planId: idField().optional(),
  serviceCode: textField().optional(),
  covered: z.boolean().optional(),
});

/** `PLAN_COMPARED`: the user compared two or more plans. */
export const planComparedSchema = z.looseObject({
  planIds: textList(2),
  selectedPlanId: idField().optional(),
});

/** Payload of plan selection, purchase and renewal. */
export type PlanPayload = z.infer<typeof planSchema>;
/** Payload of the claim events. */
export type ClaimPayload = z.infer<typeof claimSchema>;
