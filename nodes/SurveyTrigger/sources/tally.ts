/**
 * Tally: `FORM_RESPONSE` webhook events.
 *
 * Payload and signature: https://tally.so/help/webhooks ("Example webhook event", "Add a signing secret")
 * Registration: https://developers.tally.so/api-reference/endpoint/webhooks/post (and the
 * list and delete pages next to it).
 *
 * Every question arrives in `data.fields` as `{ key, label, type, value }`; choice questions
 * send the ids of the picked options in `value` and the options themselves in `options`.
 * Hidden fields and calculated fields arrive there too, as fields of their own type.
 */
import { z } from 'zod';

import type { MetricType } from '../../core/feedback';
import { FeedbackError, describeIssues, describeValue } from '../../core/feedback';
import type { AnswerFormat, SurveyAnswer, SurveyResponse } from '../../core/surveyResponse';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { SignatureError } from '../../shared/errors';
import { hmacDigest, signatureHeader, signaturesMatch } from '../../shared/signatures';
import { formIdField, requireRegistrationTarget, webhookSecret } from './api';
import { readEnvelope } from './envelope';
import { toolObject } from './schemas';
import type { RegistrationTarget, SourceApi, SurveySource } from './types';
import { isRecord, numberOf } from '../../core/values';

const SOURCE_NAME = 'tally';
export const TALLY_SIGNATURE_HEADER = 'Tally-Signature';

/**
 * Calculated fields are kept in `hidden` under this prefix: they are often called `Score` or
 * `Type`, and the response builder reads hidden fields called `name`, `value`, `segment`… as the
 * respondent's. Prefixed, they are never mistaken for a person field, yet stay reachable by
 * naming them in the mapping. Hidden fields keep their own names: that is where the survey link
 * carries the email, customer id and so on.
 */
export const TALLY_CALCULATED_PREFIX = 'tally_calculated_';

/** How many pages of 100 webhooks `exists` and `remove` read before giving up. */
const MAX_WEBHOOK_PAGES = 20;

/* ------------------------------------------------------------------------------------------ *
 * The payload, as far as we rely on it. Unknown keys pass: Tally adds fields over time.
 * ------------------------------------------------------------------------------------------ */

const optionSchema = toolObject({ id: z.string(), text: z.string().nullish() });

const fieldSchema = toolObject({
	key: z.string().min(1),
	label: z.string().nullish(),
	type: z.string().min(1),
	value: z.unknown(),
	options: z.array(optionSchema).nullish(),
	rows: z.array(optionSchema).nullish(),
	columns: z.array(optionSchema).nullish(),
});

const dataSchema = toolObject({
	responseId: z.string().min(1),
	submissionId: z.string().nullish(),
	respondentId: z.string().nullish(),
	formId: z.string().min(1),
	formName: z.string().nullish(),
	createdAt: z.string().nullish(),
	fields: z.array(fieldSchema),
});

type TallyField = z.infer<typeof fieldSchema>;

/* ------------------------------------------------------------------------------------------ *
 * Answers.
 * ------------------------------------------------------------------------------------------ */

/** Questions where the respondent picks one option; the value becomes that option's text. */
const SINGLE_CHOICE = new Set(['MULTIPLE_CHOICE', 'DROPDOWN']);
/** Questions whose value is a list of option ids. */
const OPTION_LISTS = new Set(['MULTIPLE_CHOICE', 'DROPDOWN', 'CHECKBOXES', 'MULTI_SELECT', 'RANKING']);

const FORMATS: Record<string, AnswerFormat> = {
	INPUT_EMAIL: 'email',
	INPUT_PHONE_NUMBER: 'phone',
	TEXTAREA: 'longText',
	INPUT_TEXT: 'shortText',
	INPUT_NUMBER: 'number',
	LINEAR_SCALE: 'number',
	RATING: 'number',
	INPUT_DATE: 'date',
	MULTIPLE_CHOICE: 'choice',
	DROPDOWN: 'choice',
	CHECKBOXES: 'choice',
	MULTI_SELECT: 'choice',
	RANKING: 'choice',
};

/**
 * What Tally says the question measures. Tally sends no scale with a linear scale or a rating,
 * so none is declared: a 0–10 "would you recommend" linear scale is found by its wording, and a
 * rating uses the rating scale set in the node (1–5 by default, as Tally's stars).
 */
const MEASURES: Record<string, MetricType> = {
	RATING: 'rating',
};

/**
 * Field types Tally documents (tally.so/help/webhooks, "Example webhook event") whose value is no
 * score. A number in a field of a type not listed here (one Tally added since) may be a score.
 */
const OTHER_KNOWN_TYPES = new Set([
	'INPUT_LINK',
	'INPUT_TIME',
	'FILE_UPLOAD',
	'MATRIX',
	'PAYMENT',
	'SIGNATURE',
	'CHECKBOX',
	'HIDDEN_FIELDS',
	'CALCULATED_FIELDS',
]);

function own<T>(source: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

function optionText(options: Map<string, string>, id: string): string {
	return options.get(id) ?? id;
}

/** Picked option ids become the options' texts; an id Tally does not list (an "Other" answer) stays as it is. */
function choiceValue(field: TallyField, index: number): unknown {
	const { value } = field;
	if (value === null || value === undefined || typeof value === 'boolean') return value ?? null;
	const options = new Map((field.options ?? []).map((option) => [option.id, option.text ?? option.id]));
	if (typeof value === 'string') return optionText(options, value);
	if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
		throw new FeedbackError(
			`Tally question "${field.label ?? field.key}" (${field.type}) sends the ids of the picked options, got ${describeValue(value)}`,
			`data.fields.${index}.value`,
		);
	}
	const texts = (value as string[]).map((id) => optionText(options, id));
	if (SINGLE_CHOICE.has(field.type) && texts.length <= 1) return texts[0] ?? null;
	return texts;
}

/** `{ rowId: [columnId] }` becomes `{ "Quality": ["Satisfied"] }`. */
function matrixValue(field: TallyField): unknown {
	const { value } = field;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return value ?? null;
	const rows = new Map((field.rows ?? []).map((row) => [row.id, row.text ?? row.id]));
	const columns = new Map((field.columns ?? []).map((column) => [column.id, column.text ?? column.id]));
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([rowId, picked]) => [
			optionText(rows, rowId),
			Array.isArray(picked) ? picked.map((id) => (typeof id === 'string' ? optionText(columns, id) : id)) : picked,
		]),
	);
}

function fieldValue(field: TallyField, index: number): unknown {
	if (OPTION_LISTS.has(field.type)) return choiceValue(field, index);
	if (field.type === 'MATRIX') return matrixValue(field);
	return field.value ?? null;
}

/**
 * Tally follows a checkbox question with one boolean field per option, keyed
 * `<question key>_<option id>`; the question itself already lists the picked options.
 */
function perOptionKeys(fields: TallyField[]): Set<string> {
	const keys = new Set<string>();
	for (const field of fields) {
		for (const option of field.options ?? []) keys.add(`${field.key}_${option.id}`);
	}
	return keys;
}

function readFields(fields: TallyField[]): { answers: SurveyAnswer[]; hidden: Record<string, unknown> } {
	const answers: SurveyAnswer[] = [];
	const hidden: Record<string, unknown> = {};
	const calculated: Record<string, unknown> = {};
	const skipped = perOptionKeys(fields);

	fields.forEach((field, index) => {
		const name = field.label?.trim() || field.key;
		if (field.type === 'HIDDEN_FIELDS') {
			if (!(name in hidden)) hidden[name] = field.value ?? null;
			return;
		}
		if (field.type === 'CALCULATED_FIELDS') {
			calculated[`${TALLY_CALCULATED_PREFIX}${name}`] = field.value ?? null;
			return;
		}
		if (skipped.has(field.key) && !field.options?.length) return;
		const value = fieldValue(field, index);
		const knownType = own(FORMATS, field.type) !== undefined || OTHER_KNOWN_TYPES.has(field.type);
		answers.push({
			questionId: field.key,
			ref: field.key,
			question: field.label ?? null,
			type: field.type,
			value,
			format: typeof value === 'boolean' ? 'boolean' : (own(FORMATS, field.type) ?? null),
			measures: own(MEASURES, field.type) ?? null,
			scale: null,
			...(!knownType && numberOf(value) !== null ? { carriesScore: 'maybe' as const } : {}),
		});
	});

	for (const [key, value] of Object.entries(calculated)) if (!(key in hidden)) hidden[key] = value;
	return { answers, hidden };
}

/* ------------------------------------------------------------------------------------------ *
 * Registration.
 * ------------------------------------------------------------------------------------------ */

const listedWebhookSchema = toolObject({ id: z.string(), url: z.string().nullish(), formId: z.string().nullish() });
const webhookListSchema = toolObject({ webhooks: z.array(listedWebhookSchema), hasMore: z.boolean().nullish() });
type ListedWebhook = z.infer<typeof listedWebhookSchema>;

/** Every webhook the API key can see (Tally lists them across forms, 100 a page). */
async function listWebhooks(api: SourceApi): Promise<ListedWebhook[]> {
	const webhooks: ListedWebhook[] = [];
	for (let page = 1; page <= MAX_WEBHOOK_PAGES; page++) {
		const body = await api.request({ method: 'GET', url: '/webhooks', qs: { page, limit: 100 } });
		const parsed = webhookListSchema.safeParse(body);
		if (!parsed.success) {
			throw new Error(`Tally listed its webhooks in an unexpected shape: ${describeIssues(parsed.error, 'body').message}`);
		}
		webhooks.push(...parsed.data.webhooks);
		if (!parsed.data.hasMore || parsed.data.webhooks.length === 0) break;
	}
	return webhooks;
}

/** The webhooks this target points to: the one registered last time, or those on this URL and form. */
function matching(webhooks: ListedWebhook[], target: RegistrationTarget): ListedWebhook[] {
	const registeredId = target.registered?.webhookId;
	if (registeredId) return webhooks.filter((webhook) => webhook.id === registeredId);
	const formId = target.formId?.trim();
	return webhooks.filter(
		(webhook) => webhook.url === target.webhookUrl && (!formId || !webhook.formId || webhook.formId === formId),
	);
}

function deleteUrl(webhookId: string): string {
	return `/webhooks/${encodeURIComponent(webhookId)}`;
}

/* ------------------------------------------------------------------------------------------ *
 * The source.
 * ------------------------------------------------------------------------------------------ */

export const tallySource: SurveySource = {
	key: 'tally',
	name: SOURCE_NAME,
	displayName: 'Tally',
	summary: 'Form responses from a Tally webhook',
	signature: 'secret',
	mapping: 'questions',
	api: {
		// Tally has one API host; its credential has no Base URL field.
		credentialType: 'closedLoopTallyApi',
		apiBaseUrl: () => 'https://api.tally.so',
		fetchesResponses: false,
	},

	/**
	 * `Tally-Signature` is the base64 HMAC-SHA256 of the payload, keyed with the signing secret.
	 * The bytes as sent are checked first; Tally's own example hashes `JSON.stringify` of the
	 * parsed payload, which is the same text when the body arrives as Tally wrote it, so that
	 * form is accepted too (it still needs the secret, and covers the same content).
	 */
	verifySignature(delivery, secrets) {
		const received = signatureHeader(delivery, TALLY_SIGNATURE_HEADER);
		const key = webhookSecret(secrets, TALLY_SIGNATURE_HEADER, { tool: 'Tally' });
		const signed: Array<string | Buffer> = [delivery.rawBody];
		if (isRecord(delivery.body)) signed.push(JSON.stringify(delivery.body));
		if (!signed.some((data) => signaturesMatch(received, hmacDigest('sha256', key, data, 'base64')))) {
			throw new SignatureError(`The "${TALLY_SIGNATURE_HEADER}" signature does not match this delivery`, TALLY_SIGNATURE_HEADER);
		}
	},

	read(delivery) {
		const event = readEnvelope(delivery.body, {
			tool: 'Tally',
			typeField: 'eventType',
			responseType: 'FORM_RESPONSE',
			idField: 'eventId',
			payloadField: 'data',
			payload: dataSchema,
			payloadName: 'Tally form response',
		});
		if (event.kind === 'other') return { kind: 'ignored', reason: `Tally event "${event.eventType}" is not a form response` };
		const { body, eventId, payload: data } = event;
		const { answers, hidden } = readFields(data.fields);

		const response: SurveyResponse = {
			source: SOURCE_NAME,
			responseId: data.responseId,
			eventId,
			surveyId: data.formId,
			submittedAt: data.createdAt ?? (typeof body.createdAt === 'string' ? body.createdAt : null),
			answers,
			hidden,
		};
		// A retried delivery carries the same eventId.
		return { kind: 'response', dedupKey: `${SOURCE_NAME}:${eventId}`, response };
	},

	registration: {
		target: formIdField('wMDxQr'),
		/** True when the webhook registered last time (or one on this URL and form) is still there, pointing here. */
		async exists(api: SourceApi, target: RegistrationTarget): Promise<boolean> {
			return matching(await listWebhooks(api), target).some((webhook) => webhook.url === target.webhookUrl);
		},

		async create(api: SourceApi, target: RegistrationTarget, secret: string): Promise<{ webhookId: string }> {
			const formId = requireRegistrationTarget(target, 'Tally form ID (the part after /r/ or /forms/ in the form link)');
			const created = await api.request({
				method: 'POST',
				url: '/webhooks',
				body: { formId, url: target.webhookUrl, eventTypes: ['FORM_RESPONSE'], signingSecret: secret },
			});
			const id = isRecord(created) ? created.id : undefined;
			if (typeof id !== 'string' || !id) {
				throw new Error(`Tally created the webhook but answered without its id (got ${describeValue(id)})`);
			}
			return { webhookId: id };
		},

		/** Deletes the webhook registered last time, or those on this URL and form; already gone is fine. */
		async remove(api: SourceApi, target: RegistrationTarget): Promise<void> {
			const registeredId = target.registered?.webhookId;
			const ids = registeredId ? [registeredId] : matching(await listWebhooks(api), target).map((webhook) => webhook.id);
			for (const id of ids) await requestUnlessNotFound(api, { method: 'DELETE', url: deleteUrl(id) });
		},
	},
};
