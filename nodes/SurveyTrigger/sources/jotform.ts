/**
 * Jotform: form submissions from a form's webhook.
 *
 * Jotform POSTs `multipart/form-data` whose text fields include `formID`, `submissionID`,
 * `formTitle`, `username`, `ip`, `type`, `pretty` ("Question:Answer, Question:Answer") and
 * `rawRequest`, a JSON string of the submitted fields keyed `q<id>_<unique name>`
 * (`q3_howLikely`, `q5_email`, `q6_name: { first, last }`, `q7_phoneNumber: { full }`…) next
 * to Jotform's own bookkeeping (`slug`, `event_id`, `path`, `temp_upload`…). The node hands the
 * text fields over as an object of strings.
 *
 * The webhook carries no field types or scales, so an answer's kind is read from its key and
 * its value; question texts come from `pretty` when it can be split safely. Jotform signs
 * nothing, so there is no `verifySignature`: the node offers a shared-secret header or basic auth.
 */
import { z } from 'zod';

import { FeedbackError, describeIssues, describeValue } from '../../core/feedback';
import type { AnswerFormat, SurveyAnswer, SurveyResponse } from '../../core/surveyResponse';
import { foldName } from '../../core/surveyResponse';
import { idValue, toolObject } from './schemas';
import type { SourceEvent, SurveySource } from './types';
import { decodeEntities, isRecord, numberOf } from '../../core/values';

const SOURCE_NAME = 'jotform';

/** `q3_howLikely` → question 3, unique name `howLikely`. */
const ANSWER_KEY = /^q(\d+)_(.+)$/;

/** Keys Jotform adds to `rawRequest` about the form session itself; they are not answers or hidden fields. */
const JOTFORM_KEYS = new Set([
	'buildDate',
	'embedUrl',
	'event_id',
	'eventObserver',
	'file_server',
	'formID',
	'jsExecutionTracker',
	'path',
	'preview',
	'simple_spc',
	'slug',
	'submitDate',
	'submitSource',
	'submissionID',
	'temp_upload',
	'timeToSubmit',
	'uploadServerUrl',
	'validatedNewRequiredFieldIDs',
	'website',
]);

const fieldsSchema = toolObject({
	formID: idValue.optional(),
	submissionID: idValue.pipe(z.string().min(1, 'must not be empty')),
	rawRequest: z.union([z.string(), z.record(z.unknown())]),
	pretty: z.string().optional(),
});

const emailSchema = z.string().email();

export const jotformSource: SurveySource = {
	key: 'jotform',
	name: SOURCE_NAME,
	displayName: 'Jotform',
	summary: 'Form submissions from a Jotform webhook',
	signature: 'none',
	mapping: 'questions',
	read(delivery): SourceEvent {
		const body = delivery.body;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			throw new FeedbackError(
				`A Jotform webhook body is form data (formID, submissionID, rawRequest…), got ${describeValue(body)}`,
				'body',
			);
		}
		const parsed = fieldsSchema.safeParse(body);
		if (!parsed.success) {
			const { message, field } = describeIssues(parsed.error);
			throw new FeedbackError(`The Jotform submission could not be read: ${message}`, field);
		}
		const fields = parsed.data;
		const raw = readRawRequest(fields.rawRequest);
		const submissionId = fields.submissionID;
		return {
			kind: 'response',
			dedupKey: submissionId,
			response: submissionOf(raw, submissionId, fields.formID || null, fields.pretty ?? ''),
		};
	},
};

function readRawRequest(value: string | Record<string, unknown>): Record<string, unknown> {
	const raw = typeof value === 'string' ? parseJson(value) : { value };
	if ('error' in raw) {
		throw new FeedbackError(
			`The Jotform field "rawRequest" is not valid JSON (${raw.error}); it should hold the submitted answers`,
			'rawRequest',
		);
	}
	if (!isRecord(raw.value)) {
		throw new FeedbackError(
			`The Jotform field "rawRequest" should be a JSON object of answers, got ${describeValue(raw.value)}`,
			'rawRequest',
		);
	}
	return raw.value;
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

interface JotformAnswer extends SurveyAnswer {
	/** The unique name, e.g. `howLikely`. */
	ref: string;
	/** How `pretty` may write the value, to find the question text in front of it. */
	shown: string[];
}

function submissionOf(
	raw: Record<string, unknown>,
	submissionId: string,
	formId: string | null,
	pretty: string,
): SurveyResponse {
	const answers: JotformAnswer[] = [];
	const hidden: Record<string, unknown> = {};
	let name: string | null = null;

	// File uploads: `temp_upload.q5_identityProof` names the question, `identityProof` holds the URLs.
	const uploads = new Map<string, string>();
	if (isRecord(raw.temp_upload)) {
		for (const key of Object.keys(raw.temp_upload)) {
			const match = ANSWER_KEY.exec(key);
			if (match) uploads.set(match[2], match[1]);
		}
	}

	for (const [key, value] of Object.entries(raw)) {
		const match = ANSWER_KEY.exec(key);
		if (match) {
			const answer = answerOf(`q${match[1]}`, match[2], value);
			if (!answer) continue;
			answers.push(answer);
			if (name === null && isFullName(value)) name = typeof answer.value === 'string' ? answer.value : null;
			continue;
		}
		if (uploads.has(key)) {
			const urls = stringList(value);
			if (urls.length) {
				answers.push({
					questionId: `q${uploads.get(key)}`,
					ref: key,
					question: null,
					type: null,
					value: urls,
					format: null,
					shown: [urls.map(fileName).join(' ')],
				});
			}
			continue;
		}
		if (JOTFORM_KEYS.has(key) || isEmpty(value)) continue;
		// A plain key is a value the sender attached (e.g. `customer_id` passed in the form's URL).
		hidden[key] = typeof value === 'string' ? decodeEntities(value) : value;
	}

	const questions = questionTexts(decodeEntities(pretty), answers);
	const respondent: SurveyResponse['respondent'] = {};
	if (name) respondent.name = name;

	return {
		source: SOURCE_NAME,
		responseId: submissionId,
		event: 'response',
		revision: 1,
		surveyId: formId,
		submittedAt: submittedAt(raw.submitDate),
		answers: answers.map((answer) => ({
			questionId: answer.questionId,
			ref: answer.ref,
			question: questions.get(answer) ?? null,
			type: null,
			value: answer.value,
			format: answer.format ?? null,
			...(mayBeScore(answer) ? { carriesScore: 'maybe' as const } : {}),
		})),
		hidden,
		respondent,
	};
}

/* ------------------------------------------------------------------------------------------ *
 * Answers: what each value is, read from its key and its shape.
 * ------------------------------------------------------------------------------------------ */

function answerOf(questionId: string, ref: string, value: unknown): JotformAnswer | undefined {
	if (isEmpty(value)) return undefined;
	const base = { questionId, ref, question: null, type: null };
	const byName = formatFromName(ref);

	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		const text = typeof value === 'string' ? decodeEntities(value).trim() : String(value);
		return { ...base, value: typeof value === 'string' ? text : value, format: scalarFormat(ref, text), shown: [text] };
	}
	if (Array.isArray(value)) {
		const choices = stringList(value);
		if (choices.length === value.length) {
			return {
				...base,
				value: choices,
				format: byName ?? 'choice',
				shown: [choices.join(' '), choices.join(', '), choices.join('\n')],
			};
		}
		return { ...base, value, format: byName, shown: [] };
	}
	if (!isRecord(value)) return { ...base, value, format: byName, shown: [] };

	if (isFullName(value)) {
		const full = ['prefix', 'first', 'middle', 'last', 'suffix']
			.map((part) => textOf(value[part]))
			.filter(Boolean)
			.join(' ');
		return { ...base, value: full, format: 'shortText', shown: [full] };
	}
	if (isPhone(value)) {
		const full = textOf(value.full);
		const parts = ['country', 'area', 'phone'].map((part) => textOf(value[part])).filter(Boolean);
		const phone = full || parts.join(' ');
		const shown = full ? [full] : [parts.join(' '), parts.join(''), `(${textOf(value.area)}) ${textOf(value.phone)}`];
		return { ...base, value: phone, format: 'phone', shown };
	}
	const date = dateOf(value);
	if (date) return { ...base, value: date.iso, format: 'date', shown: date.shown };

	// Addresses, appointments, tables…: kept as Jotform sent them.
	const parts = Object.values(value).map(textOf).filter(Boolean);
	return { ...base, value, format: byName, shown: parts.length ? [parts.join(' ')] : [] };
}

/**
 * The widest range CX scales span, from -10 to 100 (NPS 0-10, 0-100 satisfaction sliders, -3..+3
 * differentials). Jotform sends no field types, so a number in it may be a scale, star or NPS
 * widget's score; an order number or an amount outside it is not taken for one.
 */
const CX_SCALE_RANGE = { min: -10, max: 100 };

function mayBeScore(answer: SurveyAnswer): boolean {
	const number = answer.format === 'number' ? numberOf(answer.value) : null;
	return number !== null && number >= CX_SCALE_RANGE.min && number <= CX_SCALE_RANGE.max;
}

/** Email and phone fields by their unique name (`email`, `yourEmail`, `phoneNumber`, `mobile`…). */
function formatFromName(name: string): AnswerFormat | null {
	const folded = foldName(name).replace(/\d+$/, '');
	if (/(e?mail|courriel)(address|adresse)?$/.test(folded)) return 'email';
	if (/(phone|phonenumber|mobile|mobilenumber|telephone|whatsapp)$/.test(folded) || /^tel$/.test(folded)) return 'phone';
	return null;
}

function scalarFormat(name: string, text: string): AnswerFormat | null {
	const byName = formatFromName(name);
	if (byName) return byName;
	if (text.includes('@') && emailSchema.safeParse(text).success) return 'email';
	const digits = text.replace(/\D/g, '').length;
	// International numbers, or national ones written with separators: (555) 555-0123, 06 12 34 56 78.
	if (/^\+\d[\d\s().-]{6,}$/.test(text) && digits >= 8) return 'phone';
	if (/^\(?\d{2,4}\)?([\s.-]\d{2,4}){2,4}$/.test(text) && digits >= 9) return 'phone';
	// Scale, NPS and star-rating widgets send the score as digits.
	if (/^-?\d+([.,]\d+)?$/.test(text)) return 'number';
	if (text.includes('\n') || /comment|feedback|reason|why|suggest|improve|explain|remark|tellus/i.test(name)) return 'longText';
	return null;
}

function isFullName(value: unknown): boolean {
	return isRecord(value) && ('first' in value || 'last' in value) && !('full' in value);
}

function isPhone(value: Record<string, unknown>): boolean {
	return 'full' in value || ('area' in value && 'phone' in value);
}

function dateOf(value: Record<string, unknown>): { iso: string; shown: string[] } | undefined {
	const [year, month, day] = [textOf(value.year), textOf(value.month), textOf(value.day)];
	if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return undefined;
	const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
	return {
		iso,
		shown: [`${month} ${day} ${year}`, `${day} ${month} ${year}`, `${month}-${day}-${year}`, `${month}/${day}/${year}`, iso],
	};
}

function submittedAt(value: unknown): string | number | null {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' || !value.trim()) return null;
	return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim();
}

/* ------------------------------------------------------------------------------------------ *
 * Question texts from `pretty`.
 *
 * `pretty` joins "Question:Answer" with ", ", only for answered fields, in form order; both the
 * question and the answer may themselves contain ":" and ", ". It is split by looking for the
 * answers we know: from the current position, the earliest ":<answer>" that is followed by ", "
 * or the end closes one entry, and the text before it is that entry's question. A question is
 * kept only if it is certain to be one question, not an entry we could not recognise glued to
 * the next one (such a glued entry always brings a ":"): it starts like the field's unique name
 * (Jotform derives the name from the question's first words), or it has no ":" of its own; from
 * a glued entry, only the part that starts like the field name is kept. Otherwise the answer keeps
 * no question text; it can still be named by its id or unique name.
 * ------------------------------------------------------------------------------------------ */

function questionTexts(pretty: string, answers: JotformAnswer[]): Map<SurveyAnswer, string> {
	const texts = new Map<SurveyAnswer, string>();
	const open = answers.filter((answer) => answer.shown.some(Boolean));
	let cursor = 0;
	while (cursor < pretty.length && open.length) {
		let best: { at: number; end: number; length: number; answers: JotformAnswer[] } | undefined;
		for (const answer of open) {
			for (const shown of answer.shown) {
				if (!shown) continue;
				const found = findEntryEnd(pretty, `:${shown}`, cursor);
				if (!found) continue;
				if (!best || found.at < best.at || (found.at === best.at && shown.length > best.length)) {
					best = { ...found, length: shown.length, answers: [answer] };
				} else if (found.at === best.at && shown.length === best.length && !best.answers.includes(answer)) {
					best.answers.push(answer);
				}
			}
		}
		if (!best) break;
		const question = pretty.slice(cursor, best.at).trim();
		// Several answers with this value here (two "Yes"): the one whose name the question starts
		// with, else the first in rawRequest order, which is the form's order like `pretty`'s.
		const answer = best.answers.find((candidate) => startsLikeName(question, candidate.ref)) ?? best.answers[0];
		open.splice(open.indexOf(answer), 1);
		const text = questionOf(question, answer.ref);
		if (text) texts.set(answer, text);
		cursor = best.end;
	}
	return texts;
}

/** Where `needle` occurs from `from` on as a whole entry value: followed by ", " or the end. */
function findEntryEnd(pretty: string, needle: string, from: number): { at: number; end: number } | undefined {
	let at = pretty.indexOf(needle, from);
	while (at >= 0) {
		const after = at + needle.length;
		if (after === pretty.length) return { at, end: after };
		if (pretty.startsWith(', ', after)) return { at, end: after + 2 };
		at = pretty.indexOf(needle, at + 1);
	}
	return undefined;
}

/**
 * The question of an entry, or null when it cannot be vouched for. When an unrecognised entry is
 * glued in front ("Address:1 rue de la Paix, Comments"), the part after one of its ", " that starts
 * like the field name is the question.
 */
function questionOf(text: string, uniqueName: string): string | null {
	if (!text) return null;
	if (startsLikeName(text, uniqueName) || !text.replace(/[\s:]+$/, '').includes(':')) return text;
	for (let at = text.indexOf(', '); at >= 0; at = text.indexOf(', ', at + 1)) {
		const rest = text.slice(at + 2).trim();
		if (startsLikeName(rest, uniqueName)) return rest;
	}
	return null;
}

/** Jotform names a field after its question's first words: "How likely are you…" → `howLikely`, `howLikely12`. */
function startsLikeName(question: string, uniqueName: string): boolean {
	const name = foldName(uniqueName.replace(/\d+$/, ''));
	return name.length >= 3 && foldName(question).startsWith(name);
}

/* ------------------------------------------------------------------------------------------ *
 * Small helpers.
 * ------------------------------------------------------------------------------------------ */

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.every(isEmpty);
	if (isRecord(value)) return Object.values(value).every(isEmpty);
	return false;
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return decodeEntities(value).trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

function stringList(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.map(textOf).filter(Boolean);
}

/** `https://…/uploads/…/Report%20Card.pdf` → `Report Card.pdf`, as `pretty` shows uploads. */
function fileName(url: string): string {
	const last = url.split('/').pop() ?? url;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

