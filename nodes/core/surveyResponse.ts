/**
 * One survey response as any survey tool delivers it, and the single place where its answers
 * become the canonical feedback: which question is the NPS, CSAT or CES question, which answer
 * or hidden field is the email, phone, customer id or contact consent.
 *
 * Each source (Typeform, SurveyMonkey…) only translates its payload into a `SurveyResponse`;
 * the choices an ops person makes ("the NPS question is `nps_delivery`") and the detection used
 * when they make none live here, so every tool behaves the same way.
 *
 * A survey tool's delivery is never refused for what the customer answered: an answer that
 * cannot be used (an email that is not one, a score off its scale) is left out of the canonical
 * fields, kept in `answers`, and explained in `feedback.warnings`.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

import type { Feedback, FeedbackInput, Metric, MetricType, Respondent } from './feedback';
import { FeedbackError, METRIC_TYPES, describeIssues, feedbackSchema } from './feedback';
import type { Scale } from './scoring';
import { DEFAULT_SCALES, buildMetric, definedOnly } from './scoring';
import { stripAccents } from './textFolding';

export type AnswerFormat = 'boolean' | 'choice' | 'date' | 'email' | 'longText' | 'number' | 'phone' | 'shortText';

export interface SurveyAnswer {
	/** The tool's stable id of the question. */
	questionId: string;
	/** Another name the tool gives the question that users may refer to (Typeform `field.ref`, Tally `key`). */
	ref?: string | null;
	/** The question as the respondent read it. */
	question?: string | null;
	/** The tool's own answer type, kept as it is (`opinion_scale`, `INPUT_EMAIL`…). */
	type?: string | null;
	value: unknown;
	/** The scale the tool declares for a numeric question. */
	scale?: { min: number; max: number } | null;
	/** What the tool itself says the question measures (Typeform's NPS question, Delighted's survey type). */
	measures?: MetricType | null;
	/** What kind of value the tool says this is, when it says. */
	format?: AnswerFormat | null;
	/**
	 * Whether the tool's field holds a score whatever its type says (`yes`: Delighted's `score`),
	 * or the source cannot tell (`maybe`: Jotform sends no question types; a type the source does
	 * not know). A score left unused is reported in the warnings.
	 */
	carriesScore?: 'maybe' | 'yes' | null;
	/**
	 * `measures` and `scale` are the source's assumption, not the tool's word (Delighted without
	 * `survey_type`): the assumed scale never overrides the user's or the metric's own.
	 */
	assumed?: boolean | null;
}

export interface SurveyResponse {
	/** `feedback.source`, e.g. `typeform`. */
	source: string;
	/** The tool's id of the response; with the source it makes `feedback.id`. */
	responseId: string;
	/** The tool's id of this delivery, when it differs from the response id. */
	eventId?: string | null;
	event?: Feedback['event'];
	/** 1 for the first delivery of a response; higher for later edits of the same response. */
	revision?: number;
	surveyId?: string | null;
	/** Any date text or Unix time; ISO 8601 with offset is best. */
	submittedAt?: string | number | null;
	locale?: string | null;
	channel?: string | null;
	touchpoint?: string | null;
	answers: SurveyAnswer[];
	/** Hidden fields, URL variables, custom data and embedded data: what the sender attached. */
	hidden?: Record<string, unknown>;
	/** What the tool knows of the respondent besides the answers (Delighted's person, a contact list). */
	respondent?: Partial<Respondent>;
	/** Contact consent as the tool records it (e.g. false after an unsubscribe). */
	consent?: boolean | null;
	/** A comment the tool delivers outside the answers (Delighted). */
	comment?: string | null;
	/** What the source had to assume or leave out while reading the payload; they lead `feedback.warnings`. */
	warnings?: string[];
}

/** Names a question by its id, its ref or its wording (case and accents ignored). */
export type QuestionSelector = string;

export const PERSON_FIELDS = [
	'email',
	'phone',
	'customerId',
	'name',
	'segment',
	'value',
	'consent',
	'touchpoint',
	'locale',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export interface ResponseMapping {
	/** Which question holds each metric; empty means "detect it". */
	questions?: Partial<Record<MetricType, QuestionSelector>>;
	/** Scales for CSAT, CES and ratings when the tool does not declare them. */
	scales?: Partial<Record<MetricType, Partial<Scale>>>;
	/** Which question holds the free-text comment; empty means "detect it". */
	commentQuestion?: QuestionSelector;
	/** Which answer or hidden field holds each person field; empty means "detect it". */
	fields?: Partial<Record<PersonField, string>>;
	defaultTouchpoint?: string;
	channel?: string;
}

export interface ResponseDelivery {
	/** ISO time the delivery reached n8n; used when the response carries no submission time. */
	receivedAt: string;
}

/* ------------------------------------------------------------------------------------------ *
 * Matching names the way ops people write them.
 * ------------------------------------------------------------------------------------------ */

/** Case-, accent- and punctuation-insensitive form of a name or key: "E-mail " → "email". */
export function foldName(name: string): string {
	return stripAccents(name)
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

function answerMatches(answer: SurveyAnswer, selector: string): boolean {
	const wanted = foldName(selector);
	if (!wanted) return false;
	return [answer.questionId, answer.ref, answer.question].some(
		(name) => typeof name === 'string' && foldName(name) === wanted,
	);
}

function findAnswer(answers: SurveyAnswer[], selector: string | undefined): SurveyAnswer | undefined {
	if (!selector?.trim()) return undefined;
	return answers.find((answer) => answerMatches(answer, selector));
}

function findHidden(hidden: Record<string, unknown>, names: readonly string[]): unknown {
	const wanted = new Set(names.map(foldName));
	for (const [key, value] of Object.entries(hidden)) {
		if (wanted.has(foldName(key)) && value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

/* ------------------------------------------------------------------------------------------ *
 * Detection when the user names nothing.
 * ------------------------------------------------------------------------------------------ */

/** Question wordings that give a metric away, in English and French. */
const METRIC_WORDING: Record<MetricType, RegExp> = {
	nps: /recommend|recommand|\bnps\b/i,
	csat: /satisf|\bcsat\b/i,
	ces: /effort|\bces\b|\beasy\b|\bfacile\b|\bsimple\b/i,
	rating: /\brate\b|\brating\b|\bstars?\b|\bnote[zr]?\b|\betoiles?\b|étoiles?/i,
};

/** Hidden-field names that carry each person field, as survey links are usually built. */
const PERSON_FIELD_NAMES: Record<PersonField, readonly string[]> = {
	email: ['email', 'e-mail', 'email_address', 'mail', 'courriel'],
	phone: ['phone', 'phone_number', 'mobile', 'telephone', 'tel', 'portable'],
	customerId: ['customer_id', 'customerId', 'client_id', 'contact_id', 'account_id', 'user_id', 'external_id'],
	name: ['name', 'full_name', 'customer_name', 'nom', 'nom_complet'],
	segment: ['segment', 'tier', 'customer_segment'],
	value: ['customer_value', 'value', 'clv', 'revenue', 'valeur_client'],
	consent: ['consent', 'contact_consent', 'may_contact', 'opt_in'],
	touchpoint: ['touchpoint', 'touch_point', 'point_de_contact', 'journey_step'],
	locale: ['locale', 'language', 'lang', 'langue'],
};

const CONSENT_WORDING = /contact|recontact|call you|get back to you|rappel|joindre|reach you/i;
const COMMENT_WORDING = /comment|why|pourquoi|reason|raison|tell us|dites|explain|expliqu|improve|amélior|ameliorer|feedback|remarque/i;

function numericValue(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(value)) return Number(value.replace(',', '.'));
	return undefined;
}

function detectMetricAnswer(type: MetricType, answers: SurveyAnswer[], taken: Set<SurveyAnswer>): SurveyAnswer | undefined {
	const free = answers.filter((answer) => !taken.has(answer) && numericValue(answer.value) !== undefined);
	const declared = free.find((answer) => answer.measures === type);
	if (declared) return declared;
	if (type === 'nps') {
		const zeroToTen = free.find(
			(answer) => answer.scale?.min === 0 && answer.scale?.max === 10 && !answers.some((other) => other.measures === 'nps'),
		);
		if (zeroToTen) return zeroToTen;
	}
	const worded = free.find((answer) => answer.question && METRIC_WORDING[type].test(answer.question));
	if (worded) return worded;
	if (type === 'rating') return free.find((answer) => /rating|star/i.test(answer.type ?? ''));
	return undefined;
}

/** Question types that survey tools give their scales: Typeform `opinion_scale`, Tally `LINEAR_SCALE`, Qualtrics `Slider`… */
const SCORE_TYPES = /nps|net.?promoter|opinion|scale|rating|stars?|slider|likert|csat|\bces\b|smiley|thumbs|score/i;

/**
 * How sure the builder is that an answer carries a score, whichever metric it becomes:
 * `score` when the tool says so (what it measures, a declared scale, a scale question type)
 * or the question's wording does; `possible` for a number the source cannot place; `none`
 * otherwise.
 */
function scoreEvidence(answer: SurveyAnswer): 'none' | 'possible' | 'score' {
	if (isBlank(answer.value)) return 'none';
	if (answer.measures || answer.carriesScore === 'yes') return 'score';
	const number = numericValue(answer.value);
	if (number === undefined) return 'none';
	const worded = typeof answer.question === 'string' && METRIC_TYPES.some((type) => METRIC_WORDING[type].test(answer.question as string));
	if (answer.scale || worded || SCORE_TYPES.test(answer.type ?? '')) return 'score';
	if (answer.carriesScore === 'maybe') return 'possible';
	return 'none';
}

/** "How likely…" (QID1), or QID1 for a question the tool gives no wording. */
function answerLabel(answer: SurveyAnswer): string {
	return answer.question ? `"${answer.question}" (${answer.questionId})` : `question ${answer.questionId}`;
}

function unreadScoreWarning(answer: SurveyAnswer, evidence: 'possible' | 'score'): string {
	const value = JSON.stringify(answer.value);
	const use = 'name its question under Questions in the Survey Trigger to use it';
	return evidence === 'score'
		? `The answer ${value} to ${answerLabel(answer)} is a score that was not read as NPS, CSAT, CES or a rating; ${use}`
		: `The answer ${value} to ${answerLabel(answer)} may be a score: the survey tool does not say what it measures, so it was not read as one; if it is, ${use}`;
}

/* ------------------------------------------------------------------------------------------ *
 * Reading values without refusing the delivery.
 * ------------------------------------------------------------------------------------------ */

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) {
		const parts = value.map(text).filter((part): part is string => part !== null);
		return parts.length ? parts.join(', ') : null;
	}
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

const emailSchema = z.string().email();

/** Yes/no answers to "may we contact you?", in English and French, as forms send them. */
export const CONSENT_WORDS: Readonly<Record<string, boolean>> = {
	true: true,
	yes: true,
	y: true,
	oui: true,
	'1': true,
	false: false,
	no: false,
	n: false,
	non: false,
	'0': false,
};

/** What survey tools add to those: their labels for a given or refused consent. */
const TOOL_CONSENT_WORDS: Readonly<Record<string, boolean>> = { ...CONSENT_WORDS, accept: true, accepted: true, declined: false };

function consentValue(value: unknown): boolean | null | undefined {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'boolean') return value;
	const word = text(value)?.toLowerCase();
	if (word === undefined || word === null) return undefined;
	if (word in TOOL_CONSENT_WORDS) return TOOL_CONSENT_WORDS[word];
	if (/^(yes|oui)\b/.test(word)) return true;
	if (/^(no|non)\b/.test(word)) return false;
	return undefined;
}

/**
 * A language code as a BCP 47 tag: `FR` → `fr`, `pt_BR` → `pt-BR`, Qualtrics' `ZH-S` → `zh-S`.
 * Anything that is not a code (a word such as "Français") is kept as it was sent.
 */
export function localeTag(value: unknown): string | null {
	const code = text(value);
	if (!code || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(code)) return code;
	const [language, ...rest] = code.split(/[-_]/);
	return [language.toLowerCase(), ...rest.map((part) => (part.length === 4 ? part[0].toUpperCase() + part.slice(1).toLowerCase() : part.toUpperCase()))].join('-');
}

function isoTime(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	let parsed: DateTime | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) {
		parsed = value > 1e11 ? DateTime.fromMillis(value) : DateTime.fromSeconds(value);
	} else if (typeof value === 'string') {
		const trimmed = value.trim();
		parsed = DateTime.fromISO(trimmed, { setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromSQL(trimmed, { zone: 'utc' });
		if (!parsed.isValid) parsed = DateTime.fromRFC2822(trimmed, { setZone: true });
		if (!parsed.isValid && /^\d+$/.test(trimmed)) return isoTime(Number(trimmed));
	}
	return parsed?.isValid ? parsed.toUTC().toISO() : null;
}

/* ------------------------------------------------------------------------------------------ *
 * The builder.
 * ------------------------------------------------------------------------------------------ */

/**
 * Turns a tool's response into the canonical feedback. Throws a FeedbackError only for what
 * the tool itself got wrong (no response id); customer answers never refuse a delivery.
 */
export function buildFeedback(response: SurveyResponse, mapping: ResponseMapping, delivery: ResponseDelivery): Feedback {
	if (!response.responseId?.trim()) {
		throw new FeedbackError(`The ${response.source} delivery carries no response id`, 'responseId');
	}
	const warnings: string[] = [...(response.warnings ?? [])];
	const hidden = response.hidden ?? {};
	const answers = response.answers;

	const metrics: Metric[] = [];
	// The questions the user names are theirs first: detection picks among the others.
	const named = new Map(METRIC_TYPES.map((type) => [type, findAnswer(answers, mapping.questions?.[type])]));
	const taken = new Set<SurveyAnswer>([...named.values()].filter((answer): answer is SurveyAnswer => answer !== undefined));
	for (const type of METRIC_TYPES) {
		const selector = mapping.questions?.[type];
		const answer = selector?.trim() ? named.get(type) : detectMetricAnswer(type, answers, taken);
		if (selector?.trim() && !answer) {
			if (answers.length) warnings.push(`No question "${selector}" in this response, so it has no ${type.toUpperCase()} score`);
			continue;
		}
		if (!answer || answer.value === null || answer.value === undefined || answer.value === '') continue;
		taken.add(answer);
		const declaredScale = answer.scale && !answer.assumed ? { scaleMin: answer.scale.min, scaleMax: answer.scale.max } : {};
		// The tool's own scale is authoritative; the user's scale is for tools that declare none.
		const scale = type === 'nps' ? {} : { ...DEFAULT_SCALES[type], ...definedOnly(mapping.scales?.[type] ?? {}), ...declaredScale };
		try {
			metrics.push(buildMetric(type, answer.value, answer.question ?? answer.questionId, scale, answer.questionId));
		} catch (error) {
			// buildMetric only throws FeedbackErrors: the score does not fit the scale.
			warnings.push(`${(error as Error).message}; the ${type.toUpperCase()} score was left out`);
		}
	}

	/** Answers read as a person field (a customer value, a 1/0 consent): not unread scores. */
	const personAnswers = new Set<SurveyAnswer>();
	const person = (field: PersonField): unknown => {
		const fromAnswer = (answer: SurveyAnswer | undefined) => {
			if (answer) personAnswers.add(answer);
			return answer?.value;
		};
		const selector = mapping.fields?.[field]?.trim();
		if (selector) {
			const answer = findAnswer(answers, selector);
			if (answer) return fromAnswer(answer);
			const value = findHidden(hidden, [selector]);
			if (value !== undefined) return value;
		}
		const fromTool = field === 'consent' ? response.consent : response.respondent?.[field as keyof Respondent];
		if (fromTool !== undefined && fromTool !== null && fromTool !== '') return fromTool;
		const fromHidden = findHidden(hidden, PERSON_FIELD_NAMES[field]);
		if (fromHidden !== undefined) return fromHidden;
		// Some tools deliver hidden fields as answers (a Jotform hidden box): match them by name too.
		const named = PERSON_FIELD_NAMES[field].map((name) => answers.find((answer) => answerMatches(answer, name)));
		return fromAnswer(named.find((answer) => answer !== undefined) ?? detectPersonAnswer(field, answers));
	};

	const email = text(person('email'));
	const validEmail = email && emailSchema.safeParse(email).success ? email.toLowerCase() : null;
	if (email && !validEmail) warnings.push(`The email "${email}" is not a valid address; it was left out`);

	const rawValue = person('value');
	const customerValue = numericValue(rawValue) ?? null;
	if (rawValue !== undefined && rawValue !== null && rawValue !== '' && customerValue === null) {
		warnings.push(`The customer value ${JSON.stringify(rawValue)} is not a number; it was left out`);
	}

	const rawConsent = person('consent');
	const consent = consentValue(rawConsent);
	if (consent === undefined) warnings.push(`The contact consent ${JSON.stringify(rawConsent)} is not yes or no; it was left out`);

	const submittedAt = isoTime(response.submittedAt);
	if (response.submittedAt !== undefined && response.submittedAt !== null && !submittedAt) {
		warnings.push(`The submission time ${JSON.stringify(response.submittedAt)} is not a date; the arrival time was used`);
	}

	const customerId = text(person('customerId'));
	const touchpoint = text(person('touchpoint'));
	const locale = text(person('locale'));
	const phone = text(person('phone'));
	const name = text(person('name'));
	const segment = text(person('segment'));

	// Never a silent drop: a score that did not become a metric is named in the warnings.
	for (const answer of answers) {
		if (taken.has(answer) || personAnswers.has(answer)) continue;
		const evidence = scoreEvidence(answer);
		if (evidence !== 'none') warnings.push(unreadScoreWarning(answer, evidence));
	}

	const candidate: FeedbackInput = {
		id: `${response.source}:${response.responseId.trim()}`,
		revision: response.revision ?? 1,
		event: response.event ?? 'response',
		source: response.source,
		sourceEventId: response.eventId ?? response.responseId,
		surveyId: response.surveyId ?? null,
		touchpoint: touchpoint ?? response.touchpoint ?? (mapping.defaultTouchpoint || null),
		channel: response.channel ?? (mapping.channel || null),
		submittedAt: submittedAt ?? delivery.receivedAt,
		locale: localeTag(locale ?? response.locale),
		respondent: {
			id: text(response.respondent?.id) ?? customerId ?? validEmail,
			customerId,
			email: validEmail,
			phone,
			name,
			timezone: text(response.respondent?.timezone),
			segment,
			value: customerValue,
		},
		consent: { contact: consent ?? null },
		metrics,
		comment: commentOf(response, mapping),
		answers: answers.map((answer) => ({
			questionId: answer.questionId,
			question: answer.question ?? null,
			type: answer.type ?? null,
			value: answer.value,
		})),
		hidden,
		warnings,
	};
	const parsed = feedbackSchema.safeParse(candidate);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, 'feedback');
		throw new FeedbackError(`The ${response.source} response could not be read: ${message}`, field);
	}
	return parsed.data;
}

function detectPersonAnswer(field: PersonField, answers: SurveyAnswer[]): SurveyAnswer | undefined {
	switch (field) {
		case 'email':
			return answers.find((answer) => answer.format === 'email');
		case 'phone':
			return answers.find((answer) => answer.format === 'phone');
		case 'consent':
			return answers.find(
				(answer) =>
					(answer.format === 'boolean' || consentValue(answer.value) !== undefined) &&
					typeof answer.question === 'string' &&
					CONSENT_WORDING.test(answer.question) &&
					answer.format !== 'longText',
			);
		default:
			return undefined;
	}
}

function commentOf(response: SurveyResponse, mapping: ResponseMapping): string | null {
	const selector = mapping.commentQuestion?.trim();
	if (selector) return text(findAnswer(response.answers, selector)?.value);
	if (text(response.comment)) return text(response.comment);
	const textAnswers = response.answers.filter((answer) => typeof answer.value === 'string' && text(answer.value));
	const longText = textAnswers.find((answer) => answer.format === 'longText');
	const worded = textAnswers.find(
		(answer) =>
			answer.format !== 'email' &&
			answer.format !== 'phone' &&
			typeof answer.question === 'string' &&
			COMMENT_WORDING.test(answer.question),
	);
	return text((longText ?? worded)?.value);
}
