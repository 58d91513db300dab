/**
 * Qualtrics: an event subscription POSTs `application/x-www-form-urlencoded` fields `Topic`,
 * `MSG` (a JSON text with the survey and response ids) and `HMAC`. The response itself is
 * fetched through the v3 API, with the survey definition so question ids get their wording.
 *
 * References (api.qualtrics.com): Event Subscriptions (create / get / delete subscription,
 * "Listen to and retrieve responses in real time"), Responses ("Get Response",
 * GET /surveys/{surveyId}/responses/{responseId}), Survey Definitions ("Get Survey",
 * GET /survey-definitions/{surveyId}).
 */
import { z } from 'zod';

import type { Respondent } from '../../core/feedback';
import { FeedbackError, describeIssues, describeValue } from '../../core/feedback';
import type { AnswerFormat, SurveyAnswer, SurveyResponse } from '../../core/surveyResponse';
import { localeTag } from '../../core/surveyResponse';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { SignatureError, parseApiAnswer } from '../../shared/errors';
import { verifyHmac } from '../../shared/signatures';
import {
	credentialBaseUrl,
	fetchAnnouncedResponse,
	registeredWebhookPointsHere,
	requireRegistrationTarget,
	surveyIdField,
	webhookSecret,
} from './api';
import { optionalText, toolObject } from './schemas';
import type { SourceApi, SurveySource } from './types';
import { isRecord, joinLabel, numberOf, plainText, trimmedText } from '../../core/values';

const SOURCE_NAME = 'qualtrics';
/** The form field that carries the signature (Qualtrics signs in the body, not in a header). */
const HMAC_FIELD = 'HMAC';
const COMPLETED_TOPIC = 'surveyengine.completedResponse';

/** The topic a subscription for one survey's completed responses listens to. */
export function completedResponseTopic(surveyId: string): string {
	return `${COMPLETED_TOPIC}.${surveyId}`;
}

/* ------------------------------------------------------------------------------------------ *
 * Shapes as documented.
 * ------------------------------------------------------------------------------------------ */

const messageSchema = toolObject({
	Status: optionalText,
	SurveyID: z.string().trim().min(1),
	ResponseID: z.string().trim().min(1),
	RecipientID: optionalText,
	DistributionID: optionalText,
	ResponseEventContext: z.unknown().optional(),
	CompletedDate: optionalText,
	BrandID: optionalText,
});
type EventMessage = z.infer<typeof messageSchema>;

const responseSchema = toolObject({
	result: toolObject({
		responseId: z.string().min(1),
		values: z.record(z.unknown()),
		labels: z.record(z.unknown()).nullable().optional(),
		displayedFields: z.array(z.string()).nullable().optional(),
	}),
});

const choiceSchema = toolObject({ Display: optionalText });
// Documented as objects keyed by choice id; an array (or empty list) is read by index.
const choicesSchema = z.union([z.record(choiceSchema.nullable()), z.array(choiceSchema.nullable())]).nullable().optional();
type Choices = z.infer<typeof choicesSchema>;

const questionSchema = toolObject({
	QuestionID: optionalText,
	QuestionText: optionalText,
	DataExportTag: optionalText,
	QuestionType: z.string(),
	Selector: optionalText,
	SubSelector: optionalText,
	Choices: choicesSchema,
	Answers: choicesSchema,
	Validation: z.unknown().optional(),
	/** A slider's range is `Configuration.CSSliderMin` to `CSSliderMax`. */
	Configuration: z.unknown().optional(),
});
type Question = z.infer<typeof questionSchema>;

const definitionSchema = toolObject({
	result: toolObject({
		SurveyID: optionalText,
		SurveyName: optionalText,
		Questions: z.record(questionSchema),
	}),
});

const subscriptionSchema = toolObject({
	result: toolObject({
		id: z.string().min(1),
		topics: z.union([z.string(), z.array(z.string())]).nullable().optional(),
		publicationUrl: optionalText,
	}),
});

/* ------------------------------------------------------------------------------------------ *
 * The source.
 * ------------------------------------------------------------------------------------------ */

export const qualtricsSource: SurveySource = {
	key: 'qualtrics',
	name: SOURCE_NAME,
	displayName: 'Qualtrics',
	summary: 'Completed responses from a Qualtrics event subscription',
	signature: 'secret',
	mapping: 'questions',
	api: {
		credentialType: 'closedLoopQualtricsApi',
		// People paste the API root they see in Qualtrics docs; the source's paths already start with /API/v3.
		apiBaseUrl: (credentials) => credentialBaseUrl(credentials, '').replace(/\/API\/v3$/i, ''),
		fetchesResponses: true,
	},

	/** `HMAC` is the hex HMAC-SHA512 of the `MSG` text keyed with the subscription's shared key. */
	verifySignature(delivery, secrets) {
		const fields = isRecord(delivery.body) ? delivery.body : {};
		const received = typeof fields[HMAC_FIELD] === 'string' ? fields[HMAC_FIELD].trim() : '';
		if (!received) {
			throw new SignatureError(`The "${HMAC_FIELD}" form field is missing: this Qualtrics event is not signed`, HMAC_FIELD);
		}
		const key = webhookSecret(secrets, HMAC_FIELD, { tool: 'Qualtrics', secret: 'shared key', webhook: 'event subscription' });
		const message = typeof fields.MSG === 'string' ? fields.MSG : '';
		verifyHmac(received, { algorithm: 'sha512', key, data: message, encoding: 'hex', header: HMAC_FIELD });
	},

	read(delivery) {
		const fields = delivery.body;
		if (!isRecord(fields)) {
			throw new FeedbackError(
				`A Qualtrics event must be form fields (Topic, MSG, HMAC), got ${describeValue(fields)}`,
				'body',
			);
		}
		const topic = typeof fields.Topic === 'string' ? fields.Topic.trim() : '';
		if (!topic) {
			throw new FeedbackError(`The Qualtrics event has no "Topic" field (got ${describeValue(fields.Topic)})`, 'Topic');
		}
		const topicSurveyId = completedSurveyOf(topic);
		if (topicSurveyId === null) {
			return { kind: 'ignored', reason: `Qualtrics topic "${topic}" is not a completed response` };
		}
		const message = readMessage(fields.MSG);
		if (message.SurveyID !== topicSurveyId) {
			throw new FeedbackError(
				`"MSG.SurveyID" (${message.SurveyID}) is not the survey of the topic "${topic}"`,
				'MSG.SurveyID',
			);
		}
		return {
			kind: 'fetch',
			dedupKey: `${completedResponseTopic(message.SurveyID)}:${message.ResponseID}`,
			description: `Qualtrics response ${message.ResponseID} of survey ${message.SurveyID}`,
			fetch: async (api) => await fetchResponse(api, message),
		};
	},

	registration: {
		target: surveyIdField('SV_0Bxt4Zc8eR2AbcD'),
		async exists(api, target) {
			return await registeredWebhookPointsHere(api, target, {
				tool: 'Qualtrics',
				path: subscriptionPath,
				schema: subscriptionSchema,
				prefix: 'subscription',
				pointsHere: ({ result }) => {
					const topics = Array.isArray(result.topics) ? result.topics : result.topics ? [result.topics] : [];
					const sameUrl = !result.publicationUrl || result.publicationUrl === target.webhookUrl;
					return sameUrl && (topics.length === 0 || topics.includes(completedResponseTopic(target.formId.trim())));
				},
				remove: async (id) => await deleteSubscription(api, id),
			});
		},
		async create(api, target, secret) {
			const surveyId = requireRegistrationTarget(target, 'Qualtrics survey ID (SV_…)');
			const answer = await api.request({
				method: 'POST',
				url: '/API/v3/eventsubscriptions',
				body: {
					topics: completedResponseTopic(surveyId),
					publicationUrl: target.webhookUrl,
					encrypt: false,
					sharedKey: secret,
				},
			});
			const { result } = parseApiAnswer(subscriptionSchema, answer, { tool: 'Qualtrics', call: 'POST /API/v3/eventsubscriptions', prefix: 'subscription' });
			return { webhookId: result.id };
		},
		async remove(api, target) {
			const subscriptionId = target.registered?.webhookId;
			if (subscriptionId) await deleteSubscription(api, subscriptionId);
		},
	},
};

/** The survey id of a completed-response topic, with or without a brand prefix; null for other topics. */
function completedSurveyOf(topic: string): string | null {
	const marker = `${COMPLETED_TOPIC}.`;
	const at = topic.indexOf(marker);
	if (at === -1 || (at > 0 && topic[at - 1] !== '.')) return null;
	const surveyId = topic.slice(at + marker.length);
	return /^[A-Za-z0-9_-]+$/.test(surveyId) ? surveyId : null;
}

function readMessage(raw: unknown): EventMessage {
	if (typeof raw !== 'string' || !raw.trim()) {
		throw new FeedbackError(`The Qualtrics event has no "MSG" field (got ${describeValue(raw)})`, 'MSG');
	}
	const decoded = parseJson(raw);
	if (decoded === NOT_JSON) throw new FeedbackError('The Qualtrics "MSG" field is not JSON', 'MSG');
	if (!isRecord(decoded)) {
		throw new FeedbackError(`The Qualtrics "MSG" field must be a JSON object, got ${describeValue(decoded)}`, 'MSG');
	}
	const parsed = messageSchema.safeParse(decoded);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, 'MSG');
		throw new FeedbackError(`The Qualtrics event is not shaped as documented: ${message}`, field);
	}
	return parsed.data;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(raw: string): unknown {
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return NOT_JSON;
	}
}

function subscriptionPath(subscriptionId: string): string {
	return `/API/v3/eventsubscriptions/${encodeURIComponent(subscriptionId)}`;
}

async function deleteSubscription(api: SourceApi, subscriptionId: string): Promise<void> {
	await requestUnlessNotFound(api, { method: 'DELETE', url: subscriptionPath(subscriptionId) });
}

/* ------------------------------------------------------------------------------------------ *
 * Fetching and mapping a response.
 * ------------------------------------------------------------------------------------------ */

/** Fields every Qualtrics response carries besides the answers and the embedded data. */
const RESPONSE_METADATA = new Set([
	'startDate',
	'endDate',
	'status',
	'ipAddress',
	'progress',
	'duration',
	'finished',
	'recordedDate',
	'_recordId',
	'locationLatitude',
	'locationLongitude',
	'distributionChannel',
	'userLanguage',
	'recipientEmail',
	'recipientFirstName',
	'recipientLastName',
	'externalDataReference',
]);

/** Question types that hold no answer of the respondent's. */
const NOT_ANSWERS = new Set(['DB', 'Timing', 'Meta', 'Captcha']);

/**
 * Question types of the Survey Definitions API besides those: a number in a question of any
 * other type (one Qualtrics added since) may be a score.
 */
const KNOWN_QUESTION_TYPES = new Set(['MC', 'Matrix', 'TE', 'Slider', 'SBS', 'RO', 'CS', 'DD', 'Draw', 'FileUpload', 'HeatMap', 'HL', 'HotSpot', 'PGR', 'GAP', 'SS', 'TreeSelect']);

async function fetchResponse(api: SourceApi, message: EventMessage): Promise<SurveyResponse> {
	const survey = encodeURIComponent(message.SurveyID);
	const responsePath = `/API/v3/surveys/${survey}/responses/${encodeURIComponent(message.ResponseID)}`;
	const definitionPath = `/API/v3/survey-definitions/${survey}`;
	const responseAnswer = await fetchAnnouncedResponse(api, responsePath, `Qualtrics response ${message.ResponseID}`);
	const definitionAnswer = await api.request({ method: 'GET', url: definitionPath });
	const { result: response } = parseApiAnswer(responseSchema, responseAnswer, { tool: 'Qualtrics', call: `GET ${responsePath}`, prefix: 'response' });
	const { result: definition } = parseApiAnswer(definitionSchema, definitionAnswer, { tool: 'Qualtrics', call: `GET ${definitionPath}`, prefix: 'survey' });

	const values = response.values;
	const labels = response.labels ?? {};
	const answers: SurveyAnswer[] = [];
	const hidden: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(values)) {
		const match = /^(QID\d+)(?:_(.+))?$/.exec(key);
		if (match) {
			const question = definition.Questions[match[1]];
			const answer = mapValue(key, match[1], match[2], value, labels[key], question);
			if (answer) answers.push(markUnplacedNumber(answer, question));
			continue;
		}
		if (RESPONSE_METADATA.has(key) || /^Q_|^SC\d+$|^\d+_QID/.test(key)) continue;
		if (value !== undefined && value !== null && value !== '') hidden[key] = value;
	}
	const externalReference = trimmedText(values.externalDataReference);
	if (externalReference) hidden.externalDataReference = externalReference;

	return {
		source: SOURCE_NAME,
		responseId: response.responseId,
		event: 'response',
		surveyId: message.SurveyID,
		submittedAt: trimmedText(values.recordedDate) ?? trimmedText(values.endDate) ?? trimmedText(message.CompletedDate),
		// The language the respondent took the survey in; `Q_Language` is the embedded data that sets it.
		locale: localeTag(trimmedText(values.userLanguage) ?? values.Q_Language),
		channel: channelOf(values.distributionChannel),
		answers,
		hidden,
		respondent: respondentOf(values),
	};
}

function respondentOf(values: Record<string, unknown>): Partial<Respondent> {
	const respondent: Partial<Respondent> = {};
	const email = trimmedText(values.recipientEmail);
	const name = [trimmedText(values.recipientFirstName), trimmedText(values.recipientLastName)].filter(Boolean).join(' ');
	if (email) respondent.email = email;
	if (name) respondent.name = name;
	return respondent;
}

/** Only the distribution channels that name a channel; `anonymous` (a shared link) says nothing. */
function channelOf(value: unknown): string | null {
	const channel = trimmedText(value)?.toLowerCase();
	if (channel === 'email') return 'email';
	if (channel?.startsWith('sms')) return 'sms';
	return null;
}

/** A number the definition cannot place (no such question, a type we do not know) may be a score. */
function markUnplacedNumber(answer: SurveyAnswer, question: Question | undefined): SurveyAnswer {
	const unplaced = !question || !KNOWN_QUESTION_TYPES.has(question.QuestionType);
	return unplaced && numberOf(answer.value) !== null ? { ...answer, carriesScore: 'maybe' } : answer;
}

/**
 * One value of the response. Keys are `QIDn` (choice questions, NPS), `QIDn_TEXT` (text entry),
 * `QIDn_<choice>_TEXT` (text typed next to a choice) and `QIDn_<row>` (matrix rows, sliders,
 * form fields); `QIDn_NPS_GROUP`, `QIDn_DO` and other derived keys are left out.
 */
function mapValue(
	key: string,
	questionId: string,
	suffix: string | undefined,
	value: unknown,
	label: unknown,
	question: Question | undefined,
): SurveyAnswer | null {
	if (value === undefined || value === null || value === '') return null;
	if (!question) return { questionId: key, question: null, type: null, value };
	if (NOT_ANSWERS.has(question.QuestionType)) return null;
	const wording = plainText(question.QuestionText);
	const tag = trimmedText(question.DataExportTag);
	const type = [question.QuestionType, question.Selector].filter(Boolean).join('/');

	if (suffix === undefined) {
		const base = { questionId, ref: tag, question: wording, type };
		if (question.QuestionType === 'MC' && question.Selector === 'NPS') {
			const score = numberOf(label) ?? numberOf(value);
			return { ...base, value: score ?? value, measures: 'nps', scale: { min: 0, max: 10 }, format: 'number' };
		}
		if (Array.isArray(value)) {
			return { ...base, value: Array.isArray(label) ? label : value, format: 'choice' };
		}
		return { ...base, ...choiceValue(value, label, question.Choices) };
	}

	if (suffix === 'TEXT') {
		return { questionId, ref: tag, question: wording, type, value: trimmedText(value) ?? value, format: textFormat(question) };
	}
	const otherText = /^(\d+)_TEXT$/.exec(suffix);
	if (otherText) {
		return {
			questionId: key,
			ref: tag ? `${tag}_${suffix}` : null,
			question: joinLabel(wording, choiceDisplay(question.Choices, otherText[1])),
			type,
			value: trimmedText(value) ?? value,
			format: 'shortText',
		};
	}
	if (!/^\d+$/.test(suffix)) return null;
	const sub = {
		questionId: key,
		ref: tag ? `${tag}_${suffix}` : null,
		question: joinLabel(wording, choiceDisplay(question.Choices, suffix)),
		type,
	};
	if (question.QuestionType === 'Matrix') return { ...sub, ...choiceValue(value, label, question.Answers) };
	if (question.QuestionType === 'TE') return { ...sub, value: trimmedText(value) ?? value, format: 'shortText' };
	const number = numberOf(value);
	if (question.QuestionType === 'Slider' && number !== null) return { ...sub, value: number, format: 'number', scale: sliderScale(question) };
	return { ...sub, value, format: number !== null ? 'number' : null };
}

/** The range a slider question was set to, when its definition gives one. */
function sliderScale(question: Question): { min: number; max: number } | null {
	const configuration = isRecord(question.Configuration) ? question.Configuration : {};
	const min = numberOf(configuration.CSSliderMin);
	const max = numberOf(configuration.CSSliderMax);
	return min !== null && max !== null && min < max ? { min, max } : null;
}

/**
 * A picked choice: a number with its scale when the choices are numbered (`1` … `5`), the
 * choice's wording otherwise.
 */
function choiceValue(value: unknown, label: unknown, choices: Choices): Pick<SurveyAnswer, 'value' | 'scale' | 'format' | 'carriesScore'> {
	const displays = choiceDisplays(choices).map((display) => numberOf(display));
	const numbered = displays.length >= 2 && displays.every((display) => display !== null) ? (displays as number[]) : null;
	const labelNumber = numberOf(label);
	if (numbered && labelNumber !== null) {
		return { value: labelNumber, scale: { min: Math.min(...numbered), max: Math.max(...numbered) }, format: 'number' };
	}
	const wording = typeof label === 'string' ? plainText(label) : null;
	// Numbered choices but no label: the value is the choice's recode, which may be the score.
	if (numbered && wording === null) return { value, format: 'choice', carriesScore: 'maybe' };
	return { value: wording ?? value, format: 'choice' };
}

function textFormat(question: Question): AnswerFormat {
	const validation = isRecord(question.Validation) && isRecord(question.Validation.Settings) ? question.Validation.Settings : {};
	const contentType = typeof validation.ContentType === 'string' ? validation.ContentType : '';
	if (contentType === 'ValidEmail') return 'email';
	if (/phone/i.test(contentType)) return 'phone';
	if (question.Selector === 'ESTB' || question.Selector === 'ML') return 'longText';
	return 'shortText';
}

function choiceDisplays(choices: Choices): string[] {
	if (!choices) return [];
	const list = Array.isArray(choices) ? choices : Object.values(choices);
	return list.map((choice) => plainText(choice?.Display) ?? '').filter((display) => display !== '');
}

function choiceDisplay(choices: Choices, id: string): string | null {
	if (!choices) return null;
	const choice = Array.isArray(choices) ? choices[Number(id)] : choices[id];
	return plainText(choice?.Display);
}
