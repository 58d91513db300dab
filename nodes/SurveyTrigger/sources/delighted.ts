/**
 * Delighted: survey responses, the comments people add a few minutes later, and unsubscribes.
 *
 * Delighted POSTs JSON `{ event_type, event_id, event_data }` (delighted.com/docs/api/webhooks)
 * for three event types:
 * - `survey_response.created`: the moment a person gives a score, usually without a comment;
 * - `survey_response.updated`: the score or comment changed, which is how the comment arrives;
 * - `unsubscribe.created`: a person unsubscribed, `event_data` is `{ person_id, email, name,
 *   unsubscribed_at }` as in Delighted's unsubscribe list.
 * Anything else is acknowledged and ignored. Delighted signs nothing, so there is no
 * `verifySignature`: the node offers a shared-secret header or basic auth instead.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

import type { MetricType } from '../../core/feedback';
import { FeedbackError, describeIssues, describeValue } from '../../core/feedback';
import type { SurveyAnswer, SurveyResponse } from '../../core/surveyResponse';
import { idValue, optionalText, toolObject } from './schemas';
import type { SourceEvent, SurveySource } from './types';

const SOURCE_NAME = 'delighted';

export const DELIGHTED_EVENTS = {
	responseCreated: 'survey_response.created',
	responseUpdated: 'survey_response.updated',
	unsubscribeCreated: 'unsubscribe.created',
} as const;

/**
 * What each Delighted `survey_type` measures and on which scale, from Delighted's survey-type
 * help articles and the ids its mobile SDK uses (`SurveyTypeIdentifier`).
 * - `nps` and `enps` are 0-10 Net Promoter questions (eNPS asks employees; same scale and groups).
 * - `csat` is 1-5 and `csat3` is 1-3 (dissatisfied, neither, satisfied).
 * - `smileys` is 1-5, which Delighted itself scores exactly like the 5-point CSAT.
 * - `thumbs` is 1 for thumbs up and 0 for thumbs down; Delighted counts it as a satisfaction
 *   survey, so it becomes a CSAT score on a 0-1 scale (1 satisfied, 0 dissatisfied).
 * - `ces` is Delighted's 5-point Customer Effort scale, `ces7` the 7-point one (1 = strongly
 *   disagree that it was easy).
 * - `stars_five` is the 1-5 star rating.
 * - `pmf` (product-market fit: 1 not, 2 somewhat, 3 very disappointed without the product) is
 *   none of NPS, CSAT, CES or a rating, and runs the other way round, so its score is kept as an
 *   answer with its scale but measures nothing; a workflow can still read it from `answers`.
 * A type not listed here is kept the same way, without a scale, and the warnings name it.
 * A delivery without `survey_type` (the older webhook format; some accounts omit it) is read as
 * NPS 0-10, Delighted's default survey, and its warnings say the scale was assumed.
 */
export const DELIGHTED_SURVEY_TYPES: Record<string, { measures: MetricType | null; scale: { min: number; max: number } }> = {
	nps: { measures: 'nps', scale: { min: 0, max: 10 } },
	enps: { measures: 'nps', scale: { min: 0, max: 10 } },
	csat: { measures: 'csat', scale: { min: 1, max: 5 } },
	csat3: { measures: 'csat', scale: { min: 1, max: 3 } },
	smileys: { measures: 'csat', scale: { min: 1, max: 5 } },
	thumbs: { measures: 'csat', scale: { min: 0, max: 1 } },
	ces: { measures: 'ces', scale: { min: 1, max: 5 } },
	ces7: { measures: 'ces', scale: { min: 1, max: 7 } },
	stars_five: { measures: 'rating', scale: { min: 1, max: 5 } },
	pmf: { measures: null, scale: { min: 1, max: 3 } },
};

/* ------------------------------------------------------------------------------------------ *
 * Payload shapes. Lenient where Delighted's own clients are (ids as numbers or strings, times as
 * Unix seconds or ISO text); strict where a wrong type would make the response unreadable.
 * ------------------------------------------------------------------------------------------ */

const requiredId = idValue.pipe(z.string().min(1, 'must not be empty'));
const optionalId = idValue.transform((value) => value || null).nullable().optional();
const timeValue = z.union([z.number().finite(), z.string()]).nullable().optional();

const personSchema = toolObject({
	id: optionalId,
	email: optionalText,
	name: optionalText,
	phone_number: optionalText,
	created_at: timeValue,
});

const choiceSchema = toolObject({ id: optionalId, text: optionalText });

const additionalAnswerSchema = toolObject({
	id: optionalId,
	value: toolObject({
		free_response: optionalText,
		scale: z.union([z.number().finite(), z.string()]).nullable().optional(),
		select_one: choiceSchema.nullable().optional(),
		select_many: z.array(choiceSchema).nullable().optional(),
	})
		.nullable()
		.optional(),
	question: toolObject({ id: optionalId, type: optionalText, text: optionalText }).nullable().optional(),
});

const surveyResponseSchema = toolObject({
	id: requiredId,
	/** The webhook expands the person; the REST API gives only the person's id. */
	person: z.union([personSchema, idValue]).nullable().optional(),
	survey_type: optionalText,
	score: z.union([z.number().finite(), z.string()]).nullable().optional(),
	comment: optionalText,
	permalink: optionalText,
	created_at: timeValue,
	updated_at: timeValue,
	person_properties: z.record(z.unknown()).nullable().optional(),
	notes: z.array(z.unknown()).nullable().optional(),
	tags: z.array(z.unknown()).nullable().optional(),
	additional_answers: z.array(additionalAnswerSchema).nullable().optional(),
});
type DelightedSurveyResponse = z.infer<typeof surveyResponseSchema>;

const unsubscribeSchema = toolObject({
	person_id: optionalId,
	email: optionalText,
	name: optionalText,
	phone_number: optionalText,
	unsubscribed_at: timeValue,
	person: personSchema.nullable().optional(),
});

const envelopeSchema = toolObject({
	event_type: z.string().trim().min(1, 'must not be empty'),
	event_id: optionalId,
	event_data: z.unknown(),
});

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, prefix: string, what: string): z.infer<T> {
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, prefix);
		throw new FeedbackError(`The Delighted ${what} could not be read: ${message}`, field);
	}
	return parsed.data;
}

/* ------------------------------------------------------------------------------------------ *
 * The source.
 * ------------------------------------------------------------------------------------------ */

export const delightedSource: SurveySource = {
	key: 'delighted',
	name: SOURCE_NAME,
	displayName: 'Delighted',
	summary: 'Survey responses, later comments and unsubscribes from Delighted webhooks',
	signature: 'none',
	mapping: 'questions',
	read(delivery): SourceEvent {
		const body = delivery.body;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			throw new FeedbackError(`A Delighted webhook body is a JSON object, got ${describeValue(body)}`, 'body');
		}
		const envelope = parse(envelopeSchema, body, '', 'webhook');
		const eventType = envelope.event_type;
		const eventId = envelope.event_id ?? null;

		if (eventType === DELIGHTED_EVENTS.responseCreated || eventType === DELIGHTED_EVENTS.responseUpdated) {
			const data = parse(surveyResponseSchema, envelope.event_data, 'event_data', 'survey response');
			const stamp = data.updated_at ?? data.created_at;
			return {
				kind: 'response',
				dedupKey: eventId ?? `${eventType}:${data.id}${stamp === undefined || stamp === null ? '' : `:${stamp}`}`,
				response: surveyResponseOf(data, eventType, eventId),
			};
		}

		if (eventType === DELIGHTED_EVENTS.unsubscribeCreated) {
			const data = parse(unsubscribeSchema, envelope.event_data, 'event_data', 'unsubscribe');
			const personId = data.person_id ?? data.person?.id ?? null;
			const email = nonEmpty(data.email) ?? nonEmpty(data.person?.email);
			const who = personId ?? email?.toLowerCase();
			if (!who) {
				throw new FeedbackError(
					'The Delighted unsubscribe names no person: "event_data.person_id" and "event_data.email" are both empty',
					'event_data.person_id',
				);
			}
			const respondent: SurveyResponse['respondent'] = {};
			if (personId) respondent.id = personId;
			if (email) respondent.email = email;
			const name = nonEmpty(data.name) ?? nonEmpty(data.person?.name);
			if (name) respondent.name = name;
			const phone = nonEmpty(data.phone_number) ?? nonEmpty(data.person?.phone_number);
			if (phone) respondent.phone = phone;
			const unsubscribedAt = data.unsubscribed_at ?? null;
			return {
				kind: 'response',
				dedupKey: eventId ?? `${eventType}:${who}${unsubscribedAt === null ? '' : `:${unsubscribedAt}`}`,
				response: {
					source: SOURCE_NAME,
					// One withdrawal per person: a later unsubscribe of the same person updates it.
					responseId: `unsubscribe:${who}`,
					eventId,
					event: 'consentWithdrawal',
					revision: 1,
					submittedAt: unsubscribedAt,
					consent: false,
					answers: [],
					respondent,
				},
			};
		}

		return {
			kind: 'ignored',
			reason: `Delighted event "${eventType}" carries no survey response; only ${Object.values(DELIGHTED_EVENTS).join(', ')} are read`,
		};
	},
};

/** The survey Delighted sends when it names none: its default, the 0-10 Net Promoter question. */
const DEFAULT_SURVEY_TYPE = 'nps';

function surveyResponseOf(data: DelightedSurveyResponse, eventType: string, eventId: string | null): SurveyResponse {
	const answers: SurveyAnswer[] = [];
	const warnings: string[] = [];
	const surveyType = nonEmpty(data.survey_type)?.toLowerCase() ?? null;
	const known = Object.prototype.hasOwnProperty.call(DELIGHTED_SURVEY_TYPES, surveyType ?? DEFAULT_SURVEY_TYPE)
		? DELIGHTED_SURVEY_TYPES[surveyType ?? DEFAULT_SURVEY_TYPE]
		: undefined;
	if (data.score !== undefined && data.score !== null && String(data.score).trim() !== '') {
		if (!surveyType) {
			warnings.push(
				`Delighted sent no "survey_type" with the score ${JSON.stringify(data.score)}: it was read as NPS 0-10, Delighted's default survey (scale assumed)`,
			);
		}
		answers.push({
			questionId: 'score',
			ref: surveyType,
			question: null,
			type: surveyType,
			value: data.score,
			scale: known?.scale ?? null,
			measures: known?.measures ?? null,
			format: 'number',
			// Delighted's `score` is the survey's score whatever its type: never dropped unsaid.
			carriesScore: 'yes',
			assumed: !surveyType,
		});
	}
	for (const [index, additional] of (data.additional_answers ?? []).entries()) {
		const answer = additionalAnswer(additional, index);
		if (answer) answers.push(answer);
	}

	const person = typeof data.person === 'string' ? { id: data.person } : (data.person ?? {});
	const respondent: SurveyResponse['respondent'] = {};
	const personId = nonEmpty(person.id);
	if (personId) respondent.id = personId;
	const email = nonEmpty(person.email);
	if (email) respondent.email = email;
	const phone = nonEmpty(person.phone_number);
	if (phone) respondent.phone = phone;
	const name = nonEmpty(person.name);
	if (name) respondent.name = name;

	return {
		source: SOURCE_NAME,
		responseId: data.id,
		eventId,
		event: 'response',
		revision: revisionOf(eventType, data.created_at, data.updated_at),
		// When the person answered: the same for every revision, so an SLA runs from the score.
		submittedAt: data.created_at ?? null,
		answers,
		// Person properties (customer id, plan, locale…) are what the sender attached to the survey.
		hidden: { ...(data.person_properties ?? {}) },
		respondent,
		comment: data.comment ?? null,
		warnings,
	};
}

function additionalAnswer(
	additional: z.infer<typeof additionalAnswerSchema>,
	index: number,
): SurveyAnswer | undefined {
	const value = additional.value ?? {};
	const question = additional.question ?? {};
	const questionId = question.id ?? (additional.id ? `additional_answer_${additional.id}` : `additional_answer_${index + 1}`);
	const base = { questionId, question: question.text ?? null, type: question.type ?? null };
	if (nonEmpty(value.free_response)) return { ...base, value: value.free_response, format: 'longText' };
	if (value.scale !== undefined && value.scale !== null && value.scale !== '') {
		// A `scale` answer is a score by Delighted's own structure, whatever the question's type.
		return { ...base, value: value.scale, format: 'number', carriesScore: 'yes' };
	}
	if (nonEmpty(value.select_one?.text)) return { ...base, value: value.select_one?.text, format: 'choice' };
	const many = (value.select_many ?? []).map((choice) => nonEmpty(choice.text)).filter((text): text is string => !!text);
	if (many.length) return { ...base, value: many, format: 'choice' };
	return undefined;
}

/**
 * Delighted sends a response twice or more: `created` with the score, then `updated` whenever the
 * score or the comment changes. All deliveries share `event_data.id`, so they become one
 * feedback id, and each later delivery must carry a higher revision than the one before, without
 * the node keeping any state. The payload says how far along the response is: `updated_at`.
 *
 * Rule: `created` is revision 1; `updated` is 1 + the whole seconds between `created_at` and
 * `updated_at`, and at least 2. Every update happens after creation and later updates have a later
 * `updated_at`, so revisions grow in the order Delighted made the changes, whatever order the
 * webhooks arrive in, and a retried delivery gets the same revision again. Two updates within the
 * same second get the same revision (Delighted's times are whole seconds); an update without
 * `updated_at` or `created_at` gets 2.
 */
export function revisionOf(eventType: string, createdAt: unknown, updatedAt: unknown): number {
	if (eventType !== DELIGHTED_EVENTS.responseUpdated) return 1;
	const created = unixSeconds(createdAt);
	const updated = unixSeconds(updatedAt);
	if (created === undefined || updated === undefined) return 2;
	return Math.max(2, 1 + Math.floor(updated - created));
}

/** Unix seconds from Unix seconds or milliseconds (number or digits) or ISO 8601 text. */
function unixSeconds(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? value / 1000 : value;
	if (typeof value !== 'string' || !value.trim()) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return unixSeconds(Number(trimmed));
	const parsed = DateTime.fromISO(trimmed, { setZone: true });
	return parsed.isValid ? parsed.toSeconds() : undefined;
}

function nonEmpty(value: string | null | undefined): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}
