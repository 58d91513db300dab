/**
 * Typeform: `form_response` webhook events.
 *
 * Payload: https://www.typeform.com/developers/webhooks/example-payload/
 * Signature: https://www.typeform.com/developers/webhooks/secure-your-webhooks/
 * Registration: https://www.typeform.com/developers/webhooks/reference/create-or-update-webhook/
 * (and retrieve-single-webhook, delete-webhook next to it).
 *
 * Each answer names its question by `field.id` (and `field.ref`); the question's wording and
 * type come from `definition.fields`. The value sits under the key the answer's `type` names
 * (`text`, `email`, `number`, `boolean`, `choice`, `choices`, `date`, `url`, `file_url`,
 * `phone_number`, `payment`…).
 */
import { createHash } from 'crypto';
import { z } from 'zod';

import type { MetricType } from '../../core/feedback';
import { FeedbackError } from '../../core/feedback';
import type { AnswerFormat, SurveyAnswer, SurveyResponse } from '../../core/surveyResponse';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { signatureHeader, verifyHmac } from '../../shared/signatures';
import { credentialBaseUrl, formIdField, requireRegistrationTarget, webhookSecret } from './api';
import { readEnvelope } from './envelope';
import { toolObject } from './schemas';
import type { RegistrationTarget, SourceApi, SurveySource } from './types';

const SOURCE_NAME = 'typeform';
const FORM_ID = 'Typeform form ID (the part after /to/ in the form link)';
export const TYPEFORM_SIGNATURE_HEADER = 'Typeform-Signature';

/**
 * Tool-computed values are kept in `hidden` under these prefixed names rather than under their
 * own: a Typeform variable is often called `name` or `score`, and the response builder reads
 * hidden fields called `name`, `value`… as the respondent's. Prefixed, they are never mistaken
 * for a person field, yet stay reachable by naming them in the mapping.
 */
export const TYPEFORM_CALCULATED_SCORE_KEY = 'typeform_calculated_score';
export const TYPEFORM_VARIABLE_PREFIX = 'typeform_variable_';

/* ------------------------------------------------------------------------------------------ *
 * The payload, as far as we rely on it. Unknown keys pass: Typeform adds fields over time.
 * ------------------------------------------------------------------------------------------ */

const definitionFieldSchema = toolObject({
	id: z.string().min(1),
	title: z.string().nullish(),
	type: z.string().nullish(),
	ref: z.string().nullish(),
	properties: z.record(z.unknown()).nullish(),
});

const answerSchema = toolObject({
	type: z.string().min(1),
	field: toolObject({
		id: z.string().min(1),
		type: z.string().nullish(),
		ref: z.string().nullish(),
	}),
});

const variableSchema = toolObject({ key: z.string().min(1), type: z.string() });

const formResponseSchema = toolObject({
	form_id: z.string().min(1),
	token: z.string().min(1),
	submitted_at: z.string().nullish(),
	landed_at: z.string().nullish(),
	calculated: toolObject({ score: z.number().nullish() }).nullish(),
	variables: z.array(variableSchema).nullish(),
	hidden: z.record(z.unknown()).nullish(),
	definition: toolObject({ fields: z.array(definitionFieldSchema).nullish() })
		.nullish(),
	answers: z.array(answerSchema).nullish(),
});

type DefinitionField = z.infer<typeof definitionFieldSchema>;
type TypeformAnswer = z.infer<typeof answerSchema>;

/* ------------------------------------------------------------------------------------------ *
 * Answers.
 * ------------------------------------------------------------------------------------------ */

const primitiveValue = {
	text: z.string(),
	email: z.string(),
	phone_number: z.string(),
	url: z.string(),
	file_url: z.string(),
	date: z.string(),
	// Typeform sends a JSON number; a relay that re-serialises the payload may send it as text.
	number: z.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/).transform(Number)]),
	boolean: z.boolean(),
} as const;

/**
 * Question types of the Create API (typeform.com/developers/create/reference/create-form/). A
 * number answer to a type not listed is one Typeform added since: it may be a score.
 */
const KNOWN_QUESTION_TYPES = new Set([
	'address',
	'calendly',
	'contact_info',
	'date',
	'dropdown',
	'email',
	'file_upload',
	'group',
	'inline_group',
	'legal',
	'long_text',
	'matrix',
	'multi_format',
	'multiple_choice',
	'nps',
	'number',
	'opinion_scale',
	'payment',
	'phone_number',
	'picture_choice',
	'ranking',
	'rating',
	'short_text',
	'signature',
	'statement',
	'website',
	'yes_no',
]);

const choiceSchema = toolObject({ label: z.string().nullish(), other: z.string().nullish() });
const choicesSchema = toolObject({ labels: z.array(z.string()).nullish(), other: z.string().nullish() });

/** `source[key]` when it is the object's own key, so that a type named `constructor` reads nothing. */
function own<T>(source: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/** The answer's value, read from the key its `type` names. */
function answerValue(answer: TypeformAnswer, index: number): unknown {
	const path = `form_response.answers.${index}`;
	const raw = own(answer as Record<string, unknown>, answer.type);
	// The message names what was expected, not what the respondent answered.
	const invalid = (expected: string) =>
		new FeedbackError(
			`Typeform answer ${index} has type "${answer.type}" but its "${answer.type}" is not ${expected}`,
			`${path}.${answer.type}`,
		);

	const schema = own<z.ZodTypeAny>(primitiveValue, answer.type);
	if (schema) {
		const parsed = schema.safeParse(raw);
		if (!parsed.success) {
			throw invalid(answer.type === 'number' ? 'a number' : answer.type === 'boolean' ? 'true or false' : 'text');
		}
		return parsed.data as unknown;
	}
	if (answer.type === 'choice') {
		const parsed = choiceSchema.safeParse(raw);
		if (!parsed.success) throw invalid('an object with a label');
		// A respondent who picks "Other" sends `other` instead of `label`.
		return parsed.data.label ?? parsed.data.other ?? null;
	}
	if (answer.type === 'choices') {
		const parsed = choicesSchema.safeParse(raw);
		if (!parsed.success) throw invalid('an object with labels');
		const labels = [...(parsed.data.labels ?? [])];
		if (parsed.data.other) labels.push(parsed.data.other);
		return labels;
	}
	// payment, multi_format, signature and types Typeform adds later: kept as sent.
	return raw ?? null;
}

const FORMATS: Record<string, AnswerFormat> = {
	long_text: 'longText',
	short_text: 'shortText',
	email: 'email',
	phone_number: 'phone',
	yes_no: 'boolean',
	legal: 'boolean',
	number: 'number',
	date: 'date',
	multiple_choice: 'choice',
	dropdown: 'choice',
	picture_choice: 'choice',
};

/** What kind of value this is, from the question type first and the answer type second. */
function formatOf(questionType: string | null, answerType: string): AnswerFormat | null {
	const declared = questionType ? own(FORMATS, questionType) : undefined;
	if (declared) return declared;
	switch (answerType) {
		case 'email':
			return 'email';
		case 'phone_number':
			return 'phone';
		case 'boolean':
			return 'boolean';
		case 'number':
			return 'number';
		case 'date':
			return 'date';
		case 'choice':
		case 'choices':
			return 'choice';
		default:
			return null;
	}
}

function positiveInteger(value: unknown): number | null {
	return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** The scale Typeform declares, and what it says the question measures. */
function scaleOf(field: DefinitionField | undefined, questionType: string | null): {
	scale: { min: number; max: number } | null;
	measures: MetricType | null;
} {
	const properties = field?.properties ?? {};
	switch (questionType) {
		case 'nps':
			// Typeform's Net Promoter Score question is always 0 to 10.
			return { scale: { min: 0, max: 10 }, measures: 'nps' };
		case 'opinion_scale': {
			// `steps` points, from 0, or from 1 when `start_at_one` is set.
			const steps = positiveInteger(properties.steps);
			if (steps === null || steps < 2) return { scale: null, measures: null };
			const min = properties.start_at_one === true ? 1 : 0;
			return { scale: { min, max: min + steps - 1 }, measures: null };
		}
		case 'rating': {
			const steps = positiveInteger(properties.steps);
			return { scale: steps !== null && steps > 1 ? { min: 1, max: steps } : null, measures: 'rating' };
		}
		default:
			return { scale: null, measures: null };
	}
}

function readAnswers(answers: TypeformAnswer[], fields: DefinitionField[]): SurveyAnswer[] {
	const byId = new Map(fields.map((field) => [field.id, field]));
	return answers.map((answer, index) => {
		const field = byId.get(answer.field.id);
		const questionType = field?.type ?? answer.field.type ?? null;
		const value = answerValue(answer, index);
		const unknownType = questionType === null || !KNOWN_QUESTION_TYPES.has(questionType);
		return {
			questionId: answer.field.id,
			ref: answer.field.ref ?? field?.ref ?? null,
			question: field?.title ?? null,
			type: questionType ?? answer.type,
			value,
			format: formatOf(questionType, answer.type),
			...scaleOf(field, questionType),
			...(unknownType && typeof value === 'number' ? { carriesScore: 'maybe' as const } : {}),
		};
	});
}

/** Hidden fields as sent, then the score and variables Typeform computed, under prefixed names. */
function readHidden(formResponse: z.infer<typeof formResponseSchema>): Record<string, unknown> {
	const hidden: Record<string, unknown> = { ...(formResponse.hidden ?? {}) };
	const keep = (key: string, value: unknown) => {
		if (!(key in hidden) && value !== undefined) hidden[key] = value;
	};
	if (typeof formResponse.calculated?.score === 'number') keep(TYPEFORM_CALCULATED_SCORE_KEY, formResponse.calculated.score);
	for (const variable of formResponse.variables ?? []) {
		keep(`${TYPEFORM_VARIABLE_PREFIX}${variable.key}`, own(variable as Record<string, unknown>, variable.type) ?? null);
	}
	return hidden;
}

/* ------------------------------------------------------------------------------------------ *
 * Registration.
 * ------------------------------------------------------------------------------------------ */

/**
 * The webhook's tag, stable for one n8n webhook URL: two workflows listening on the same form
 * get two tags, and re-activating a workflow updates its own webhook instead of adding one.
 */
export function typeformWebhookTag(webhookUrl: string): string {
	return `n8n-closed-loop-${createHash('sha256').update(webhookUrl).digest('hex').slice(0, 16)}`;
}

function webhookUrl(formId: string, tag: string): string {
	return `/forms/${encodeURIComponent(formId)}/webhooks/${encodeURIComponent(tag)}`;
}

const webhookSchema = toolObject({ url: z.string().nullish(), enabled: z.boolean().nullish() });

/* ------------------------------------------------------------------------------------------ *
 * The source.
 * ------------------------------------------------------------------------------------------ */

export const typeformSource: SurveySource = {
	key: 'typeform',
	name: SOURCE_NAME,
	displayName: 'Typeform',
	summary: 'Form responses from a Typeform webhook',
	signature: 'secret',
	mapping: 'questions',
	api: {
		credentialType: 'closedLoopTypeformApi',
		apiBaseUrl: (credentials) => credentialBaseUrl(credentials, 'https://api.typeform.com'),
		fetchesResponses: false,
	},

	verifySignature(delivery, secrets) {
		// `sha256=` then the base64 HMAC-SHA256 of the body as sent, keyed with the webhook's secret.
		const received = signatureHeader(delivery, TYPEFORM_SIGNATURE_HEADER);
		const key = webhookSecret(secrets, TYPEFORM_SIGNATURE_HEADER, { tool: 'Typeform', secret: 'secret' });
		verifyHmac(received, {
			algorithm: 'sha256',
			key,
			data: delivery.rawBody,
			encoding: 'base64',
			header: TYPEFORM_SIGNATURE_HEADER,
			prefix: 'sha256=',
		});
	},

	read(delivery) {
		const event = readEnvelope(delivery.body, {
			tool: 'Typeform',
			typeField: 'event_type',
			responseType: 'form_response',
			idField: 'event_id',
			payloadField: 'form_response',
			payload: formResponseSchema,
			payloadName: 'Typeform response',
		});
		if (event.kind === 'other') {
			// e.g. `form_response_partial`, sent when partial responses are switched on.
			return { kind: 'ignored', reason: `Typeform event "${event.eventType}" is not a submitted response` };
		}
		const { eventId, payload: formResponse } = event;

		const response: SurveyResponse = {
			source: SOURCE_NAME,
			responseId: formResponse.token,
			eventId,
			surveyId: formResponse.form_id,
			submittedAt: formResponse.submitted_at ?? null,
			answers: readAnswers(formResponse.answers ?? [], formResponse.definition?.fields ?? []),
			hidden: readHidden(formResponse),
		};
		// Typeform resends the same event_id when it retries a delivery.
		return { kind: 'response', dedupKey: `${SOURCE_NAME}:${eventId}`, response };
	},

	registration: {
		target: formIdField('u6nXL7'),
		/** True when this URL's tag is registered on the form, pointing here and switched on. */
		async exists(api: SourceApi, target: RegistrationTarget): Promise<boolean> {
			const url = webhookUrl(requireRegistrationTarget(target, FORM_ID), typeformWebhookTag(target.webhookUrl));
			const webhook = await requestUnlessNotFound(api, { method: 'GET', url });
			if (!webhook.found) return false;
			const parsed = webhookSchema.safeParse(webhook.body);
			return parsed.success && parsed.data.url === target.webhookUrl && parsed.data.enabled !== false;
		},

		/** Creates the webhook, or updates this URL's webhook in place (Typeform's PUT does both). */
		async create(api: SourceApi, target: RegistrationTarget, secret: string): Promise<{ webhookId: string }> {
			const tag = typeformWebhookTag(target.webhookUrl);
			await api.request({
				method: 'PUT',
				url: webhookUrl(requireRegistrationTarget(target, FORM_ID), tag),
				body: {
					url: target.webhookUrl,
					enabled: true,
					secret,
					verify_ssl: true,
					event_types: { form_response: true },
				},
			});
			// Typeform addresses a webhook by its tag, so the tag is what we keep.
			return { webhookId: tag };
		},

		/** Deletes the webhook registered last time (its tag), or this URL's; already gone is fine. */
		async remove(api: SourceApi, target: RegistrationTarget): Promise<void> {
			const tag = target.registered?.webhookId || typeformWebhookTag(target.webhookUrl);
			await requestUnlessNotFound(api, { method: 'DELETE', url: webhookUrl(requireRegistrationTarget(target, FORM_ID), tag) });
		},
	},
};
