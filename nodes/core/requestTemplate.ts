/**
 * Request templates for APIs we do not know (Create Case's HTTP provider): a JSON body or a URL path typed by an ops
 * person, with `{{name}}` placeholders that Create Case fills from the case (`{{subject}}`, `{{key}}`, `{{id}}`…).
 *
 * - In a JSON body, a placeholder inside a string is replaced by its text, JSON-escaped, so a comment with quotes,
 *   backslashes or new lines cannot break the body ("Case {{key}}"); a placeholder standing alone as a value is
 *   replaced by the JSON value itself (`{{revision}}` gives 3, `{{tags}}` a list, an empty value `null`).
 * - In a URL, a placeholder is replaced by its text, percent-encoded, so a key with `/`, `?` or `&` stays one segment
 *   or one query value.
 * - Placeholder names are read without regard to case or spaces (`{{ Subject }}`). A name the call does not give is
 *   refused when the template is read, naming it and listing the known ones; so is a body that is not JSON once filled.
 * Pure: no n8n, no HTTP.
 */
import { FeedbackError } from './feedback';

/** A value a placeholder stands for. Lists are joined with ", " inside text. */
export type TemplateValue = string | number | boolean | null | readonly string[];
export type TemplateValues = Readonly<Record<string, TemplateValue | undefined>>;

type Segment = { text: string } | { placeholder: string; inString: boolean };

export interface RequestTemplate<T> {
	/** The placeholders it uses, by their known names: a provider can tell whether a value is sent at all. */
	readonly placeholders: ReadonlySet<string>;
	fill(values: TemplateValues): T;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
/** The same, matched only where it is told to start (`lastIndex`): the JSON reader walks the text itself. */
const PLACEHOLDER_HERE = /\{\{([^{}]*)\}\}/y;

/** A placeholder's text: lists joined, empty values as nothing. */
function asText(value: TemplateValue | undefined): string {
	if (value === null || value === undefined) return '';
	if (Array.isArray(value)) return value.join(', ');
	return String(value);
}

/** A value as JSON, a JSON value standing alone (a number stays a number, an empty value is null). */
function asJson(value: TemplateValue | undefined): string {
	return JSON.stringify(value === undefined ? null : value);
}

/** The text of a string as it goes between JSON quotes. */
function escapeJsonText(text: string): string {
	return JSON.stringify(text).slice(1, -1);
}

function knownName(written: string, known: ReadonlyMap<string, string>, field: string, label: string): string {
	const name = known.get(written.trim().toLowerCase());
	if (name === undefined) {
		const names = [...new Set(known.values())].map((value) => `{{${value}}}`).join(', ');
		throw new FeedbackError(`${label}: unknown placeholder {{${written.trim()}}}; this call knows ${names}`, field);
	}
	return name;
}

function foldedNames(allowed: readonly string[]): Map<string, string> {
	return new Map(allowed.map((name) => [name.toLowerCase(), name]));
}

/** Text between placeholders may not hold a stray `{{` or `}}`: a placeholder typed with one brace short. */
function literal(text: string, field: string, label: string): Segment {
	if (/\{\{|\}\}/.test(text)) throw new FeedbackError(`${label}: a placeholder is not closed, in "${text.trim().slice(0, 60)}"`, field);
	return { text };
}

/**
 * Splits a JSON template at its placeholders, noting for each whether it sits inside a JSON string. Strings are
 * followed by their quotes and backslash escapes, as JSON reads them.
 */
function jsonSegments(source: string, known: ReadonlyMap<string, string>, field: string, label: string): Segment[] {
	const segments: Segment[] = [];
	let inString = false;
	let from = 0;
	let at = 0;
	while (at < source.length) {
		const char = source[at];
		if (inString && char === '\\') {
			at += 2;
			continue;
		}
		if (char === '"') {
			inString = !inString;
			at++;
			continue;
		}
		if (char === '{' && source[at + 1] === '{') {
			PLACEHOLDER_HERE.lastIndex = at;
			const match = PLACEHOLDER_HERE.exec(source);
			// `}}` alone is JSON closing two objects; `{{` opens a placeholder, or is one typed with a brace short.
			if (!match) throw new FeedbackError(`${label}: a placeholder is not closed, in "${source.slice(at, at + 40).trim()}"`, field);
			if (at > from) segments.push({ text: source.slice(from, at) });
			segments.push({ placeholder: knownName(match[1], known, field, label), inString });
			at += match[0].length;
			from = at;
			continue;
		}
		at++;
	}
	if (from < source.length) segments.push({ text: source.slice(from) });
	return segments;
}

/** What JSON.parse says is wrong with a text, or null when it reads. */
function jsonProblem(text: string): string | null {
	try {
		JSON.parse(text);
		return null;
	} catch (error) {
		return (error as Error).message;
	}
}

/**
 * A JSON body template, checked now: every placeholder known, and the body valid JSON whatever the values
 * (tried with each placeholder empty). `fill` gives the body as a value, ready to send.
 */
export function compileJsonTemplate(
	source: unknown,
	allowed: readonly string[],
	where: { field: string; label: string },
): RequestTemplate<unknown> {
	const { field, label } = where;
	// An expression that returns an object gives the object: it is a template like any other.
	const text = typeof source === 'string' ? source : source === undefined || source === null ? '' : JSON.stringify(source);
	if (text.trim() === '') throw new FeedbackError(`${label} is empty: give the JSON body to send`, field);
	const segments = jsonSegments(text, foldedNames(allowed), field, label);
	const render = (values: TemplateValues): string =>
		segments
			.map((segment) => {
				if ('text' in segment) return segment.text;
				const value = values[segment.placeholder];
				return segment.inString ? escapeJsonText(asText(value)) : asJson(value);
			})
			.join('');
	const placeholders = new Set(segments.flatMap((segment) => ('placeholder' in segment ? [segment.placeholder] : [])));
	const problem = jsonProblem(render({}));
	if (problem !== null) {
		throw new FeedbackError(
			`${label} is not valid JSON once its placeholders are filled (${problem}). Put a placeholder inside quotes for text ("{{subject}}"), or alone for a value ({{revision}})`,
			field,
		);
	}
	return { placeholders, fill: (values) => JSON.parse(render(values)) as unknown };
}

/**
 * A URL template. `path` (default): a path under the credential's base URL (`/tickets/{{id}}`,
 * `/tickets?external_id={{key}}`); full URLs are refused, as the credential is sent only to its own base URL.
 * `link`: a full http(s) address a person opens (`https://support.example.com/tickets/{{id}}`), never called.
 */
export function compileUrlTemplate(
	source: unknown,
	allowed: readonly string[],
	where: { field: string; label: string; kind?: 'link' | 'path' },
): RequestTemplate<string> {
	const { field, label } = where;
	const text = typeof source === 'string' ? source.trim() : '';
	const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('//');
	if (where.kind === 'link') {
		if (!/^https?:\/\/[^/?#]/i.test(text)) throw new FeedbackError(`${label}: give a full address starting with https://, e.g. https://support.example.com/tickets/{{id}}`, field);
	} else if (text === '') {
		throw new FeedbackError(`${label} is empty: give a path under the credential's Base URL, e.g. /tickets`, field);
	} else if (full) {
		throw new FeedbackError(
			`${label}: give a path under the credential's Base URL (e.g. /tickets/{{id}}), not a full URL; the credential is only sent to its Base URL`,
			field,
		);
	}
	const known = foldedNames(allowed);
	const segments: Segment[] = [];
	let from = 0;
	for (const match of text.matchAll(PLACEHOLDER)) {
		if ((match.index ?? 0) > from) segments.push(literal(text.slice(from, match.index), field, label));
		segments.push({ placeholder: knownName(match[1], known, field, label), inString: false });
		from = (match.index ?? 0) + match[0].length;
	}
	if (from < text.length) segments.push(literal(text.slice(from), field, label));
	const placeholders = new Set(segments.flatMap((segment) => ('placeholder' in segment ? [segment.placeholder] : [])));
	return {
		placeholders,
		fill: (values) =>
			segments.map((segment) => ('text' in segment ? segment.text : encodeURIComponent(asText(values[segment.placeholder])))).join(''),
	};
}
