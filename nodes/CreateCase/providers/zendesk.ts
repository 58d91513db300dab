/**
 * Zendesk Support tickets as cases.
 *
 * Zendesk's own pages this follows:
 * - Tickets: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ — Create Ticket
 *   (POST /api/v2/tickets), List Tickets with `external_id` ("External ids don't have to be unique for each ticket.
 *   As a result, the request may return multiple tickets with the same external id"), Show Ticket, Update Ticket
 *   (PUT /api/v2/tickets/{id}); `priority` urgent/high/normal/low; `status` new/open/pending/hold/solved/closed;
 *   `due_at`: "If this is a ticket of type task it has a due date"; `description`: "Read-only first comment".
 * - Idempotency: https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency — an
 *   `Idempotency-Key` header on ticket creation; a repeat with the same body gets the first answer back (header
 *   `x-idempotency-lookup: hit`); the same key with another body is refused with 400 `IdempotentRequestError`
 *   ("Request parameters don't match the given idempotency key"); keys expire after two hours.
 * - Comments: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/ — a `comment` in
 *   the ticket object; `public: false` makes it an internal note.
 * - Tags: https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/ — Add Tags
 *   (PUT /api/v2/tickets/{id}/tags), which "cannot be used ... on closed tickets"; and
 *   https://developer.zendesk.com/documentation/ticketing/managing-tickets/adding-tags-to-tickets-without-overwriting-existing-tags/
 *   ("If you use the Update Ticket endpoint to add one or more tags to a ticket, the new tags replace any
 *   existing tags"), which is why our flags go through Add Tags.
 * - Users: https://developer.zendesk.com/api-reference/ticketing/users/users/ — Search Users
 *   (GET /api/v2/users/search?query=, "Allowed for Agents"), Show the Currently Authenticated User (the
 *   credential test).
 * - Auth, errors, rate limits: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
 *   (`{email_address}/token:{api_token}`), .../introduction/requests/ (error bodies `{ error, description,
 *   details }`), .../introduction/rate-limits/ (429 with `Retry-After`).
 *
 * How the case lives in Zendesk:
 * - the case key is the ticket's `external_id`, and `find` lists tickets by it, keeping the oldest;
 * - creation carries the case's idempotency key, so a retried or concurrent create opens one ticket; a concurrent
 *   create whose body differs (another revision at the same moment) is refused by Zendesk and finds the ticket;
 * - the description is the first comment, private, so the customer (the requester) is not sent our internal
 *   summary; revisions, notes and the close record are private comments too;
 * - tags: `closed_loop_revision_<n>` (the highest one is the revision on record) and
 *   `closed_loop_integrity_<flag>` for each integrity flag of the close;
 * - closing sets `solved`, not `closed`: in Zendesk a closed ticket is final (it can no longer be updated, not
 *   even its tags, and a customer reply opens a follow-up ticket), while solved is the agent's "done", which
 *   Zendesk's own automation closes later and which can still be reopened if the customer answers;
 * - the due date: Zendesk keeps `due_at` only on tickets of type task, so the user chooses (Due Date In): a task
 *   with that due date (default), a date field of their own (Zendesk date fields hold a day: the UTC day of the
 *   deadline), or a line in the first private comment.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import type { CaseClose, CaseDraft, CaseNote, CasePriorityMap, StoredCase } from '../../core/caseRecord';
import { revisionNote } from '../../core/caseRecord';
import { INTEGRITY_FLAGS } from '../../core/caseClosure';
import { FeedbackError } from '../../core/feedback';
import type { ApiClient } from '../../shared/apiClient';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { parseApiAnswer } from '../../shared/errors';
import type { CaseProvider, ParameterReader } from './types';

export const ZENDESK_PROVIDER_KEY = 'zendesk';
export const ZENDESK_CREDENTIAL_TYPE = 'closedLoopZendeskApi';
export const ZENDESK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const REVISION_TAG_PREFIX = 'closed_loop_revision_';
export const INTEGRITY_TAG_PREFIX = 'closed_loop_integrity_';

/** Labels of the lines this provider writes into the first private comment, and reads back from `description`. */
const COMMENT_LINES = {
	resumeUrl: { en: 'SLA resume link', fr: 'Lien de reprise du SLA' },
	dueAt: { en: 'Due (SLA)', fr: 'Échéance (SLA)' },
} as const;

export type ZendeskDueDateMode = 'customField' | 'note' | 'task';

export interface ZendeskSettings {
	groupId: number | null;
	dueDate: ZendeskDueDateMode;
	dueDateFieldId: number | null;
	resumeUrlFieldId: number | null;
	rootCauseFieldId: number | null;
	rootCauseValue: 'id' | 'label';
}

/**
 * The account's address from the credential's Subdomain: `acme`, `acme.zendesk.com`, or a whole URL
 * (`https://support.acme.com`, `http://127.0.0.1:4010` for a stand-in), without a trailing slash.
 */
export function zendeskBaseUrl(subdomain: unknown): string {
	const given = typeof subdomain === 'string' ? subdomain.trim() : '';
	if (given === '') throw new FeedbackError('Closed Loop Zendesk API credential: Subdomain is empty; give the part before .zendesk.com, e.g. acme', 'subdomain');
	if (/^https?:\/\//i.test(given)) return given.replace(/\/+$/, '');
	if (!/^[a-z0-9][a-z0-9.-]*$/i.test(given)) {
		throw new FeedbackError(`Closed Loop Zendesk API credential: "${given}" is not a Zendesk subdomain; give the part before .zendesk.com, e.g. acme`, 'subdomain');
	}
	return `https://${given.includes('.') ? given : `${given}.zendesk.com`}`;
}

/**
 * A label as a Zendesk tag: Zendesk splits tags on spaces and drops most punctuation, so words are joined with
 * underscores and lower-cased; letters of any script stay.
 */
export function zendeskTag(label: string): string {
	return label
		.normalize('NFC')
		.toLowerCase()
		.trim()
		.replace(/\s+/g, '_')
		.replace(/[^\p{L}\p{N}_\-:/]/gu, '')
		.slice(0, 80);
}

export const integrityTag = (flag: string): string => `${INTEGRITY_TAG_PREFIX}${flag.replace(/-/g, '_')}`;

/* ------------------------------------------------------------------------------------------ *
 * Zendesk's answers, as far as we rely on them. Unknown keys pass: Zendesk adds fields.
 * ------------------------------------------------------------------------------------------ */

const customFieldSchema = z.object({ id: z.number(), value: z.unknown() }).passthrough();

const ticketSchema = z
	.object({
		id: z.number().int().positive(),
		status: z.string().min(1),
		priority: z.string().nullish(),
		external_id: z.string().nullish(),
		due_at: z.string().nullish(),
		created_at: z.string().nullish(),
		description: z.string().nullish(),
		tags: z.array(z.string()).nullish(),
		custom_fields: z.array(customFieldSchema).nullish(),
	})
	.passthrough();
type ZendeskTicket = z.infer<typeof ticketSchema>;

const ticketAnswerSchema = z.object({ ticket: ticketSchema }).passthrough();
const ticketListSchema = z.object({ tickets: z.array(ticketSchema) }).passthrough();
const tagsAnswerSchema = z.object({ tags: z.array(z.string()) }).passthrough();
const userListSchema = z
	.object({
		users: z.array(
			z
				.object({ id: z.number(), email: z.string().nullish(), role: z.string().nullish(), active: z.boolean().nullish(), suspended: z.boolean().nullish() })
				.passthrough(),
		),
	})
	.passthrough();

const answerOf = <T extends z.ZodTypeAny>(schema: T, answer: unknown, call: string): z.infer<T> =>
	parseApiAnswer(schema, answer, { tool: 'Zendesk', call, prefix: 'answer' });

/* ------------------------------------------------------------------------------------------ *
 * Reading a ticket back as a case.
 * ------------------------------------------------------------------------------------------ */

function customFieldValue(ticket: ZendeskTicket, fieldId: number | null): string | null {
	if (fieldId === null) return null;
	const value = ticket.custom_fields?.find((field) => field.id === fieldId)?.value;
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The value of one of our labelled lines in the first comment, in either language. */
function commentLine(description: string | null | undefined, line: { en: string; fr: string }): string | null {
	if (!description) return null;
	for (const label of [line.en, line.fr]) {
		const found = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s?:\\s*(\\S+)\\s*$`, 'm').exec(description);
		if (found) return found[1];
	}
	return null;
}

function revisionFromTags(tags: readonly string[]): number | null {
	const revisions = tags
		.filter((tag) => tag.startsWith(REVISION_TAG_PREFIX))
		.map((tag) => Number(tag.slice(REVISION_TAG_PREFIX.length)))
		.filter((revision) => Number.isInteger(revision) && revision >= 0);
	return revisions.length ? Math.max(...revisions) : null;
}

function integrityFromTags(tags: readonly string[]): string[] {
	return INTEGRITY_FLAGS.filter((flag) => tags.includes(integrityTag(flag)));
}

function storedCase(api: ApiClient, ticket: ZendeskTicket, settings: ZendeskSettings, tags = ticket.tags ?? []): StoredCase {
	return {
		id: String(ticket.id),
		url: `${api.baseUrl.replace(/\/+$/, '')}/agent/tickets/${ticket.id}`,
		key: ticket.external_id ?? null,
		status: ticket.status,
		closed: ticket.status === 'solved' || ticket.status === 'closed',
		providerPriority: ticket.priority ?? null,
		dueAt: ticket.due_at ?? customFieldValue(ticket, settings.dueDateFieldId) ?? commentLine(ticket.description, COMMENT_LINES.dueAt),
		createdAt: ticket.created_at ?? null,
		revision: revisionFromTags(tags),
		resumeUrl: customFieldValue(ticket, settings.resumeUrlFieldId) ?? commentLine(ticket.description, COMMENT_LINES.resumeUrl),
		integrity: integrityFromTags(tags),
	};
}

/* ------------------------------------------------------------------------------------------ *
 * Settings.
 * ------------------------------------------------------------------------------------------ */

/** An optional Zendesk id typed in a field: a positive whole number, or empty. */
function optionalId(value: unknown, field: string, label: string): number | null {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') return null;
	if (!/^\d{1,16}$/.test(text) || Number(text) === 0) {
		throw new FeedbackError(`${label} must be the number Zendesk shows for it (e.g. 360001234567), not "${text.slice(0, 40)}"`, field);
	}
	return Number(text);
}

function readSettings(parameter: ParameterReader): ZendeskSettings {
	const dueDate = parameter<string>('zendeskDueDate', 'task');
	if (dueDate !== 'task' && dueDate !== 'customField' && dueDate !== 'note') {
		throw new FeedbackError(`Due Date In: "${dueDate}" is not one of Task Due Date, Custom Date Field or Private Note Only`, 'zendeskDueDate');
	}
	const settings: ZendeskSettings = {
		groupId: optionalId(parameter('zendeskGroupId', ''), 'zendeskGroupId', 'Group ID'),
		dueDate,
		dueDateFieldId: optionalId(parameter('zendeskDueDateFieldId', ''), 'zendeskDueDateFieldId', 'Due Date Field ID'),
		resumeUrlFieldId: optionalId(parameter('zendeskResumeLinkFieldId', ''), 'zendeskResumeLinkFieldId', 'Resume Link Field ID'),
		rootCauseFieldId: optionalId(parameter('zendeskRootCauseFieldId', ''), 'zendeskRootCauseFieldId', 'Root Cause Field ID'),
		rootCauseValue: parameter<string>('zendeskRootCauseValue', 'label') === 'id' ? 'id' : 'label',
	};
	if (settings.dueDate === 'customField' && settings.dueDateFieldId === null) {
		throw new FeedbackError('Due Date In is Custom Date Field, so give the Due Date Field ID (a date field in Admin Center > Objects and rules > Tickets > Fields)', 'zendeskDueDateFieldId');
	}
	return settings;
}

/* ------------------------------------------------------------------------------------------ *
 * The calls.
 * ------------------------------------------------------------------------------------------ */

function ticketId(id: string): string {
	const text = String(id).trim();
	if (!/^\d+$/.test(text)) throw new FeedbackError(`"${text.slice(0, 40)}" is not a Zendesk ticket id: ticket ids are numbers, e.g. 35436`, 'case.id');
	return text;
}

/** Zendesk does not let a closed ticket change; say so instead of sending a call it will refuse. */
function refuseClosed(stored: StoredCase, what: string): void {
	if (stored.status === 'closed') {
		throw new FeedbackError(
			`Zendesk ticket ${stored.id} is closed, and Zendesk lets no one change a closed ticket, so ${what} could not be written to it. Write it on the follow-up ticket, or reopen the case from a new one.`,
			'case.status',
		);
	}
}

async function updateTicket(api: ApiClient, id: string, ticket: Record<string, unknown>): Promise<ZendeskTicket> {
	const url = `/api/v2/tickets/${ticketId(id)}`;
	return answerOf(ticketAnswerSchema, await api.request({ method: 'PUT', url, body: { ticket } }), `PUT ${url}`).ticket;
}

/** Adds tags without replacing the ticket's others (Update Ticket's `tags` would replace them all). */
async function addTags(api: ApiClient, id: string, tags: string[]): Promise<string[]> {
	const url = `/api/v2/tickets/${ticketId(id)}/tags`;
	return answerOf(tagsAnswerSchema, await api.request({ method: 'PUT', url, body: { tags } }), `PUT ${url}`).tags;
}

const privateComment = (body: string) => ({ body, public: false });

/** The agent to assign: the routing's Zendesk user id, else an agent (or admin) with the owner's email. */
async function resolveAssignee(api: ApiClient, draft: CaseDraft, warnings: string[]): Promise<number | null> {
	const assignee = draft.assignee;
	if (!assignee) return null;
	if (assignee.helpdeskUserId) {
		if (/^\d{1,16}$/.test(assignee.helpdeskUserId)) return Number(assignee.helpdeskUserId);
		warnings.push(`The owner's helpdesk user id "${assignee.helpdeskUserId.slice(0, 40)}" is not a Zendesk user id (a number)${assignee.email ? '; the owner is looked up by email instead' : ''}`);
	}
	if (!assignee.email) {
		if (!assignee.helpdeskUserId) warnings.push(`The owner${assignee.name ? ` ${assignee.name}` : ''} has no email or Zendesk user id, so the ticket is unassigned`);
		return null;
	}
	const email = assignee.email.toLowerCase();
	const url = '/api/v2/users/search';
	const { users } = answerOf(userListSchema, await api.request({ method: 'GET', url, qs: { query: `email:${email}` } }), `GET ${url}`);
	const agent = users.find(
		(user) => user.email?.toLowerCase() === email && (user.role === 'agent' || user.role === 'admin') && user.active !== false && user.suspended !== true,
	);
	if (agent) return agent.id;
	warnings.push(`No active Zendesk agent has the owner's email (${assignee.email}), so the ticket is unassigned`);
	return null;
}

function providerPriority(draft: CaseDraft): string | null {
	if (draft.providerPriority === null) return null;
	const priority = draft.providerPriority.trim().toLowerCase();
	if (!(ZENDESK_PRIORITIES as readonly string[]).includes(priority)) {
		throw new FeedbackError(`Priority Mapping: Zendesk priorities are low, normal, high and urgent; "${draft.providerPriority}" is not one`, 'priorityMap');
	}
	return priority;
}

/** The ticket object for a new case (the assignee is added once looked up). */
export function newTicket(draft: CaseDraft, settings: ZendeskSettings): Record<string, unknown> {
	const lines: string[] = [draft.description];
	const customFields: Array<{ id: number; value: string }> = [];
	const ticket: Record<string, unknown> = { subject: draft.subject, external_id: draft.key };
	if (draft.resumeUrl) {
		if (settings.resumeUrlFieldId !== null) customFields.push({ id: settings.resumeUrlFieldId, value: draft.resumeUrl });
		else lines.push(`${COMMENT_LINES.resumeUrl[draft.language]}: ${draft.resumeUrl}`);
	}
	if (draft.dueAt && settings.dueDate === 'task') {
		ticket.type = 'task';
		ticket.due_at = draft.dueAt;
	} else if (draft.dueAt && settings.dueDate === 'customField' && settings.dueDateFieldId !== null) {
		customFields.push({ id: settings.dueDateFieldId, value: draft.dueAt.slice(0, 10) });
	} else if (draft.dueAt) {
		lines.push(`${COMMENT_LINES.dueAt[draft.language]}: ${draft.dueAt}`);
	}
	ticket.comment = privateComment(lines.join('\n\n'));
	const priority = providerPriority(draft);
	if (priority) ticket.priority = priority;
	if (draft.requester.email) {
		ticket.requester = { email: draft.requester.email, ...(draft.requester.name ? { name: draft.requester.name } : {}) };
	}
	if (settings.groupId !== null) ticket.group_id = settings.groupId;
	ticket.tags = [...new Set([...draft.tags.map(zendeskTag).filter(Boolean), `${REVISION_TAG_PREFIX}${draft.revision}`])];
	if (customFields.length) ticket.custom_fields = customFields;
	return ticket;
}

/** Zendesk's refusal of a reused idempotency key with another body: another run is creating this case. */
function isIdempotencyMismatch(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '400' && /IdempotentRequestError/.test(String(error.description ?? ''));
}

/** An editor field for the number of a Zendesk object (a group, a ticket field), shown for this provider. */
function zendeskIdField(displayName: string, name: string, description: string, show: Record<string, string[]> = {}): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: '360001234567',
		description,
		displayOptions: { show: { provider: [ZENDESK_PROVIDER_KEY], ...show } },
	};
}

async function find(api: ApiClient, key: string, settings: ZendeskSettings): Promise<StoredCase | null> {
	const url = '/api/v2/tickets';
	const { tickets } = answerOf(ticketListSchema, await api.request({ method: 'GET', url, qs: { external_id: key } }), `GET ${url}`);
	// External ids need not be unique in Zendesk: the oldest ticket with ours is the case; an exact match only.
	const oldest = tickets.filter((ticket) => ticket.external_id === key).sort((a, b) => a.id - b.id)[0];
	return oldest ? storedCase(api, oldest, settings) : null;
}

export const zendeskProvider: CaseProvider<ZendeskSettings> = {
	key: ZENDESK_PROVIDER_KEY,
	displayName: 'Zendesk',
	summary: 'A Zendesk Support ticket, found again by its external ID',
	credentialType: ZENDESK_CREDENTIAL_TYPE,
	apiBaseUrl: (credentials: ICredentialDataDecryptedObject) => zendeskBaseUrl(credentials.subdomain),
	defaultPriorities: { P1: 'urgent', P2: 'high', P3: 'normal', P4: 'low' } satisfies CasePriorityMap,
	capabilities: {
		// The key makes retries and concurrent creates one ticket (Zendesk keeps it two hours); the external_id
		// search before every create finds the ticket after that.
		idempotency: ['idempotencyKey', 'searchFirst'],
		storesResumeUrl: true,
	},
	properties: [
		{
			displayName: 'Due Date In',
			name: 'zendeskDueDate',
			type: 'options',
			options: [
				{ name: 'Custom Date Field', value: 'customField', description: 'A date field of yours gets the day of the deadline (UTC); the ticket type stays as it is' },
				{ name: 'Private Note Only', value: 'note', description: 'The deadline is written in the ticket’s first private comment' },
				{ name: 'Task Due Date', value: 'task', description: 'The ticket is a Task, with the SLA deadline as its due date' },
			],
			default: 'task',
			description: 'Zendesk keeps a due date only on tickets of type Task. Choose where the SLA deadline goes.',
			displayOptions: { show: { provider: [ZENDESK_PROVIDER_KEY] } },
		},
		zendeskIdField('Due Date Field ID', 'zendeskDueDateFieldId', 'The ID of a Date ticket field (Admin Center > Objects and rules > Tickets > Fields)', {
			zendeskDueDate: ['customField'],
		}),
		zendeskIdField(
			'Group ID',
			'zendeskGroupId',
			'The group new tickets go to (Admin Center > People > Teams > Groups: the number in the group’s address). Empty: your Zendesk routing decides. The owner must belong to this group, or Zendesk refuses the assignment.',
			{ operation: ['create'] },
		),
		zendeskIdField(
			'Resume Link Field ID',
			'zendeskResumeLinkFieldId',
			'A Text ticket field that keeps the SLA Wait’s resume link, so that closing the case resumes the wait. Empty: the link is written in the ticket’s first private comment and read back from there.',
		),
		zendeskIdField('Root Cause Field ID', 'zendeskRootCauseFieldId', 'A ticket field that gets the close form’s root cause. Empty: the root cause is only in the close note.', {
			operation: ['close'],
		}),
		{
			displayName: 'Root Cause Value',
			name: 'zendeskRootCauseValue',
			type: 'options',
			options: [
				{ name: 'Label in the Case’s Language', value: 'label', description: 'For a Text field: e.g. “Late, lost or damaged delivery”' },
				{ name: 'Root Cause ID', value: 'id', description: 'For a Drop-down field whose option values are the root-cause IDs (billing, delivery…)' },
			],
			default: 'label',
			description: 'What the Root Cause Field gets',
			displayOptions: { show: { provider: [ZENDESK_PROVIDER_KEY], operation: ['close'] } },
		},
	],
	settings: readSettings,

	find,

	async get(api, id, settings) {
		const url = `/api/v2/tickets/${ticketId(id)}`;
		const answer = await requestUnlessNotFound(api, { method: 'GET', url });
		return answer.found ? storedCase(api, answerOf(ticketAnswerSchema, answer.body, `GET ${url}`).ticket, settings) : null;
	},

	async create(api, draft, settings) {
		// Built first, so a bad mapping is refused before any call.
		const ticket = newTicket(draft, settings);
		const warnings: string[] = [];
		const assigneeId = await resolveAssignee(api, draft, warnings);
		if (assigneeId !== null) ticket.assignee_id = assigneeId;
		const url = '/api/v2/tickets';
		const answer = await api.request({ method: 'POST', url, body: { ticket }, idempotencyKey: draft.idempotencyKey }).then(
			(body) => ({ refused: false as const, body }),
			(error: unknown) => {
				// Another run is creating this case with another body (e.g. another revision): Zendesk refuses the
				// reused key, and the ticket that run opened is the case.
				if (isIdempotencyMismatch(error)) return { refused: true as const, error: error as NodeApiError };
				throw error;
			},
		);
		if (answer.refused) {
			const existing = await find(api, draft.key, settings);
			if (!existing) throw answer.error;
			return warnings.length ? { ...existing, warnings } : existing;
		}
		const created = storedCase(api, answerOf(ticketAnswerSchema, answer.body, `POST ${url}`).ticket, settings);
		return warnings.length ? { ...created, warnings } : created;
	},

	async revise(api, stored, draft, settings) {
		if (stored.status === 'closed') {
			return {
				...stored,
				warnings: [...(stored.warnings ?? []), `Zendesk ticket ${stored.id} is closed, and Zendesk lets no one change a closed ticket: revision ${draft.revision} was not recorded on it`],
			};
		}
		// The note first: if the tag fails, the next run writes the note again rather than never.
		const ticket = await updateTicket(api, stored.id, { comment: privateComment(revisionNote(draft, stored.revision).text) });
		const tags = await addTags(api, stored.id, [`${REVISION_TAG_PREFIX}${draft.revision}`]);
		return storedCase(api, ticket, settings, tags);
	},

	async close(api, stored, close: CaseClose, settings) {
		refuseClosed(stored, 'the close record');
		// The flags first: adding tags twice is harmless, and a close whose status change failed still shows them.
		if (close.integrity.length) await addTags(api, stored.id, close.integrity.map(integrityTag));
		const ticket: Record<string, unknown> = { status: 'solved', comment: privateComment(close.note) };
		const rootCause = settings.rootCauseValue === 'id' ? close.closure.rootCause : close.rootCauseLabel;
		if (settings.rootCauseFieldId !== null && rootCause) ticket.custom_fields = [{ id: settings.rootCauseFieldId, value: rootCause }];
		return storedCase(api, await updateTicket(api, stored.id, ticket), settings);
	},

	async addNote(api, stored, note: CaseNote, settings) {
		refuseClosed(stored, 'the note');
		return storedCase(api, await updateTicket(api, stored.id, { comment: privateComment(note.text) }), settings);
	},
};
