/**
 * The alert message an owner gets for a bad experience, and its masked twin for shared channels.
 *
 * Templates (one `subject` line and a `body` per language) are validated once by
 * `compileAlertTemplates`, then rendered per item by `renderAlertMessage` as a one-line subject,
 * plain text and simple HTML (for n8n's Send Email, Slack, Teams and SMS nodes).
 *
 * Template rules:
 * - Placeholders are `{{name}}` with dotted names (ALERT_PLACEHOLDERS); an unknown one is refused up front.
 * - Empty values: a line whose placeholders are all empty is dropped. A line can be cut into parts by
 *   " — " (space, em dash, space): a part whose placeholders are all empty is dropped with its
 *   separator, so "{{customer.name}} — {{customer.segment}}" reads "Jane Doe" when the segment is
 *   unknown. Any other empty value shows as "—". Lines without placeholders always stay.
 * - A line starting with "- " is a list item; with a list placeholder (`topics`, `reasons`) it is
 *   repeated once per value. Elsewhere a list reads "a, b".
 * - `**bold**` is the only markup: <strong> in HTML, plain in text. Everything else a template says,
 *   and every value, is HTML-escaped. `{{link}}` becomes <a href> and only http(s) links are kept.
 *
 * Masking (the shared rendering, and both with `maskPersonalData`): the customer's name becomes
 * initials ("J. D."), email and phone are hidden (their lines drop), and emails, phone numbers and the
 * customer's name written inside the comment or the reasons are replaced. The customer id stays, so
 * the team can find the case without the contact details. The owner's rendering keeps the comment
 * as written.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Category, ClosedLoopItem, MetricType } from './feedback';
import { FeedbackError, describeIssues } from './feedback';
import { METRIC_LABELS } from './scoring';
import { stripAccents } from './textFolding';

export const ALERT_LANGUAGES = ['en', 'fr'] as const;
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number];

/** Every placeholder a template may use. */
export const ALERT_PLACEHOLDERS = [
	'owner.name',
	'coach.name',
	'customer.name',
	/** "Jane D.": first name and last initial, for subjects and SMS. */
	'customer.shortName',
	'customer.email',
	'customer.phone',
	/** `respondent.customerId`, else the survey tool's respondent id; kept when masked, to find the case. */
	'customer.id',
	'customer.segment',
	/** The driving metric: "NPS 3/10", "CSAT 2/5". */
	'score',
	/** In the alert's language: "Detractor", "Détracteur". */
	'category',
	'priority',
	'comment',
	/** Topic labels, and `reasons` the caller's matched conditions: lists. */
	'topics',
	'reasons',
	'rule',
	'touchpoint',
	/** In the compiled time zone (UTC by default), written the language's way. */
	'submittedAt',
	'link',
	'response.id',
] as const;
export type AlertPlaceholder = (typeof ALERT_PLACEHOLDERS)[number];

const LIST_PLACEHOLDERS: ReadonlySet<AlertPlaceholder> = new Set(['topics', 'reasons']);
const PLACEHOLDER_BY_FOLDED_NAME = new Map(ALERT_PLACEHOLDERS.map((name) => [name.toLowerCase(), name]));

export interface AlertTemplate {
	/** One line: the email subject, or an SMS on its own. */
	subject: string;
	/** Lines of text; see the file header for the rules. */
	body: string;
}
export type UserAlertTemplates = Partial<Record<AlertLanguage, Partial<AlertTemplate>>>;

/** Separates the parts of a line that are dropped on their own when their values are empty. */
const PART_SEPARATOR = ' — ';
/** What an empty value reads as inside a part that is kept. */
const EMPTY_VALUE = '—';
/** French typography: a no-break space before a colon and inside « ». */
const NBSP = '\u00a0';

export const DEFAULT_ALERT_TEMPLATES: Readonly<Record<AlertLanguage, AlertTemplate>> = {
	en: {
		subject: '{{category}} ({{score}}) — {{topics}} — {{customer.shortName}}',
		body: [
			'**{{category}}** — {{rule}}',
			'**Owner:** {{owner.name}} — **Coach:** {{coach.name}}',
			'',
			'**Customer:** {{customer.name}} — {{customer.segment}}',
			'**Customer ID:** {{customer.id}}',
			'**Email:** {{customer.email}}',
			'**Phone:** {{customer.phone}}',
			'**Score:** {{score}}',
			'**Priority:** {{priority}}',
			'**Touchpoint:** {{touchpoint}}',
			'**Submitted:** {{submittedAt}}',
			'**Comment:** “{{comment}}”',
			'**Topics:** {{topics}}',
			'',
			'**Why this alert:**',
			'- {{reasons}}',
			'',
			'Open the response: {{link}}',
		].join('\n'),
	},
	fr: {
		subject: '{{category}} ({{score}}) — {{topics}} — {{customer.shortName}}',
		body: [
			'**{{category}}** — {{rule}}',
			`**Responsable${NBSP}:** {{owner.name}} — **Coach${NBSP}:** {{coach.name}}`,
			'',
			`**Client${NBSP}:** {{customer.name}} — {{customer.segment}}`,
			`**N° client${NBSP}:** {{customer.id}}`,
			`**E-mail${NBSP}:** {{customer.email}}`,
			`**Téléphone${NBSP}:** {{customer.phone}}`,
			`**Note${NBSP}:** {{score}}`,
			`**Priorité${NBSP}:** {{priority}}`,
			`**Point de contact${NBSP}:** {{touchpoint}}`,
			`**Reçue le${NBSP}:** {{submittedAt}}`,
			`**Commentaire${NBSP}:** «${NBSP}{{comment}}${NBSP}»`,
			`**Sujets${NBSP}:** {{topics}}`,
			'',
			`**Pourquoi cette alerte${NBSP}:**`,
			'- {{reasons}}',
			'',
			`Voir la réponse${NBSP}: {{link}}`,
		].join('\n'),
	},
};

/** The words each language needs besides its templates. */
const VOCABULARY: Readonly<
	Record<
		AlertLanguage,
		{
			categories: Record<Category, string>;
			metrics: Record<MetricType, string>;
			emailHidden: string;
			phoneHidden: string;
			decimalSeparator: string;
			dateFormat: string;
		}
	>
> = {
	en: {
		categories: {
			detractor: 'Detractor',
			passive: 'Passive',
			promoter: 'Promoter',
			dissatisfied: 'Dissatisfied',
			neutral: 'Neutral',
			satisfied: 'Satisfied',
			difficult: 'Difficult',
			easy: 'Easy',
		},
		metrics: METRIC_LABELS,
		emailHidden: '[email hidden]',
		phoneHidden: '[phone hidden]',
		decimalSeparator: '.',
		dateFormat: 'd MMM yyyy, HH:mm',
	},
	fr: {
		categories: {
			detractor: 'Détracteur',
			passive: 'Passif',
			promoter: 'Promoteur',
			dissatisfied: 'Insatisfait',
			neutral: 'Neutre',
			satisfied: 'Satisfait',
			difficult: 'Difficile',
			easy: 'Facile',
		},
		metrics: { ...METRIC_LABELS, rating: 'Étoiles' },
		emailHidden: '[e-mail masqué]',
		phoneHidden: '[téléphone masqué]',
		decimalSeparator: ',',
		dateFormat: "d MMM yyyy 'à' HH:mm",
	},
};

/** A piece of a template line: literal text, or a placeholder; each bold or not. */
type Segment = { text: string; bold: boolean } | { placeholder: AlertPlaceholder; bold: boolean };
interface TemplateLine {
	/** Starts with "- ": an HTML list item, repeated per value of its list placeholder. */
	item: boolean;
	blank: boolean;
	parts: Segment[][];
}
interface CompiledTemplate {
	subject: TemplateLine;
	body: TemplateLine[];
}

export interface CompiledAlertTemplates {
	readonly templates: Readonly<Record<AlertLanguage, CompiledTemplate>>;
	/** IANA zone the submitted time is shown in. */
	readonly timeZone: string;
}

export interface AlertTemplateOptions {
	/** IANA time zone for `{{submittedAt}}` (e.g. "Europe/Paris"); UTC when absent. */
	timeZone?: string;
	/** The templates a language or part left out falls back to: the alert's, or another message's (a case). */
	defaults?: Readonly<Record<AlertLanguage, AlertTemplate>>;
	/** What the messages are, as errors name them: "Alert" (default) or "Case". */
	label?: string;
}

const templateSchema = z.object({ subject: z.string().optional(), body: z.string().optional() }).strict();
const userTemplatesSchema = z.object({ en: templateSchema.optional(), fr: templateSchema.optional() }).strict();

/** Validates the user's templates (any language or part left out takes the default) and the time zone. */
export function compileAlertTemplates(
	userTemplates: unknown = {},
	options: AlertTemplateOptions = {},
): CompiledAlertTemplates {
	const label = options.label ?? 'Alert';
	const defaults = options.defaults ?? DEFAULT_ALERT_TEMPLATES;
	const given = userTemplates ?? {};
	if (typeof given === 'object' && !Array.isArray(given)) {
		const unsupported = Object.keys(given).filter((key) => !(ALERT_LANGUAGES as readonly string[]).includes(key));
		if (unsupported.length) {
			throw new FeedbackError(
				`${label} templates are given for "${unsupported.join('", "')}", but only ${ALERT_LANGUAGES.join(' and ')} are supported`,
				'templates',
				'Other languages get the English template; write it in the language your owners read',
			);
		}
	}
	const parsed = userTemplatesSchema.safeParse(given);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, 'templates');
		throw new FeedbackError(`${label} templates: ${message}`, field);
	}
	const timeZone = options.timeZone?.trim() || 'UTC';
	if (!DateTime.fromMillis(0, { zone: timeZone }).isValid) {
		throw new FeedbackError(`${label} time zone "${timeZone}" is not a known IANA zone (e.g. "Europe/Paris")`, 'timeZone');
	}
	const templates = Object.fromEntries(
		ALERT_LANGUAGES.map((language) => {
			const template = { ...defaults[language], ...definedParts(parsed.data[language]) };
			const field = `templates.${language}`;
			if (template.subject.includes('\n')) {
				throw new FeedbackError(`${label} template ${field}.subject must be one line`, `${field}.subject`);
			}
			if (template.body.trim() === '') {
				throw new FeedbackError(`${label} template ${field}.body is empty`, `${field}.body`);
			}
			const compiled: CompiledTemplate = {
				subject: compileLine(template.subject, `${label} template ${field}.subject`, `${field}.subject`, false),
				body: template.body.split(/\r?\n/).map((line, index) => compileLine(line, `${label} template ${field}.body, line ${index + 1}`, `${field}.body`, true)),
			};
			return [language, compiled];
		}),
	) as Record<AlertLanguage, CompiledTemplate>;
	return { templates, timeZone };
}

function definedParts(template: Partial<AlertTemplate> | undefined): Partial<AlertTemplate> {
	return Object.fromEntries(Object.entries(template ?? {}).filter(([, value]) => value !== undefined));
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function compileLine(source: string, where: string, field: string, listItems: boolean): TemplateLine {
	const item = listItems && /^\s*- /.test(source);
	const line = item ? source.replace(/^\s*- /, '') : source;
	const segments: Segment[] = [];
	let bold = false;
	const addText = (text: string) => {
		if (/\{\{|\}\}/.test(text)) throw new FeedbackError(`${where}: a placeholder is not closed, in "${text.trim()}"`, field);
		text.split('**').forEach((run, index) => {
			if (index > 0) bold = !bold;
			if (run) segments.push({ text: run, bold });
		});
	};
	let from = 0;
	for (const match of line.matchAll(PLACEHOLDER)) {
		addText(line.slice(from, match.index));
		segments.push({ placeholder: knownPlaceholder(match[1], where, field), bold });
		from = (match.index ?? 0) + match[0].length;
	}
	addText(line.slice(from));
	if (bold) throw new FeedbackError(`${where}: a ** opens bold text but none closes it`, field);
	return { item, blank: line.trim() === '', parts: splitParts(segments) };
}

function knownPlaceholder(written: string, where: string, field: string): AlertPlaceholder {
	const name = PLACEHOLDER_BY_FOLDED_NAME.get(written.trim().toLowerCase());
	if (!name) {
		throw new FeedbackError(
			`${where}: unknown placeholder {{${written.trim()}}}. Known placeholders: ${ALERT_PLACEHOLDERS.map((known) => `{{${known}}}`).join(', ')}`,
			field,
		);
	}
	return name;
}

/** Cuts a line's segments into parts at each PART_SEPARATOR found in its text. */
function splitParts(segments: Segment[]): Segment[][] {
	const parts: Segment[][] = [[]];
	for (const segment of segments) {
		if (!('text' in segment)) {
			parts[parts.length - 1].push(segment);
			continue;
		}
		segment.text.split(PART_SEPARATOR).forEach((text, index) => {
			if (index > 0) parts.push([]);
			if (text) parts[parts.length - 1].push({ text, bold: segment.bold });
		});
	}
	return parts;
}

/** Who the alert goes to; only the name is shown, as a colleague's name is no customer data. */
export interface AlertPerson {
	name?: string | null;
}

export interface AlertMessageInput {
	/** The canonical item; `classification` gives the category, topics and priority when present. */
	item: Pick<ClosedLoopItem, 'feedback' | 'classification'>;
	owner: AlertPerson;
	coach?: AlertPerson | null;
	/** The name of the rule that matched. */
	rule: string;
	/** The matched conditions as the reader should see them. */
	reasons: readonly string[];
	/** The response in the survey tool or the case; only http(s) links are shown. */
	link?: string | null;
	/** Mask the owner's rendering too, for programmes that keep contact details in the case only. */
	maskPersonalData?: boolean;
}

export interface RenderedAlert {
	subject: string;
	text: string;
	html: string;
}

export interface AlertMessage {
	language: AlertLanguage;
	/** For the owner: the customer's contact details to call back (masked with `maskPersonalData`). */
	owner: RenderedAlert;
	/** For shared channels (Slack, Teams): name as initials, no email or phone, also not in the comment. */
	shared: RenderedAlert;
	/** What was left out and why (a link that is not http(s)); the message is still complete otherwise. */
	warnings: string[];
}

/** The alert's language: the feedback's locale, else the comment's language, else English. */
export function alertLanguage(item: Pick<ClosedLoopItem, 'feedback' | 'classification'>): AlertLanguage {
	return (
		supportedLanguage(item.feedback.locale) ?? supportedLanguage(item.classification?.sentiment?.language) ?? 'en'
	);
}

function supportedLanguage(tag: string | null | undefined): AlertLanguage | undefined {
	const primary = typeof tag === 'string' ? tag.trim().toLowerCase().split(/[-_]/)[0] : '';
	return (ALERT_LANGUAGES as readonly string[]).includes(primary) ? (primary as AlertLanguage) : undefined;
}

export function renderAlertMessage(compiled: CompiledAlertTemplates, input: AlertMessageInput): AlertMessage {
	const language = alertLanguage(input.item);
	const template = compiled.templates[language];
	const warnings: string[] = [];
	const link = safeLink(input.link, warnings);
	const shared = renderWith(template, placeholderValues(input, language, compiled.timeZone, link, true));
	const owner = input.maskPersonalData
		? shared
		: renderWith(template, placeholderValues(input, language, compiled.timeZone, link, false));
	return { language, owner, shared: { ...shared }, warnings };
}

function safeLink(link: string | null | undefined, warnings: string[]): string | null {
	if (link === undefined || link === null || link.trim() === '') return null;
	let url: URL;
	try {
		url = new URL(link.trim());
	} catch {
		warnings.push('The response link is not a valid URL, so the message has no link');
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		warnings.push(`The response link is a ${url.protocol} address; only http and https links are shown`);
		return null;
	}
	if (url.username || url.password) {
		warnings.push('The response link carries a user name or password, so it is left out of the message');
		return null;
	}
	return url.href;
}

/** A placeholder's value: text, a list, or the link (which HTML renders as an anchor). */
type Value = string | readonly string[];

function placeholderValues(
	input: AlertMessageInput,
	language: AlertLanguage,
	timeZone: string,
	link: string | null,
	masked: boolean,
): Record<AlertPlaceholder, Value> {
	const { feedback, classification } = input.item;
	const words = VOCABULARY[language];
	const customer = feedback.respondent;
	const name = clean(customer.name);
	const maskText = (text: string) => maskPersonalText(text, { language, customerName: name });
	const comment = clean(feedback.comment);
	const reasons = input.reasons.map(clean).filter((reason) => reason !== '');
	return {
		'owner.name': clean(input.owner.name),
		'coach.name': clean(input.coach?.name),
		'customer.name': masked ? initials(name) : name,
		'customer.shortName': masked ? initials(name) : shortName(name),
		'customer.email': masked ? '' : clean(customer.email),
		'customer.phone': masked ? '' : clean(customer.phone),
		'customer.id': clean(customer.customerId ?? customer.id),
		'customer.segment': clean(customer.segment),
		score: formatScore(input.item, language),
		category: classification?.category ? words.categories[classification.category] : '',
		priority: clean(classification?.priority),
		comment: masked ? maskText(comment) : comment,
		topics: (classification?.topics ?? []).map((topic) => clean(topic.label)).filter((label) => label !== ''),
		reasons: masked ? reasons.map(maskText) : reasons,
		rule: clean(input.rule),
		touchpoint: clean(feedback.touchpoint),
		submittedAt: formatTime(feedback.submittedAt, language, timeZone),
		link: link ?? '',
		'response.id': clean(feedback.id),
	};
}

function clean(value: string | null | undefined): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** The driving metric as people read it: "NPS 3/10", "CSAT 2/5"; a scale not starting at 0 or 1 is spelled out. */
function formatScore(item: AlertMessageInput['item'], language: AlertLanguage): string {
	const primary = item.classification?.primaryMetric;
	const metrics = item.classification?.metrics.length ? item.classification.metrics : item.feedback.metrics;
	const metric = metrics.find((candidate) => candidate.type === primary) ?? metrics[0];
	if (!metric) return '';
	const words = VOCABULARY[language];
	const number = (value: number) => String(value).replace('.', words.decimalSeparator);
	const score =
		metric.scaleMin === 0 || metric.scaleMin === 1
			? `${number(metric.score)}/${number(metric.scaleMax)}`
			: `${number(metric.score)} (${number(metric.scaleMin)}–${number(metric.scaleMax)})`;
	return `${words.metrics[metric.type]} ${score}`;
}

function formatTime(submittedAt: string, language: AlertLanguage, timeZone: string): string {
	const time = DateTime.fromISO(submittedAt, { zone: timeZone, locale: language });
	if (!time.isValid) return submittedAt;
	return `${time.toFormat(VOCABULARY[language].dateFormat)} ${timeZone === 'UTC' ? 'UTC' : `(${timeZone})`}`;
}

function nameWords(name: string): string[] {
	return name.split(/\s+/).filter((word) => word !== '');
}

/** "Jane Doe" → "J. D.", "Jean-Pierre Martin" → "J.-P. M.". */
function initials(name: string): string {
	return nameWords(name)
		.map((word) =>
			word
				.split('-')
				.filter((piece) => piece !== '')
				.map((piece) => `${[...piece][0].toUpperCase()}.`)
				.join('-'),
		)
		.join(' ');
}

/** "Jane Doe" → "Jane D.": enough for the owner to recognise a customer in a subject line. */
function shortName(name: string): string {
	const words = nameWords(name);
	if (words.length < 2) return name;
	return `${words[0]} ${initials(words[words.length - 1])}`;
}

/** Starts only where a run of address characters starts, so a long run without "@" is read once, not once per character. */
const EMAIL_IN_TEXT = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/**
 * A phone number as customers type them: "06 12 34 56 78", "06.12.34.56.78", "+33 (0)6 12 34 56 78",
 * "0033 6…", "+1 (514) 555-0199", "+44 20 7946 0958". Kept to 8-15 digits (E.164 has at most 15),
 * and dates ("2026-12-01", "01.12.2026") are not phone numbers. Other runs of 8+ digits (a long order
 * number) are masked too: for a shared channel, too much masking is the safe side.
 */
const PHONE_IN_TEXT = /(?<![\p{L}\p{N}+])\+?\(?\d(?:[ .\-\u00a0()]{0,3}\d){6,18}(?![\p{L}\p{N}])/gu;
const DATE_LIKE = /^\d{1,4}[ .\-/]\d{1,2}[ .\-/]\d{1,4}$/;
const PHONE_DIGITS = { min: 8, max: 15 };

export interface MaskTextOptions {
	language?: AlertLanguage;
	/** The customer's name: each of its words (3 letters or more) written in the text becomes an initial. */
	customerName?: string | null;
}

/** Text with the emails, phone numbers and customer's name it contains masked, for shared channels. */
export function maskPersonalText(text: string, options: MaskTextOptions = {}): string {
	const words = VOCABULARY[options.language ?? 'en'];
	let masked = text.replace(EMAIL_IN_TEXT, words.emailHidden).replace(PHONE_IN_TEXT, (found) => {
		const digits = found.replace(/\D/g, '').length;
		if (digits < PHONE_DIGITS.min || digits > PHONE_DIGITS.max || DATE_LIKE.test(found)) return found;
		return words.phoneHidden;
	});
	for (const word of new Set(nameWords(clean(options.customerName)).flatMap((word) => [word, stripAccents(word)]))) {
		if ([...word].length < 3) continue;
		const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'giu');
		masked = masked.replace(pattern, initials(word));
	}
	return masked;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A rendered piece of a line: its plain text and its HTML. */
interface Piece {
	text: string;
	html: string;
	bold: boolean;
}

function renderWith(template: CompiledTemplate, values: Record<AlertPlaceholder, Value>): RenderedAlert {
	const subject = (renderLine(template.subject, values)[0] ?? [])
		.map((piece) => piece.text)
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
	const textLines: string[] = [];
	const blocks: string[] = [];
	let listItems: string[] = [];
	const closeList = () => {
		if (listItems.length) blocks.push(`<ul>${listItems.map((item) => `<li>${item}</li>`).join('')}</ul>`);
		listItems = [];
	};
	for (const line of template.body) {
		if (line.blank) {
			closeList();
			textLines.push('');
			continue;
		}
		for (const pieces of renderLine(line, values)) {
			const text = pieces.map((piece) => piece.text).join('');
			const html = pieces.map((piece) => (piece.bold ? `<strong>${piece.html}</strong>` : piece.html)).join('');
			if (line.item) {
				textLines.push(`- ${text}`);
				listItems.push(html);
			} else {
				closeList();
				textLines.push(text);
				blocks.push(`<p>${html}</p>`);
			}
		}
	}
	closeList();
	const text = textLines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
	return { subject, text, html: blocks.join('\n') };
}

function isEmpty(value: Value): boolean {
	return typeof value === 'string' ? value === '' : value.length === 0;
}

/** A line's renderings: none when dropped, one per value when a list item repeats. */
function renderLine(line: TemplateLine, values: Record<AlertPlaceholder, Value>): Piece[][] {
	const placeholders = line.parts.flat().flatMap((segment) => ('placeholder' in segment ? [segment.placeholder] : []));
	if (placeholders.length && placeholders.every((name) => isEmpty(values[name]))) return [];
	const repeated = line.item ? placeholders.find((name) => LIST_PLACEHOLDERS.has(name)) : undefined;
	if (repeated === undefined) return [renderParts(line.parts, values)];
	return (values[repeated] as readonly string[]).map((value) => renderParts(line.parts, { ...values, [repeated]: value }));
}

function renderParts(parts: Segment[][], values: Record<AlertPlaceholder, Value>): Piece[] {
	const kept = parts.filter((part) => {
		const names = part.flatMap((segment) => ('placeholder' in segment ? [segment.placeholder] : []));
		return names.length === 0 || !names.every((name) => isEmpty(values[name]));
	});
	const pieces: Piece[] = [];
	kept.forEach((part, index) => {
		if (index > 0) pieces.push({ text: PART_SEPARATOR, html: escapeHtml(PART_SEPARATOR), bold: false });
		for (const segment of part) {
			if ('text' in segment) {
				pieces.push({ text: segment.text, html: escapeHtml(segment.text), bold: segment.bold });
				continue;
			}
			pieces.push({ ...renderValue(segment.placeholder, values[segment.placeholder]), bold: segment.bold });
		}
	});
	return pieces;
}

function renderValue(name: AlertPlaceholder, value: Value): { text: string; html: string } {
	const text = isEmpty(value) ? EMPTY_VALUE : typeof value === 'string' ? value : value.join(', ');
	if (name === 'link' && !isEmpty(value)) return { text, html: `<a href="${escapeHtml(text)}">${escapeHtml(text)}</a>` };
	return { text, html: escapeHtml(text).replace(/\r?\n/g, '<br>') };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}
