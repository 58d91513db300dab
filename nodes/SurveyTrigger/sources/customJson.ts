/**
 * Custom JSON: in-house forms, kiosks, IVR and apps that POST their own JSON.
 * The user maps fields by dot path; the defaults accept a flat body such as
 * `{ "responseId": "r-1", "score": 3, "comment": "…", "email": "…" }`.
 */
import { DateTime } from 'luxon';
import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { Feedback, MetricType } from '../../core/feedback';
import { FeedbackError, describeIssues, describeValue, feedbackSchema } from '../../core/feedback';
import { readPath, splitPath } from '../../core/paths';
import type { Scale } from '../../core/scoring';
import { METRIC_LABELS, buildMetric } from '../../core/scoring';
import { CONSENT_WORDS } from '../../core/surveyResponse';
import type { DeliveryContext, ParameterReader, SurveySource } from './types';

export interface CustomJsonMapping {
	responseIdPath: string;
	scorePath: string;
	metricType: MetricType;
	scale?: Partial<Scale>;
	/** When false, a body without a score still starts the loop, with no metric. */
	requireScore: boolean;
	commentPath: string;
	emailPath: string;
	phonePath: string;
	customerIdPath: string;
	namePath: string;
	segmentPath: string;
	customerValuePath: string;
	consentPath: string;
	submittedAtPath: string;
	surveyIdPath: string;
	touchpointPath: string;
	localePath: string;
	/** Fixed values used when the body does not carry them. */
	defaultTouchpoint?: string;
	channel?: string;
}

export const DEFAULT_CUSTOM_JSON_MAPPING: CustomJsonMapping = {
	responseIdPath: 'responseId',
	scorePath: 'score',
	metricType: 'nps',
	requireScore: true,
	commentPath: 'comment',
	emailPath: 'email',
	phonePath: 'phone',
	customerIdPath: 'customerId',
	namePath: 'name',
	segmentPath: 'segment',
	customerValuePath: 'customerValue',
	consentPath: 'consent',
	submittedAtPath: 'submittedAt',
	surveyIdPath: 'surveyId',
	touchpointPath: 'touchpoint',
	localePath: 'locale',
};

const SOURCE_NAME = 'custom-json';
const emailSchema = z.string().email();

const SOURCE_KEY = 'customJson';
const onlyCustomJson = { show: { source: [SOURCE_KEY] } };
const inOptionsForCustomJson = { show: { '/source': [SOURCE_KEY] } };

const customJsonFields: INodeProperties[] = [
	{
		displayName: 'Survey Type',
		name: 'metricType',
		type: 'options',
		displayOptions: onlyCustomJson,
		options: [
			{ name: 'CES (Customer Effort, 1-7)', value: 'ces' },
			{ name: 'CSAT (Satisfaction, 1-5)', value: 'csat' },
			{ name: 'NPS (Recommend, 0-10)', value: 'nps' },
			{ name: 'Star Rating (1-5)', value: 'rating' },
		],
		default: 'nps',
		description: 'What the score question measures. Other scales can be set under Options.',
	},
	{
		displayName: 'Score Field',
		name: 'scorePath',
		type: 'string',
		displayOptions: onlyCustomJson,
		default: 'score',
		required: true,
		placeholder: 'answers.nps',
		description: 'Where the score is in the posted JSON. Use dots for nested fields, e.g. answers.nps.',
	},
	{
		displayName: 'Comment Field',
		name: 'commentPath',
		type: 'string',
		displayOptions: onlyCustomJson,
		default: 'comment',
		description: 'Where the customer’s free-text comment is. Leave empty if the survey has none.',
	},
	{
		displayName: 'Response ID Field',
		name: 'responseIdPath',
		type: 'string',
		displayOptions: onlyCustomJson,
		default: 'responseId',
		description:
			'Where the unique ID of the response is. It keeps a resent response recognisable as the same one.',
	},
	{
		displayName: 'Customer Fields',
		name: 'customerFields',
		type: 'collection',
		placeholder: 'Change Field',
		default: {},
		displayOptions: onlyCustomJson,
		description: 'Where the customer details are in the posted JSON, if not in the default fields',
		options: [
			{
				displayName: 'Contact Consent Field',
				name: 'consentPath',
				type: 'string',
				default: 'consent',
				description: 'Yes/no answer to “may we contact you about this?”',
			},
			{ displayName: 'Customer ID Field', name: 'customerIdPath', type: 'string', default: 'customerId' },
			{
				displayName: 'Customer Value Field',
				name: 'customerValuePath',
				type: 'string',
				default: 'customerValue',
				description: 'A number such as yearly revenue, used later to prioritise cases',
			},
			{ displayName: 'Email Field', name: 'emailPath', type: 'string', default: 'email' },
			{ displayName: 'Name Field', name: 'namePath', type: 'string', default: 'name' },
			{ displayName: 'Phone Field', name: 'phonePath', type: 'string', default: 'phone' },
			{
				displayName: 'Segment Field',
				name: 'segmentPath',
				type: 'string',
				default: 'segment',
				description: 'Customer segment or tier, e.g. VIP',
			},
		],
	},
];

/** Custom JSON's entries in the node's Options collection. */
const customJsonOptions: INodeProperties[] = [
	{
		displayName: 'Language Field',
		name: 'localePath',
		type: 'string',
		default: 'locale',
		displayOptions: inOptionsForCustomJson,
	},
	{
		displayName: 'Require a Score',
		name: 'requireScore',
		type: 'boolean',
		default: true,
		displayOptions: inOptionsForCustomJson,
		description:
			'Whether to refuse responses without a score. Turn off to accept comment-only responses.',
	},
	{
		displayName: 'Scale Maximum',
		name: 'scaleMax',
		type: 'number',
		default: 5,
		displayOptions: inOptionsForCustomJson,
		description: 'Highest possible score, when the survey does not use the usual scale',
	},
	{
		displayName: 'Scale Minimum',
		name: 'scaleMin',
		type: 'number',
		default: 1,
		displayOptions: inOptionsForCustomJson,
		description: 'Lowest possible score, when the survey does not use the usual scale',
	},
	{
		displayName: 'Submitted At Field',
		name: 'submittedAtPath',
		type: 'string',
		default: 'submittedAt',
		displayOptions: inOptionsForCustomJson,
		description: 'When the customer answered. If missing, the time it arrived is used.',
	},
	{
		displayName: 'Survey ID Field',
		name: 'surveyIdPath',
		type: 'string',
		default: 'surveyId',
		displayOptions: inOptionsForCustomJson,
	},
	{
		displayName: 'Touchpoint Field',
		name: 'touchpointPath',
		type: 'string',
		default: 'touchpoint',
		displayOptions: inOptionsForCustomJson,
	},
];

/** The user's mapping, from the node's parameters; what they left unset keeps its default. */
type CustomJsonOptions = Partial<
	Record<'localePath' | 'submittedAtPath' | 'surveyIdPath' | 'touchpointPath' | 'defaultTouchpoint' | 'channel', string>
> & { requireScore?: boolean; scaleMin?: number; scaleMax?: number };

function customJsonMapping(parameter: ParameterReader, settings: CustomJsonOptions): CustomJsonMapping {
	const defaults = DEFAULT_CUSTOM_JSON_MAPPING;
	const customerFields = parameter<Partial<CustomJsonMapping>>('customerFields', {});
	return {
		...defaults,
		...customerFields,
		localePath: settings.localePath ?? defaults.localePath,
		submittedAtPath: settings.submittedAtPath ?? defaults.submittedAtPath,
		surveyIdPath: settings.surveyIdPath ?? defaults.surveyIdPath,
		touchpointPath: settings.touchpointPath ?? defaults.touchpointPath,
		requireScore: settings.requireScore ?? true,
		defaultTouchpoint: settings.defaultTouchpoint || undefined,
		channel: settings.channel || undefined,
		scale: { scaleMin: settings.scaleMin, scaleMax: settings.scaleMax },
		metricType: parameter<MetricType>('metricType', 'nps'),
		scorePath: parameter('scorePath', defaults.scorePath),
		commentPath: parameter('commentPath', defaults.commentPath),
		responseIdPath: parameter('responseIdPath', defaults.responseIdPath),
	};
}

export const customJsonSource: SurveySource<CustomJsonMapping> & {
	normalize(body: unknown, mapping: CustomJsonMapping, delivery: DeliveryContext): Feedback;
} = {
	key: SOURCE_KEY,
	name: SOURCE_NAME,
	displayName: 'Custom JSON',
	summary: 'Your own form, kiosk, call-centre IVR or app posts JSON to this webhook',
	signature: 'none',
	authentication: ['basicAuth', 'hmac', 'none', 'secretHeader'],
	mapping: 'own',
	properties: customJsonFields,
	options: customJsonOptions,
	subtitle: { parameter: 'metricType', labels: METRIC_LABELS },
	settings: customJsonMapping,
	read(delivery, mapping, context) {
		const feedback = this.normalize(delivery.body, mapping, context);
		return { kind: 'feedback', dedupKey: feedback.sourceEventId, feedback };
	},
	normalize(body, mapping, delivery) {
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			throw new FeedbackError(`The request body must be a JSON object, got ${describeValue(body)}`, 'body');
		}
		const read = (path: string) => (path.trim() ? readPath(body, path) : undefined);
		const text = (path: string) => readText(read(path), path);

		const responseId = text(mapping.responseIdPath);
		const rawScore = read(mapping.scorePath);
		const scorePresent = !(rawScore === undefined || rawScore === null || rawScore === '');
		if (!scorePresent && mapping.requireScore) {
			throw new FeedbackError(
				`Missing field "${mapping.scorePath}": this survey expects a ${mapping.metricType.toUpperCase()} score there`,
				mapping.scorePath,
			);
		}
		const metrics = scorePresent
			? [buildMetric(mapping.metricType, rawScore, mapping.scorePath, mapping.scale, mapping.scorePath)]
			: [];
		const hidden = unmappedFields(body as Record<string, unknown>, mapping);
		// Allowed to carry no score, but never to lose one unsaid: a score under another name is named.
		const warnings = scorePresent
			? []
			: scoreLikeFields(hidden).map(
					({ path, value }) =>
						`No score at "${mapping.scorePath}", but "${path}" holds ${JSON.stringify(value)}, which looks like one; set the score path to "${path}" to use it`,
				);

		const candidate = {
			id: `${SOURCE_NAME}:${responseId ?? delivery.newId()}`,
			revision: 1,
			source: SOURCE_NAME,
			sourceEventId: responseId,
			surveyId: text(mapping.surveyIdPath),
			touchpoint: text(mapping.touchpointPath) ?? mapping.defaultTouchpoint ?? null,
			channel: mapping.channel || null,
			submittedAt: readTimestamp(read(mapping.submittedAtPath), mapping.submittedAtPath) ?? delivery.receivedAt,
			locale: text(mapping.localePath),
			respondent: {
				id: text(mapping.customerIdPath),
				customerId: text(mapping.customerIdPath),
				email: readEmail(text(mapping.emailPath), mapping.emailPath),
				phone: text(mapping.phonePath),
				name: text(mapping.namePath),
				timezone: null,
				segment: text(mapping.segmentPath),
				value: readNumber(read(mapping.customerValuePath), mapping.customerValuePath),
			},
			consent: { contact: readConsent(read(mapping.consentPath), mapping.consentPath) },
			metrics,
			comment: text(mapping.commentPath),
			answers: [],
			hidden,
			warnings,
		};

		const parsed = feedbackSchema.safeParse(candidate);
		if (!parsed.success) {
			const { message, field } = describeIssues(parsed.error, 'feedback');
			throw new FeedbackError(`The response could not be read: ${message}`, field);
		}
		return parsed.data;
	},
};

function readText(value: unknown, field: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw new FeedbackError(`"${field}" must be text, got ${describeValue(value)}`, field);
	}
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

function readEmail(value: string | null, field: string): string | null {
	if (value === null) return null;
	if (!emailSchema.safeParse(value).success) {
		throw new FeedbackError(`"${field}" must be an email address, got ${describeValue(value)}`, field);
	}
	return value.toLowerCase();
}

function readNumber(value: unknown, field: string): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new FeedbackError(`"${field}" must be a number, got ${describeValue(value)}`, field);
	}
	return number;
}

function readConsent(value: unknown, field: string): boolean | null {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'boolean') return value;
	const word = String(value).trim().toLowerCase();
	if (word in CONSENT_WORDS) return CONSENT_WORDS[word];
	throw new FeedbackError(`"${field}" must be yes/no or true/false, got ${describeValue(value)}`, field);
}

/** Accepts ISO 8601 text or Unix time in seconds or milliseconds. */
function readTimestamp(value: unknown, field: string): string | null {
	if (value === undefined || value === null || value === '') return null;
	let parsed: DateTime | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) {
		parsed = value > 1e11 ? DateTime.fromMillis(value) : DateTime.fromSeconds(value);
	} else if (typeof value === 'string') {
		parsed = DateTime.fromISO(value.trim(), { setZone: true });
	}
	if (!parsed?.isValid) {
		throw new FeedbackError(`"${field}" must be a date (ISO 8601 or Unix time), got ${describeValue(value)}`, field);
	}
	return parsed.toUTC().toISO();
}

/** Words of a field name that say it holds a score: `nps`, `satisfactionScore`, `star_rating`. */
const SCORE_WORDS = /^(nps|csat|ces|score|rating|stars?|note|satisfaction|recommend\w*)$/;

function nameWords(name: string): string[] {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

/** Numeric fields, up to three levels down, whose name says they hold a score. */
function scoreLikeFields(fields: Record<string, unknown>, prefix = '', depth = 0): Array<{ path: string; value: unknown }> {
	const found: Array<{ path: string; value: unknown }> = [];
	for (const [key, value] of Object.entries(fields)) {
		const path = prefix ? `${prefix}.${key}` : key;
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			if (depth < 2) found.push(...scoreLikeFields(value as Record<string, unknown>, path, depth + 1));
			continue;
		}
		const numeric = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(value);
		if (numeric && nameWords(key).some((word) => SCORE_WORDS.test(word))) found.push({ path, value });
	}
	return found;
}

/** Keeps whatever the user did not map, so no answer is lost on the way in. */
function unmappedFields(body: Record<string, unknown>, mapping: CustomJsonMapping): Record<string, unknown> {
	const mappedRoots = new Set(
		Object.entries(mapping)
			.filter(([key, value]) => key.endsWith('Path') && typeof value === 'string' && value.trim())
			.map(([, path]) => splitPath(path as string)[0]),
	);
	return Object.fromEntries(Object.entries(body).filter(([key]) => !mappedRoots.has(key)));
}
