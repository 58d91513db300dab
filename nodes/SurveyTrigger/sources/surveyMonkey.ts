/**
 * SurveyMonkey: the webhook carries only ids (the event, the response, the survey), so the
 * response and the survey's questions are fetched through the v3 API and every answer gets the
 * heading, type and scale the respondent saw.
 *
 * Shapes follow SurveyMonkey's public API reference (github.com/SurveyMonkey/public_api_docs):
 * includes/_webhooks.md (callback body, Sm-Signature, /webhooks), includes/_responses.md
 * (/surveys/{id}/responses/{id}/details), includes/_surveys.md and includes/_questions.md
 * (/surveys/{id}/details, question families and their `answers` objects).
 */
import { z } from 'zod';

import type { MetricType, Respondent } from '../../core/feedback';
import { FeedbackError, describeIssues, describeValue } from '../../core/feedback';
import type { AnswerFormat, SurveyAnswer, SurveyResponse } from '../../core/surveyResponse';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { ApiAnswerError, parseApiAnswer } from '../../shared/errors';
import { requireSecret, signatureHeader, verifyHmac } from '../../shared/signatures';
import {
	credentialBaseUrl,
	fetchAnnouncedResponse,
	registeredWebhookPointsHere,
	requireRegistrationTarget,
	surveyIdField,
} from './api';
import { optionalText, toolObject } from './schemas';
import type { SourceApi, SurveySource } from './types';
import { isRecord, joinLabel, numberOf, plainText, trimmedText } from '../../core/values';

const SOURCE_NAME = 'surveymonkey';
const SIGNATURE_HEADER = 'Sm-Signature';
const WEBHOOK_NAME = 'n8n Closed Loop Survey Trigger';

/** The callback events that carry a response worth acting on; the others are acknowledged and ignored. */
export const SURVEYMONKEY_RESPONSE_EVENTS: readonly string[] = ['response_completed', 'response_updated'];

/* ------------------------------------------------------------------------------------------ *
 * Shapes as documented. Ids are documented as strings; numbers are accepted and turned into text.
 * ------------------------------------------------------------------------------------------ */

const idSchema = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);

const webhookEventSchema = toolObject({
	event_id: idSchema,
	event_type: z.string(),
	object_type: optionalText,
	object_id: idSchema.optional(),
	event_datetime: optionalText,
	resources: toolObject({
		survey_id: idSchema,
		respondent_id: idSchema.optional(),
		collector_id: idSchema.optional(),
	}),
});

const choiceSchema = toolObject({
	id: idSchema.optional(),
	text: optionalText,
	position: z.number().nullable().optional(),
	visible: z.boolean().nullable().optional(),
	weight: z.number().nullable().optional(),
	/** The "N/A" column of a rating matrix: an answer, but not a point of the scale. */
	is_na: z.boolean().nullable().optional(),
});
type Choice = z.infer<typeof choiceSchema>;

const rowSchema = toolObject({
	id: idSchema.optional(),
	text: optionalText,
	position: z.number().nullable().optional(),
	visible: z.boolean().nullable().optional(),
	/** Demographic rows: name, company, address, address2, city, state, zip, country, email, phone. */
	type: optionalText,
});
type Row = z.infer<typeof rowSchema>;

const otherSchema = toolObject({ id: idSchema.optional(), text: optionalText });

const questionDefinitionSchema = toolObject({
	id: idSchema,
	family: z.string(),
	subtype: optionalText,
	headings: z.array(toolObject({ heading: optionalText })).nullable().optional(),
	display_options: toolObject({ display_type: optionalText, display_subtype: optionalText })
		.nullable()
		.optional(),
	validation: toolObject({ type: optionalText, min: z.unknown(), max: z.unknown() }).nullable().optional(),
	answers: toolObject({
		choices: z.array(choiceSchema).nullable().optional(),
		rows: z.array(rowSchema).nullable().optional(),
		cols: z
			.array(toolObject({ id: idSchema.optional(), text: optionalText, choices: z.array(choiceSchema).nullable().optional() }))
			.nullable()
			.optional(),
		other: z.union([otherSchema, z.array(otherSchema)]).nullable().optional(),
	})
		.nullable()
		.optional(),
});
type QuestionDefinition = z.infer<typeof questionDefinitionSchema>;

const surveyDetailsSchema = toolObject({
	id: idSchema.optional(),
	title: optionalText,
	language: optionalText,
	pages: z.array(toolObject({ questions: z.array(questionDefinitionSchema) })),
});

const responseAnswerSchema = toolObject({
	choice_id: idSchema.optional(),
	row_id: idSchema.optional(),
	col_id: idSchema.optional(),
	other_id: idSchema.optional(),
	text: optionalText,
	download_url: optionalText,
});
type ResponseAnswer = z.infer<typeof responseAnswerSchema>;

const responseDetailsSchema = toolObject({
	id: idSchema,
	survey_id: idSchema.optional(),
	response_status: optionalText,
	date_created: optionalText,
	date_modified: optionalText,
	custom_value: optionalText,
	// Documented as an object; an empty list is read as no variables.
	custom_variables: z.union([z.record(z.unknown()), z.array(z.unknown()).max(0)]).nullable().optional(),
	metadata: toolObject({ contact: z.union([z.record(z.unknown()), z.array(z.unknown()).max(0)]).nullable().optional() })
		.nullable()
		.optional(),
	first_name: optionalText,
	last_name: optionalText,
	email_address: optionalText,
	pages: z.array(
		toolObject({
			questions: z.array(toolObject({ id: idSchema, answers: z.array(responseAnswerSchema) })),
		}),
	),
});
type ResponseDetails = z.infer<typeof responseDetailsSchema>;

const webhookResourceSchema = toolObject({
	id: idSchema,
	subscription_url: optionalText,
	object_ids: z.array(idSchema).nullable().optional(),
});

/* ------------------------------------------------------------------------------------------ *
 * The source.
 * ------------------------------------------------------------------------------------------ */

export const surveyMonkeySource: SurveySource = {
	key: 'surveyMonkey',
	name: SOURCE_NAME,
	displayName: 'SurveyMonkey',
	summary: 'Completed responses from a SurveyMonkey webhook',
	signature: 'apiCredential',
	mapping: 'questions',
	api: {
		credentialType: 'closedLoopSurveyMonkeyApi',
		apiBaseUrl: (credentials) => credentialBaseUrl(credentials, 'https://api.surveymonkey.com'),
		fetchesResponses: true,
	},

	/** `Sm-Signature` is the base64 HMAC-SHA1 of the raw body keyed with `clientId&clientSecret`. */
	verifySignature(delivery, secrets) {
		const received = signatureHeader(delivery, SIGNATURE_HEADER);
		const credentials = secrets.apiCredentials ?? {};
		const clientId = trimmedText(credentials.clientId);
		const clientSecret = trimmedText(credentials.clientSecret);
		const key = requireSecret(
			clientId && clientSecret ? `${clientId}&${clientSecret}` : undefined,
			SIGNATURE_HEADER,
			'enter the Client ID (or API key) and the Client Secret of your SurveyMonkey app in the SurveyMonkey credential',
		);
		verifyHmac(received, { algorithm: 'sha1', key, data: delivery.rawBody, encoding: 'base64', header: SIGNATURE_HEADER });
	},

	read(delivery) {
		const body = delivery.body;
		if (!isRecord(body)) {
			throw new FeedbackError(`The SurveyMonkey webhook body must be a JSON object, got ${describeValue(body)}`, 'body');
		}
		const eventType = body.event_type;
		if (typeof eventType !== 'string' || !eventType.trim()) {
			throw new FeedbackError(
				`The SurveyMonkey webhook has no "event_type" (got ${describeValue(eventType)})`,
				'event_type',
			);
		}
		if (!SURVEYMONKEY_RESPONSE_EVENTS.includes(eventType)) {
			return { kind: 'ignored', reason: `SurveyMonkey event "${eventType}" does not carry a finished response` };
		}
		const parsed = webhookEventSchema.safeParse(body);
		if (!parsed.success) {
			const { message, field } = describeIssues(parsed.error);
			throw new FeedbackError(`The SurveyMonkey webhook is not shaped as documented: ${message}`, field);
		}
		const event = parsed.data;
		const responseId =
			(event.object_type === 'response' ? event.object_id : undefined) ?? event.resources.respondent_id ?? event.object_id;
		if (!responseId) {
			throw new FeedbackError(
				'The SurveyMonkey webhook names no response: "object_id" and "resources.respondent_id" are both missing',
				'object_id',
			);
		}
		const surveyId = event.resources.survey_id;
		return {
			kind: 'fetch',
			dedupKey: event.event_id,
			description: `SurveyMonkey response ${responseId} of survey ${surveyId}`,
			fetch: async (api) => await fetchResponse(api, { surveyId, responseId, eventId: event.event_id, eventType }),
		};
	},

	registration: {
		target: surveyIdField('405163467'),
		async exists(api, target) {
			return await registeredWebhookPointsHere(api, target, {
				tool: 'SurveyMonkey',
				path: webhookPath,
				schema: webhookResourceSchema,
				prefix: 'webhook',
				pointsHere: (webhook) =>
					(!webhook.subscription_url || webhook.subscription_url === target.webhookUrl) &&
					(!webhook.object_ids || webhook.object_ids.includes(target.formId.trim())),
				remove: async (id) => await deleteWebhook(api, id),
			});
		},
		async create(api, target) {
			const surveyId = requireRegistrationTarget(target, 'SurveyMonkey survey ID');
			const answer = await api.request({
				method: 'POST',
				url: '/v3/webhooks',
				body: {
					name: WEBHOOK_NAME,
					event_type: 'response_completed',
					object_type: 'survey',
					object_ids: [surveyId],
					subscription_url: target.webhookUrl,
				},
			});
			const webhook = parseApiAnswer(webhookResourceSchema, answer, { tool: 'SurveyMonkey', call: 'POST /v3/webhooks', prefix: 'webhook' });
			return { webhookId: webhook.id };
		},
		async remove(api, target) {
			const webhookId = target.registered?.webhookId;
			if (webhookId) await deleteWebhook(api, webhookId);
		},
	},
};

function webhookPath(webhookId: string): string {
	return `/v3/webhooks/${encodeURIComponent(webhookId)}`;
}

async function deleteWebhook(api: SourceApi, webhookId: string): Promise<void> {
	await requestUnlessNotFound(api, { method: 'DELETE', url: webhookPath(webhookId) });
}

/* ------------------------------------------------------------------------------------------ *
 * Fetching and mapping a response.
 * ------------------------------------------------------------------------------------------ */

interface ResponseRef {
	surveyId: string;
	responseId: string;
	eventId: string;
	eventType: string;
}

async function fetchResponse(api: SourceApi, ref: ResponseRef): Promise<SurveyResponse> {
	const survey = encodeURIComponent(ref.surveyId);
	const responsePath = `/v3/surveys/${survey}/responses/${encodeURIComponent(ref.responseId)}/details`;
	const surveyPath = `/v3/surveys/${survey}/details`;
	const responseAnswer = await fetchAnnouncedResponse(api, responsePath, `SurveyMonkey response ${ref.responseId}`);
	const surveyAnswer = await api.request({ method: 'GET', url: surveyPath });
	const details = parseApiAnswer(responseDetailsSchema, responseAnswer, { tool: 'SurveyMonkey', call: `GET ${responsePath}`, prefix: 'response' });
	const definition = parseApiAnswer(surveyDetailsSchema, surveyAnswer, { tool: 'SurveyMonkey', call: `GET ${surveyPath}`, prefix: 'survey' });
	if (ref.eventType === 'response_completed' && details.response_status === 'partial') {
		// The webhook says completed; the API has not caught up yet.
		throw new ApiAnswerError(
			`SurveyMonkey announced response ${ref.responseId} as completed, but its API still calls it partial`,
			'response.response_status',
			true,
		);
	}

	const questions = new Map<string, QuestionDefinition>();
	for (const page of definition.pages) for (const question of page.questions) questions.set(question.id, question);

	const answers: SurveyAnswer[] = [];
	for (const page of details.pages) {
		for (const question of page.questions) {
			answers.push(...mapQuestion(question.id, question.answers, questions.get(question.id)));
		}
	}

	return {
		source: SOURCE_NAME,
		responseId: details.id,
		eventId: ref.eventId,
		event: 'response',
		revision: revisionOf(ref.eventType, details.date_modified),
		surveyId: details.survey_id ?? ref.surveyId,
		submittedAt: details.date_modified || details.date_created || null,
		locale: definition.language || null,
		answers,
		hidden: hiddenFields(details),
		respondent: respondentOf(details),
	};
}

/**
 * A completed response is revision 1. An update is numbered by the Unix time of its last change,
 * so a later edit always supersedes an earlier one whatever order the webhooks arrive in.
 */
function revisionOf(eventType: string, dateModified: string | null | undefined): number {
	if (eventType !== 'response_updated') return 1;
	const millis = dateModified ? Date.parse(dateModified) : Number.NaN;
	return Number.isFinite(millis) && millis > 1000 ? Math.floor(millis / 1000) : 2;
}

/** Contact fields of an email collector's recipient, `{ type, value }` each. */
function contactValue(details: ResponseDetails, key: string): string | null {
	const contact = details.metadata?.contact;
	if (!contact || Array.isArray(contact)) return null;
	const entry = contact[key];
	return trimmedText(isRecord(entry) ? entry.value : entry);
}

const CONTACT_PERSON_KEYS = new Set(['email', 'first_name', 'last_name', 'phone_number']);

function respondentOf(details: ResponseDetails): Partial<Respondent> {
	const email = contactValue(details, 'email') ?? trimmedText(details.email_address);
	const first = contactValue(details, 'first_name') ?? trimmedText(details.first_name);
	const last = contactValue(details, 'last_name') ?? trimmedText(details.last_name);
	const phone = contactValue(details, 'phone_number');
	const name = [first, last].filter(Boolean).join(' ');
	const respondent: Partial<Respondent> = {};
	if (email) respondent.email = email;
	if (name) respondent.name = name;
	if (phone) respondent.phone = phone;
	return respondent;
}

/** Custom variables of the survey link, the collector's custom value and the contact's custom fields. */
function hiddenFields(details: ResponseDetails): Record<string, unknown> {
	const hidden: Record<string, unknown> = {};
	const contact = details.metadata?.contact;
	if (contact && !Array.isArray(contact)) {
		for (const [key, entry] of Object.entries(contact)) {
			if (CONTACT_PERSON_KEYS.has(key)) continue;
			const value = isRecord(entry) ? entry.value : entry;
			if (value !== undefined && value !== null && value !== '') hidden[key] = value;
		}
	}
	const customValue = trimmedText(details.custom_value);
	if (customValue) hidden.custom_value = customValue;
	const variables = details.custom_variables;
	if (variables && !Array.isArray(variables)) Object.assign(hidden, variables);
	return hidden;
}

/* ------------------------------------------------------------------------------------------ *
 * One question's answers, by family (see "Formatting Question Types" in _questions.md).
 * ------------------------------------------------------------------------------------------ */

interface NumericScale {
	min: number;
	max: number;
	byChoice: Map<string, number>;
	/** Eleven choices numbered 0 to 10: the Net Promoter Score question. */
	nps: boolean;
}

function mapQuestion(questionId: string, given: ResponseAnswer[], definition: QuestionDefinition | undefined): SurveyAnswer[] {
	if (!definition) {
		const values = given.map((answer) => trimmedText(answer.text) ?? answer.choice_id ?? null).filter((value) => value !== null);
		// Without its definition a typed number may be a score; a choice id never is.
		const typed = given.length === 1 && numberOf(trimmedText(given[0].text)) !== null;
		return values.length
			? [{ questionId, question: null, type: null, value: values.length === 1 ? values[0] : values, ...(typed ? { carriesScore: 'maybe' as const } : {}) }]
			: [];
	}
	const heading = headingOf(definition);
	const subtype = definition.subtype ?? '';
	const displayType = definition.display_options?.display_type ?? '';
	const type = [definition.family, subtype, displayType].filter(Boolean).join('/');
	const base = { questionId, question: heading, type };
	const choices = choiceIndex(definition);
	const rows = rowIndex(definition);

	switch (definition.family) {
		case 'presentation':
			return [];
		case 'single_choice':
		case 'multiple_choice': {
			const picked = given.filter((answer) => answer.choice_id !== undefined && answer.other_id === undefined);
			const answers: SurveyAnswer[] = [];
			if (picked.length) {
				answers.push(
					definition.family === 'single_choice' && picked.length === 1
						? { ...base, ...scoredChoice(picked[0].choice_id as string, choices, definition.answers?.choices ?? [], false) }
						: { ...base, value: picked.map((answer) => choiceText(answer.choice_id, choices)), format: 'choice' },
				);
			}
			answers.push(...otherAnswers(definition, given, heading, type, picked.length === 0 ? questionId : undefined));
			return answers;
		}
		case 'matrix':
			return matrixAnswers(definition, given, base, choices, rows);
		case 'open_ended':
			return openEndedAnswers(definition, given, base, rows);
		case 'demographic':
			return given
				.filter((answer) => trimmedText(answer.text))
				.map((answer): SurveyAnswer => {
					const row = answer.row_id ? rows.get(answer.row_id) : undefined;
					const rowType = trimmedText(row?.type);
					return {
						questionId: `${questionId}_${answer.row_id ?? rowType ?? 'value'}`,
						ref: rowType,
						question: joinLabel(heading, trimmedText(row?.text) ?? rowType),
						type,
						value: trimmedText(answer.text),
						format: rowType === 'email' ? 'email' : rowType === 'phone' ? 'phone' : 'shortText',
					};
				});
		case 'datetime':
			return rowTextAnswers(given, base, rows, definition, 'date');
		default: {
			// A family SurveyMonkey added since: a picked numbered choice keeps its scale, and a single number may be a score.
			const [only] = given;
			if (given.length === 1 && only.choice_id !== undefined && only.other_id === undefined) {
				const scored = scoredChoice(only.choice_id, choices, definition.answers?.choices ?? [], true);
				return [{ ...base, ...scored, ...(typeof scored.value === 'number' ? { carriesScore: 'maybe' as const } : {}) }];
			}
			const values = given.map((answer) => trimmedText(answer.text) ?? choiceText(answer.choice_id, choices)).filter(Boolean);
			const maybe = values.length === 1 && numberOf(values[0]) !== null ? { carriesScore: 'maybe' as const } : {};
			return values.length ? [{ ...base, value: values.length === 1 ? values[0] : values, ...maybe }] : [];
		}
	}
}

function matrixAnswers(
	definition: QuestionDefinition,
	given: ResponseAnswer[],
	base: { questionId: string; question: string | null; type: string },
	choices: Map<string, Choice>,
	rows: Map<string, Row>,
): SurveyAnswer[] {
	const scaleChoices = definition.answers?.choices ?? [];
	const useWeights = definition.subtype === 'rating';
	const singleRow = (definition.answers?.rows ?? []).length <= 1;
	const byRow = new Map<string, ResponseAnswer[]>();
	for (const answer of given) {
		if (answer.other_id !== undefined || answer.choice_id === undefined) continue;
		const key = answer.col_id ? `${answer.row_id ?? ''}_${answer.col_id}` : (answer.row_id ?? '');
		byRow.set(key, [...(byRow.get(key) ?? []), answer]);
	}
	const answers: SurveyAnswer[] = [];
	for (const [key, picked] of byRow) {
		const rowId = picked[0].row_id;
		const row = rowId ? rows.get(rowId) : undefined;
		const col = picked[0].col_id ? definition.answers?.cols?.find((candidate) => candidate.id === picked[0].col_id) : undefined;
		const label = [trimmedText(row?.text), trimmedText(col?.text)].filter(Boolean).join(' - ') || null;
		const named =
			singleRow && !col
				? base
				: { ...base, questionId: `${base.questionId}_${key}`, question: joinLabel(base.question, label) };
		if (picked.length === 1 && !col && definition.subtype !== 'multi') {
			answers.push({ ...named, ...scoredChoice(picked[0].choice_id as string, choices, scaleChoices, useWeights) });
		} else {
			const texts = picked.map((answer) => choiceText(answer.choice_id, choices));
			answers.push({ ...named, value: texts.length === 1 ? texts[0] : texts, format: 'choice' });
		}
	}
	answers.push(...otherAnswers(definition, given, base.question, base.type, undefined));
	return answers;
}

function openEndedAnswers(
	definition: QuestionDefinition,
	given: ResponseAnswer[],
	base: { questionId: string; question: string | null; type: string },
	rows: Map<string, Row>,
): SurveyAnswer[] {
	const displayType = definition.display_options?.display_type;
	if (definition.subtype === 'multi' || definition.subtype === 'numerical') {
		return rowTextAnswers(given, base, rows, definition, definition.subtype === 'numerical' ? 'number' : 'shortText');
	}
	const first = given[0];
	if (!first) return [];
	if (displayType === 'file_upload') {
		const file = trimmedText(first.download_url) ?? trimmedText(first.text);
		return file ? [{ ...base, value: file }] : [];
	}
	const text = trimmedText(first.text);
	if (text === null) return [];
	if (displayType === 'slider') {
		const min = numberOf(definition.validation?.min);
		const max = numberOf(definition.validation?.max);
		const value = numberOf(text);
		return [
			{
				...base,
				value: value ?? text,
				format: 'number',
				scale: min !== null && max !== null && min < max ? { min, max } : null,
			},
		];
	}
	const validation = definition.validation?.type;
	const format: AnswerFormat =
		definition.subtype === 'essay' ? 'longText' : validation === 'email' ? 'email' : validation === 'integer' || validation === 'decimal' ? 'number' : 'shortText';
	return [{ ...base, value: format === 'number' ? (numberOf(text) ?? text) : text, format }];
}

function rowTextAnswers(
	given: ResponseAnswer[],
	base: { questionId: string; question: string | null; type: string },
	rows: Map<string, Row>,
	definition: QuestionDefinition,
	format: AnswerFormat,
): SurveyAnswer[] {
	const singleRow = (definition.answers?.rows ?? []).length <= 1;
	return given
		.filter((answer) => trimmedText(answer.text) !== null)
		.map((answer): SurveyAnswer => {
			const text = trimmedText(answer.text) as string;
			const row = answer.row_id ? rows.get(answer.row_id) : undefined;
			const named =
				singleRow || !answer.row_id
					? base
					: { ...base, questionId: `${base.questionId}_${answer.row_id}`, question: joinLabel(base.question, trimmedText(row?.text)) };
			return { ...named, value: format === 'number' ? (numberOf(text) ?? text) : text, format };
		});
}

/** Text typed in an "Other" or comment box. */
function otherAnswers(
	definition: QuestionDefinition,
	given: ResponseAnswer[],
	heading: string | null,
	type: string,
	asQuestion: string | undefined,
): SurveyAnswer[] {
	const others = definition.answers?.other;
	const list = Array.isArray(others) ? others : others ? [others] : [];
	return given
		.filter((answer) => answer.other_id !== undefined && trimmedText(answer.text) !== null)
		.map((answer): SurveyAnswer => {
			const label = trimmedText(list.find((other) => other.id === answer.other_id)?.text);
			return {
				questionId: asQuestion ?? `${definition.id}_other`,
				question: asQuestion ? heading : joinLabel(heading, label ?? 'Other'),
				type,
				value: trimmedText(answer.text),
				format: 'shortText',
			};
		});
}

/** The picked choice as a number when the choices are a numbered scale, its text otherwise. */
function scoredChoice(
	choiceId: string,
	choices: Map<string, Choice>,
	scaleChoices: Choice[],
	useWeights: boolean,
): Pick<SurveyAnswer, 'value' | 'scale' | 'measures' | 'format'> {
	const scale = numericScale(scaleChoices, useWeights);
	const score = scale?.byChoice.get(choiceId);
	if (scale && score !== undefined) {
		const measures: MetricType | null = scale.nps ? 'nps' : null;
		return { value: score, scale: { min: scale.min, max: scale.max }, measures, format: 'number' };
	}
	return { value: choiceText(choiceId, choices), format: 'choice' };
}

/**
 * Reads a scale from the choices: each choice's text starts with its number ("0 - Not at all
 * likely", "1", … "10 - Extremely likely"), or, for rating matrices whose texts are words or
 * empty (stars), each choice has a numeric `weight`.
 */
function numericScale(choices: Choice[], useWeights: boolean): NumericScale | null {
	const visible = choices.filter((choice) => choice.visible !== false && choice.is_na !== true && choice.id !== undefined);
	if (visible.length < 2) return null;
	const fromText = visible.map((choice) => {
		const match = /^\s*(-?\d+)(?![\d.,])/.exec(choice.text ?? '');
		return match ? Number(match[1]) : null;
	});
	const fromWeight = visible.map((choice) => (typeof choice.weight === 'number' && Number.isFinite(choice.weight) ? choice.weight : null));
	const numbers = fromText.every((value) => value !== null)
		? fromText
		: useWeights && fromWeight.every((value) => value !== null)
			? fromWeight
			: null;
	if (!numbers || new Set(numbers).size !== numbers.length) return null;
	const values = numbers as number[];
	const min = Math.min(...values);
	const max = Math.max(...values);
	const byChoice = new Map(visible.map((choice, index) => [choice.id as string, values[index]]));
	return { min, max, byChoice, nps: values.length === 11 && min === 0 && max === 10 && numbers === fromText };
}

function choiceIndex(definition: QuestionDefinition): Map<string, Choice> {
	const index = new Map<string, Choice>();
	for (const choice of definition.answers?.choices ?? []) if (choice.id) index.set(choice.id, choice);
	for (const col of definition.answers?.cols ?? []) {
		for (const choice of col.choices ?? []) if (choice.id) index.set(choice.id, choice);
	}
	return index;
}

function rowIndex(definition: QuestionDefinition): Map<string, Row> {
	const index = new Map<string, Row>();
	for (const row of definition.answers?.rows ?? []) if (row.id) index.set(row.id, row);
	return index;
}

function choiceText(choiceId: string | undefined, choices: Map<string, Choice>): string | null {
	if (choiceId === undefined) return null;
	return trimmedText(choices.get(choiceId)?.text) ?? choiceId;
}

function headingOf(definition: QuestionDefinition): string | null {
	for (const heading of definition.headings ?? []) {
		const text = plainText(heading.heading);
		if (text) return text;
	}
	return null;
}
