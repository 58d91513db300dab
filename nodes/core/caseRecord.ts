/**
 * Create Case's domain: the case key that makes a second run find the case instead of opening another, the draft
 * every provider receives (subject and description in English or French, priority, requester, assignee, due date,
 * the SLA resume link), the close record, and the `case` key written on the item. Pure: providers turn these into
 * their own API calls.
 */
import { createHash } from 'crypto';

import type { AlertLanguage, AlertTemplate, CompiledAlertTemplates } from './alertMessage';
import { alertLanguage, compileAlertTemplates, renderAlertMessage } from './alertMessage';
import type { CaseClosure, IntegrityFlag } from './caseClosure';
import type { ClosedLoopItem } from './feedback';
import { FeedbackError, PRIORITIES } from './feedback';

export type CasePriority = (typeof PRIORITIES)[number];
/** A provider's value for each of our priorities, e.g. `{ P1: 'urgent', …, P4: 'low' }`. */
export type CasePriorityMap = Readonly<Record<CasePriority, string>>;

/** Case keys longer than this are a mistake (an expression that returns the whole item), not a key. */
export const MAX_CASE_KEY_LENGTH = 200;

/** The case key, as the user's expression gave it (`feedback.id` by default); refused when empty or too long. */
export function readCaseKey(value: unknown, field = 'Case Key'): string {
	const key = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (key === '') {
		throw new FeedbackError(`${field} is empty: it must give the same text for every delivery and revision of one response, e.g. {{ $json.feedback.id }}`, 'caseKey');
	}
	if (key.length > MAX_CASE_KEY_LENGTH) {
		throw new FeedbackError(`${field} is ${key.length} characters long; at most ${MAX_CASE_KEY_LENGTH} are kept, so use an id, not a whole text`, 'caseKey');
	}
	return key;
}

/**
 * The key a provider's create call carries (`Idempotency-Key`), derived from the case key alone, so a retried or
 * repeated create is the same request to the provider. Hashed: the key may hold a customer's email.
 */
export function caseIdempotencyKey(key: string): string {
	return `closed-loop-case-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/**
 * The mapping from P1..P4 to a provider's values: the provider's defaults, with the user's overrides. An override
 * may name any subset; an empty one keeps the default.
 */
export function priorityMap(defaults: CasePriorityMap, overrides: Partial<Record<string, unknown>> = {}): CasePriorityMap {
	const map: Record<string, string> = { ...defaults };
	for (const [name, value] of Object.entries(overrides)) {
		if (!(PRIORITIES as readonly string[]).includes(name)) {
			throw new FeedbackError(`Priority Mapping: "${name}" is not a priority; use P1, P2, P3 or P4`, 'priorityMap');
		}
		const text = value === undefined || value === null ? '' : String(value).trim();
		if (text !== '') map[name] = text;
	}
	return map as CasePriorityMap;
}

export interface CasePerson {
	name: string | null;
	email: string | null;
	phone: string | null;
}

export interface CaseAssignee extends CasePerson {
	/** The owner's user or group id in the provider, when the routing table gives one. */
	helpdeskUserId: string | null;
}

/** What a provider is asked to open. */
export interface CaseDraft {
	key: string;
	idempotencyKey: string;
	subject: string;
	/** Plain text, for APIs that take text; `descriptionHtml` for those that render HTML. */
	description: string;
	descriptionHtml: string;
	language: AlertLanguage;
	priority: CasePriority | null;
	/** `priority` in the provider's own values; null when the item has no priority. */
	providerPriority: string | null;
	requester: CasePerson;
	assignee: CaseAssignee | null;
	dueAt: string | null;
	/** The SLA Wait's resume link for this case, stored so that closing the case resumes the wait. */
	resumeUrl: string | null;
	revision: number;
	feedbackId: string | null;
	/** Labels for providers that take tags: `closed-loop`, the category, the topics. */
	tags: string[];
	/** The facts behind the description, for stores that keep them as columns or custom fields. */
	facts: CaseFacts;
	/** What the description had to leave out (a response link that is not http or https). */
	warnings: string[];
}

export interface CaseFacts {
	source: string | null;
	category: string | null;
	score: number | null;
	metric: string | null;
	comment: string | null;
	topics: string[];
	touchpoint: string | null;
	customerId: string | null;
	submittedAt: string | null;
}

/** A case as a provider holds it, in our terms. */
export interface StoredCase {
	id: string;
	url: string | null;
	key: string | null;
	/** The provider's own status word ("open", 2, "New"). */
	status: string;
	/** Whether the case is closed in the provider's terms (solved, closed, resolved). */
	closed: boolean;
	/** The provider's own priority value. */
	providerPriority: string | null;
	dueAt: string | null;
	createdAt: string | null;
	/** The last revision of the response recorded on the case; null when the provider cannot store it. */
	revision: number | null;
	resumeUrl: string | null;
	/** Integrity flags recorded on the case when it was closed. */
	integrity: string[];
	/** What the provider could not do but did not stop the call (an owner with no user there, so unassigned). */
	warnings?: string[];
}

/** The close form's record, with what core/caseClosure found wrong with it. */
export interface CaseClose {
	closure: CaseClosure;
	/** The root cause's label in the case's language, or the free text given. */
	rootCauseLabel: string | null;
	integrity: IntegrityFlag[];
	integrityReasons: string[];
	closedAt: string;
	/** A private note that says all of it, in the case's language. */
	note: string;
	language: AlertLanguage;
}

export interface CaseNote {
	text: string;
	at: string;
}

/** The default case templates: everything the owner needs to act, in the response's language. */
export const DEFAULT_CASE_TEMPLATES: Readonly<Record<AlertLanguage, AlertTemplate>> = {
	en: {
		subject: '{{category}} ({{score}}) — {{topics}} — {{customer.shortName}}',
		body: [
			'**{{category}}** ({{score}}) — {{touchpoint}}',
			'**Priority:** {{priority}}',
			'',
			'**Customer:** {{customer.name}} — {{customer.segment}}',
			'**Customer ID:** {{customer.id}}',
			'**Email:** {{customer.email}}',
			'**Phone:** {{customer.phone}}',
			'**Submitted:** {{submittedAt}}',
			'**Comment:** “{{comment}}”',
			'**Topics:** {{topics}}',
			'',
			'**Owner:** {{owner.name}} — **Coach:** {{coach.name}}',
			'**Why this case:** {{rule}}',
			'- {{reasons}}',
			'',
			'Open the response: {{link}}',
			'Response ID: {{response.id}}',
		].join('\n'),
	},
	fr: {
		subject: '{{category}} ({{score}}) — {{topics}} — {{customer.shortName}}',
		body: [
			'**{{category}}** ({{score}}) — {{touchpoint}}',
			'**Priorité\u00a0:** {{priority}}',
			'',
			'**Client\u00a0:** {{customer.name}} — {{customer.segment}}',
			'**N° client\u00a0:** {{customer.id}}',
			'**E-mail\u00a0:** {{customer.email}}',
			'**Téléphone\u00a0:** {{customer.phone}}',
			'**Reçue le\u00a0:** {{submittedAt}}',
			'**Commentaire\u00a0:** «\u00a0{{comment}}\u00a0»',
			'**Sujets\u00a0:** {{topics}}',
			'',
			'**Responsable\u00a0:** {{owner.name}} — **Coach\u00a0:** {{coach.name}}',
			'**Pourquoi ce dossier\u00a0:** {{rule}}',
			'- {{reasons}}',
			'',
			'Voir la réponse\u00a0: {{link}}',
			'N° de réponse\u00a0: {{response.id}}',
		].join('\n'),
	},
};

export function compileCaseTemplates(userTemplates: unknown, timeZone: string): CompiledAlertTemplates {
	return compileAlertTemplates(userTemplates, { timeZone, defaults: DEFAULT_CASE_TEMPLATES, label: 'Case' });
}

export interface DraftOptions {
	key: string;
	templates: CompiledAlertTemplates;
	priorities: CasePriorityMap;
	/** Mask the customer's contact details in the subject and description (they stay in the requester). */
	maskPersonalData: boolean;
	/** Keep the requester empty, for programmes whose helpdesk must not hold customer contacts. */
	withRequester: boolean;
	assignOwner: boolean;
	responseLink: string | null;
	dueAt: Date | null;
	resumeUrl: string | null;
}

const nullIfBlank = (value: string | null | undefined): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The case a provider is asked to open for this item. */
export function draftCase(item: ClosedLoopItem, options: DraftOptions): CaseDraft {
	const { feedback, classification, alert } = item;
	const owner = alert?.owner ?? null;
	const rendered = renderAlertMessage(options.templates, {
		item,
		owner: { name: owner?.name ?? null },
		coach: alert?.coach ? { name: alert.coach.name } : null,
		rule: alert?.rule ?? '',
		reasons: alert?.reasons ?? classification?.reasons ?? [],
		link: options.responseLink,
		maskPersonalData: options.maskPersonalData,
	});
	const priority = (classification?.priority ?? null) as CasePriority | null;
	const primary = classification?.metrics.find((metric) => metric.type === classification.primaryMetric) ?? feedback.metrics[0];
	const topics = (classification?.topics ?? []).map((topic) => topic.topic);
	const respondent = feedback.respondent;
	return {
		key: options.key,
		idempotencyKey: caseIdempotencyKey(options.key),
		subject: rendered.owner.subject.slice(0, 250),
		description: rendered.owner.text,
		descriptionHtml: rendered.owner.html,
		language: rendered.language,
		priority,
		providerPriority: priority ? options.priorities[priority] : null,
		requester: options.withRequester
			? { name: nullIfBlank(respondent.name), email: nullIfBlank(respondent.email), phone: nullIfBlank(respondent.phone) }
			: { name: null, email: null, phone: null },
		assignee:
			options.assignOwner && owner
				? { name: owner.name, email: nullIfBlank(owner.email), phone: nullIfBlank(owner.phone), helpdeskUserId: nullIfBlank(owner.helpdeskUserId) }
				: null,
		dueAt: options.dueAt ? options.dueAt.toISOString() : null,
		resumeUrl: options.resumeUrl,
		revision: feedback.revision,
		feedbackId: feedback.id,
		tags: ['closed-loop', ...(classification?.category ? [classification.category] : []), ...topics],
		facts: {
			source: feedback.source,
			category: classification?.category ?? null,
			score: primary?.score ?? null,
			metric: primary?.type ?? null,
			comment: nullIfBlank(feedback.comment),
			topics,
			touchpoint: nullIfBlank(feedback.touchpoint),
			customerId: nullIfBlank(respondent.customerId ?? respondent.id),
			submittedAt: feedback.submittedAt,
		},
		warnings: rendered.warnings,
	};
}

/** The private note a revision leaves on the case: what changed comes in the new description. */
export function revisionNote(draft: CaseDraft, previous: number | null): CaseNote {
	const heading =
		draft.language === 'fr'
			? `Réponse révisée (révision ${draft.revision}${previous ? `, après la ${previous}` : ''}). Nouvelle description :`
			: `Response revised (revision ${draft.revision}${previous ? `, after ${previous}` : ''}). New description:`;
	return { text: `${heading}\n\n${draft.description}`, at: new Date().toISOString() };
}

const YES_NO: Record<AlertLanguage, [string, string]> = { en: ['yes', 'no'], fr: ['oui', 'non'] };

/** The close record and its note, in the case's language. */
export function closeRecord(
	closure: CaseClosure,
	verdict: { flags: IntegrityFlag[]; reasons: string[] },
	options: { language: AlertLanguage; rootCauses: ReadonlyArray<{ id: string; en: string; fr: string }>; closedAt: Date },
): CaseClose {
	const { language } = options;
	const [yes, no] = YES_NO[language];
	const answer = (value: boolean | null) => (value === null ? '—' : value ? yes : no);
	const cause = closure.rootCause === null ? null : options.rootCauses.find((known) => known.id === closure.rootCause);
	const rootCauseLabel = cause ? cause[language] : closure.rootCause;
	const words =
		language === 'fr'
			? { title: 'Dossier clos', twoWay: 'Échange avec le client', resolved: 'Problème résolu', cause: 'Cause première', action: 'Action menée', notes: 'Notes', flags: 'Alertes d’intégrité' }
			: { title: 'Case closed', twoWay: 'Two-way contact', resolved: 'Resolved', cause: 'Root cause', action: 'Action taken', notes: 'Notes', flags: 'Integrity flags' };
	const colon = language === 'fr' ? '\u00a0:' : ':';
	const lines = [
		words.title,
		`${words.twoWay}${colon} ${answer(closure.twoWayContact)}`,
		`${words.resolved}${colon} ${closure.twoWayContact ? answer(closure.resolved) : '—'}`,
		`${words.cause}${colon} ${rootCauseLabel ?? '—'}`,
		`${words.action}${colon} ${closure.actionTaken ?? '—'}`,
		`${words.notes}${colon} ${closure.notes ?? '—'}`,
		...(verdict.flags.length ? ['', `${words.flags}${colon}`, ...verdict.flags.map((flag, index) => `- ${flag}: ${verdict.reasons[index]}`)] : []),
	];
	return {
		closure,
		rootCauseLabel,
		integrity: verdict.flags,
		integrityReasons: verdict.reasons,
		closedAt: options.closedAt.toISOString(),
		note: lines.join('\n'),
		language,
	};
}

/** The `case` key on the item: what the provider holds, and what this run did to it. */
export interface CaseOnItem {
	provider: string;
	id: string;
	url: string | null;
	key: string | null;
	status: string;
	closed: boolean;
	priority: CasePriority | null;
	providerPriority: string | null;
	dueAt: string | null;
	createdAt: string | null;
	revision: number | null;
	resumeUrl: string | null;
	/** created, found (a second run), updated (a revision), closed, noted, fetched. */
	outcome: 'closed' | 'created' | 'fetched' | 'found' | 'noted' | 'updated';
	integrity: string[];
	warnings: string[];
	closure?: {
		twoWayContact: boolean;
		resolved: boolean | null;
		rootCause: string | null;
		rootCauseLabel: string | null;
		actionTaken: string | null;
		notes: string | null;
		closedAt: string;
		integrityReasons: string[];
	};
	slaResume?: SlaResumeResult;
}

/** What closing did to the SLA wait: resumed it, found it no longer waiting, or could not reach it. */
export interface SlaResumeResult {
	outcome: 'failed' | 'noLink' | 'notWaiting' | 'resumed';
	httpStatus: number | null;
	message: string | null;
}

/** P1..P4 for a provider's value, read back through the mapping in force. */
export function priorityFromProvider(value: string | null, priorities: CasePriorityMap): CasePriority | null {
	if (value === null) return null;
	const found = (Object.entries(priorities) as Array<[CasePriority, string]>).find(([, providerValue]) => providerValue.toLowerCase() === value.toLowerCase());
	return found ? found[0] : null;
}

export function caseOnItem(
	provider: string,
	stored: StoredCase,
	details: {
		outcome: CaseOnItem['outcome'];
		priorities: CasePriorityMap;
		/** The priority this run gave the case; read back from the provider's value otherwise, where two may share one. */
		priority?: CasePriority | null;
		warnings?: string[];
		close?: CaseClose;
		slaResume?: SlaResumeResult;
	},
): CaseOnItem {
	const record: CaseOnItem = {
		provider,
		id: stored.id,
		url: stored.url,
		key: stored.key,
		status: stored.status,
		closed: stored.closed,
		priority: details.priority !== undefined ? details.priority : priorityFromProvider(stored.providerPriority, details.priorities),
		providerPriority: stored.providerPriority,
		dueAt: stored.dueAt,
		createdAt: stored.createdAt,
		revision: stored.revision,
		resumeUrl: stored.resumeUrl,
		outcome: details.outcome,
		integrity: details.close ? [...details.close.integrity] : [...stored.integrity],
		warnings: [...(stored.warnings ?? []), ...(details.warnings ?? [])],
	};
	if (details.close) {
		const { closure } = details.close;
		record.closure = { ...closure, rootCauseLabel: details.close.rootCauseLabel, closedAt: details.close.closedAt, integrityReasons: details.close.integrityReasons };
	}
	if (details.slaResume) record.slaResume = details.slaResume;
	return record;
}

type ItemJson = Record<string, unknown>;
const recordOf = (value: unknown): ItemJson | undefined => (value !== null && typeof value === 'object' ? (value as ItemJson) : undefined);

/** The SLA Wait link a close resumes: the item's own (SLA Wait's, then Create's), else the one stored with the case. */
export function slaLinkOf(input: ItemJson, closed: StoredCase): string | null {
	const fromItem = (key: 'case' | 'sla') => {
		const value = recordOf(input[key])?.resumeUrl;
		return typeof value === 'string' && value !== '' ? value : null;
	};
	return fromItem('sla') ?? fromItem('case') ?? closed.resumeUrl;
}

/** Contact Attempt's record: an attempt that was two-way counts as two-way contact on record. */
export function twoWayOnRecord(input: ItemJson): boolean {
	const attempts = recordOf(input.contact)?.attempts;
	return Array.isArray(attempts) && attempts.some((attempt) => recordOf(attempt)?.twoWay === true);
}

/** The close note's language: the response's, or the close form's `language` field, else English. */
export function closeLanguageOf(input: ItemJson): AlertLanguage {
	if (recordOf(input.feedback)) {
		return alertLanguage({ feedback: input.feedback as ClosedLoopItem['feedback'], classification: input.classification as ClosedLoopItem['classification'] });
	}
	return String(input.language ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
