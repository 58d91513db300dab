/**
 * HTTP (Any JSON API): cases in a system we do not cover, described by the ops person as calls: a create (method,
 * path, JSON body template), an optional lookup by case key for idempotency, a get, an update (for revisions and
 * closes) and a note call, plus where the case's fields sit in the answers (dotted paths, `ticket.id`, `data.0.id`).
 *
 * There is no vendor reference to follow; the calls follow HTTP's own rules:
 * - RFC 9110 9.2.2 (idempotent methods: a PUT create or update is retried on 5xx, a POST or PATCH is not),
 *   15.5.5 (404: a get or lookup that finds nothing), 15.5.10 (409 Conflict: a create refused as a duplicate, then
 *   looked up by key);
 * - the IETF `Idempotency-Key` header draft (draft-ietf-httpapi-idempotency-key-header), for APIs that deduplicate
 *   creates on a key: the header is sent only when the user names it, and only then is a POST create repeated.
 *
 * Idempotency depends on the settings, so `capabilities` states what holds whatever they are (nothing): with a
 * Lookup URL the provider searches before creating (`searchFirst`: two runs at the very same moment may both create);
 * with an idempotency header the API may deduplicate (`idempotencyKey`); a PUT to a URL naming the key is an upsert.
 * docs/nodes/create-case-http.md says how to set each up.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import type { CaseClose, CaseDraft, CaseNote, StoredCase } from '../../core/caseRecord';
import { revisionNote } from '../../core/caseRecord';
import { FeedbackError } from '../../core/feedback';
import { readPath } from '../../core/paths';
import type { RequestTemplate, TemplateValue, TemplateValues } from '../../core/requestTemplate';
import { compileJsonTemplate, compileUrlTemplate } from '../../core/requestTemplate';
import type { ApiClient } from '../../shared/apiClient';
import { joinApiUrl, requestUnlessNotFound } from '../../shared/apiClient';
import { ApiAnswerError } from '../../shared/errors';
import { isRecord, trimmedText } from '../../core/values';
import type { CaseProvider, ParameterReader } from './types';

const KEY = 'http';
const DISPLAY_NAME = 'HTTP (Any JSON API)';

/** What a create (and a revision) can send: the draft, flattened. `priority` is the provider's value. */
export const DRAFT_PLACEHOLDERS = [
	'key', 'idempotencyKey', 'subject', 'description', 'descriptionHtml', 'language', 'priority', 'priorityLevel',
	'requester.name', 'requester.email', 'requester.phone',
	'assignee.id', 'assignee.name', 'assignee.email', 'assignee.phone',
	'dueAt', 'resumeUrl', 'revision', 'feedbackId', 'tags',
	'source', 'category', 'score', 'metric', 'comment', 'topics', 'touchpoint', 'customerId', 'submittedAt',
] as const;
type DraftPlaceholder = (typeof DRAFT_PLACEHOLDERS)[number];
export const REVISE_PLACEHOLDERS = [...DRAFT_PLACEHOLDERS, 'id', 'previousRevision'] as const;
export const CLOSE_PLACEHOLDERS = [
	'id', 'key', 'status', 'closedAt', 'note', 'rootCause', 'rootCauseId', 'twoWayContact', 'resolved', 'actionTaken', 'notes',
	'integrity', 'integrityReasons', 'language',
] as const;
export const NOTE_PLACEHOLDERS = ['id', 'key', 'note', 'at'] as const;

const DEFAULT_CREATE_BODY = `{
  "subject": "{{subject}}",
  "description": "{{description}}",
  "priority": {{priority}},
  "external_id": "{{key}}",
  "due_at": {{dueAt}},
  "requester": { "name": {{requester.name}}, "email": {{requester.email}} },
  "assignee_email": {{assignee.email}},
  "tags": {{tags}},
  "custom_fields": {
    "closed_loop_revision": {{revision}},
    "closed_loop_resume_url": {{resumeUrl}}
  }
}`;
const DEFAULT_REVISE_BODY = `{
  "description": "{{description}}",
  "custom_fields": { "closed_loop_revision": {{revision}} }
}`;
const DEFAULT_CLOSE_BODY = `{
  "status": "{{status}}",
  "custom_fields": {
    "closed_loop_root_cause": {{rootCause}},
    "closed_loop_two_way_contact": {{twoWayContact}},
    "closed_loop_resolved": {{resolved}},
    "closed_loop_integrity": {{integrity}}
  },
  "comment": { "body": "{{note}}", "public": false }
}`;
const DEFAULT_NOTE_BODY = `{ "body": "{{note}}", "public": false }`;

type WriteMethod = 'PATCH' | 'POST' | 'PUT';

/** Where a case's fields sit in a case record (an answer's record, or one lookup match); empty: not read. */
interface CasePaths {
	record: string;
	id: string;
	status: string;
	key: string;
	revision: string;
	resumeUrl: string;
	integrity: string;
	url: string;
	priority: string;
	dueAt: string;
	createdAt: string;
}

export interface HttpCaseSettings {
	create: { method: 'POST' | 'PUT'; url: RequestTemplate<string>; body: RequestTemplate<unknown>; idempotencyHeader: string | null };
	lookup: { url: RequestTemplate<string>; listPath: string } | null;
	getUrl: RequestTemplate<string>;
	update: { method: WriteMethod; url: RequestTemplate<string>; reviseBody: RequestTemplate<unknown>; closeBody: RequestTemplate<unknown> };
	closeStatus: string;
	/** Folded to lower case. */
	closedStatuses: ReadonlySet<string>;
	note: { method: WriteMethod; url: RequestTemplate<string>; body: RequestTemplate<unknown> };
	notesOnUpdate: boolean;
	paths: CasePaths;
	caseLink: RequestTemplate<string> | null;
}

const show = (operation?: string[]) => ({ show: { provider: [KEY], ...(operation ? { operation } : {}) } });
const methodOptions = (methods: WriteMethod[]) => methods.map((method) => ({ name: method, value: method }));
const placeholderList = (names: readonly string[]) => names.map((name) => `{{${name}}}`).join(', ');

const properties: INodeProperties[] = [
	{
		displayName: 'Create Method',
		name: 'httpCaseCreateMethod',
		type: 'options',
		options: methodOptions(['POST', 'PUT']),
		default: 'POST',
		displayOptions: show(['create']),
		description: 'POST opens a new case. PUT suits an API that creates or replaces the case at a URL naming the case key (/tickets/{{key}}): a repeat is harmless, so it is retried after a server error.',
	},
	{
		displayName: 'Create URL',
		name: 'httpCaseCreateUrl',
		type: 'string',
		default: '/tickets',
		displayOptions: show(['create']),
		description: 'Path under the credential’s Base URL. May use {{key}}.',
	},
	{
		displayName: 'Create Body',
		name: 'httpCaseCreateBody',
		type: 'string',
		typeOptions: { rows: 12 },
		default: DEFAULT_CREATE_BODY,
		displayOptions: show(['create']),
		description: `JSON sent to open the case; keep it Fixed, not an expression: Create Case fills the placeholders. Inside quotes a placeholder gives text ("{{subject}}"); alone it gives the value itself, null when empty ({{revision}}, {{tags}}). {{priority}} is your API's value from the priority mapping, {{priorityLevel}} is P1 to P4. Placeholders: ${placeholderList(DRAFT_PLACEHOLDERS)}.`,
	},
	{
		displayName: 'Idempotency Header',
		name: 'httpCaseIdempotencyHeader',
		type: 'string',
		default: '',
		placeholder: 'Idempotency-Key',
		displayOptions: show(['create']),
		description: 'Only if your API deduplicates creates on a key header (e.g. Idempotency-Key): the create then carries one key per case, the same on every run and retry, and is retried after a server error. Leave empty otherwise.',
	},
	{
		displayName: 'Case Record Path',
		name: 'httpCaseRecordPath',
		type: 'string',
		default: '',
		placeholder: 'ticket',
		displayOptions: show(),
		description: 'Where the case sits in the answers to create, get and update, e.g. ticket for {"ticket": {…}} or data for {"data": {…}}. Empty: the answer is the case. The paths below are read inside it.',
	},
	{
		displayName: 'Case ID Path',
		name: 'httpCaseIdPath',
		type: 'string',
		default: 'id',
		displayOptions: show(),
		description: 'Where the case’s ID is in the case, e.g. number or attributes.number. An answer with nothing there is an error naming this path.',
	},
	{
		displayName: 'Status Path',
		name: 'httpCaseStatusPath',
		type: 'string',
		default: 'status',
		displayOptions: show(),
		description: 'Where the case’s status is. Empty: not read.',
	},
	{
		displayName: 'Closed Statuses',
		name: 'httpCaseClosedStatuses',
		type: 'string',
		default: 'closed, resolved, solved',
		displayOptions: show(),
		description: 'Statuses that mean the case is closed, separated by commas (case does not matter)',
	},
	{
		displayName: 'Case Key Path',
		name: 'httpCaseKeyPath',
		type: 'string',
		default: 'external_id',
		displayOptions: show(),
		description: 'Where the case key sent as {{key}} is stored in the case. A lookup match holding another key there is ignored, which protects against an API that ignores the lookup’s filter. Empty: not read.',
	},
	{
		displayName: 'Revision Path',
		name: 'httpCaseRevisionPath',
		type: 'string',
		default: 'custom_fields.closed_loop_revision',
		displayOptions: show(),
		description: 'Where the revision sent as {{revision}} is stored in the case, so a second run of the same revision changes nothing. Empty: not read.',
	},
	{
		displayName: 'Resume URL Path',
		name: 'httpCaseResumeUrlPath',
		type: 'string',
		default: 'custom_fields.closed_loop_resume_url',
		displayOptions: show(),
		description: 'Where the SLA resume link sent as {{resumeUrl}} is stored in the case, so closing the case resumes its SLA wait. Empty: not read.',
	},
	{
		displayName: 'Integrity Path',
		name: 'httpCaseIntegrityPath',
		type: 'string',
		default: 'custom_fields.closed_loop_integrity',
		displayOptions: show(),
		description: 'Where the close’s integrity flags sent as {{integrity}} are stored in the case (a list, or text separated by commas). Empty: not read.',
	},
	{
		displayName: 'More Case Fields',
		name: 'httpCaseMoreFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(),
		options: [
			{
				displayName: 'Case Link',
				name: 'caseLink',
				type: 'string',
				default: '',
				placeholder: 'https://support.example.com/tickets/{{ID}}',
				description: 'The address where people open the case, when the answer has none. May use {{ID}} and {{key}}.',
			},
			{
				displayName: 'Case URL Path',
				name: 'urlPath',
				type: 'string',
				default: '',
				description: 'Where the case’s web address is in the case',
			},
			{
				displayName: 'Created At Path',
				name: 'createdAtPath',
				type: 'string',
				default: '',
				description: 'Where the case’s creation time is in the case',
			},
			{
				displayName: 'Due Date Path',
				name: 'dueAtPath',
				type: 'string',
				default: '',
				description: 'Where the case’s due date is in the case',
			},
			{
				displayName: 'Priority Path',
				name: 'priorityPath',
				type: 'string',
				default: '',
				description: 'Where the case’s priority (your API’s value) is in the case',
			},
		],
	},
	{
		displayName: 'Lookup URL',
		name: 'httpCaseLookupUrl',
		type: 'string',
		default: '/tickets?external_id={{key}}',
		displayOptions: show(),
		description: 'A GET that finds the case by its key, e.g. /tickets?external_id={{key}}; called before every create so a second run finds the case instead of opening another. A 404 or an empty list means none. Empty: no lookup, and every run opens a case unless the API deduplicates.',
	},
	{
		displayName: 'Lookup List Path',
		name: 'httpCaseLookupListPath',
		type: 'string',
		default: '',
		placeholder: 'results',
		displayOptions: show(),
		description: 'Where the list of matches is in the lookup’s answer, e.g. results or data. Empty: the answer is the list. A single case there counts as one match; each match is read with the paths above.',
	},
	{
		displayName: 'Get URL',
		name: 'httpCaseGetUrl',
		type: 'string',
		default: '/tickets/{{id}}',
		displayOptions: show(),
		description: 'A GET that returns one case by its ID. A 404 means no such case.',
	},
	{
		displayName: 'Update Method',
		name: 'httpCaseUpdateMethod',
		type: 'options',
		options: methodOptions(['PATCH', 'POST', 'PUT']),
		default: 'PATCH',
		displayOptions: show(['create', 'close']),
		description: 'The method that changes a case, for revisions and closes',
	},
	{
		displayName: 'Update URL',
		name: 'httpCaseUpdateUrl',
		type: 'string',
		default: '/tickets/{{id}}',
		displayOptions: show(['create', 'close']),
		description: 'Path of the case to change. May use {{ID}} and {{key}}.',
	},
	{
		displayName: 'Revision Body',
		name: 'httpCaseReviseBody',
		type: 'string',
		typeOptions: { rows: 6 },
		default: DEFAULT_REVISE_BODY,
		displayOptions: show(['create']),
		description: "JSON sent when a revised response arrives for a case already open (the new description and revision). Placeholders: the Create Body's, plus {{ID}} (the case's) and {{previousRevision}}.",
	},
	{
		displayName: 'Close Body',
		name: 'httpCaseCloseBody',
		type: 'string',
		typeOptions: { rows: 10 },
		default: DEFAULT_CLOSE_BODY,
		displayOptions: show(['close']),
		description: `JSON sent to close the case. {{status}} is the Close Status below, {{note}} the whole close record as text, {{rootCause}} its label, {{integrity}} the list of integrity flags. Placeholders: ${placeholderList(CLOSE_PLACEHOLDERS)}.`,
	},
	{
		displayName: 'Close Status',
		name: 'httpCaseCloseStatus',
		type: 'string',
		default: 'closed',
		displayOptions: show(['close']),
		description: 'Your API’s word for a closed or solved case, sent as {{status}}',
	},
	{
		displayName: 'Note Method',
		name: 'httpCaseNoteMethod',
		type: 'options',
		options: methodOptions(['PATCH', 'POST', 'PUT']),
		default: 'POST',
		displayOptions: show(['addNote', 'create', 'close']),
	},
	{
		displayName: 'Note URL',
		name: 'httpCaseNoteUrl',
		type: 'string',
		default: '/tickets/{{id}}/notes',
		displayOptions: show(['addNote', 'create', 'close']),
		description: 'Path that adds a private note to the case. May use {{ID}} and {{key}}.',
	},
	{
		displayName: 'Note Body',
		name: 'httpCaseNoteBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: DEFAULT_NOTE_BODY,
		displayOptions: show(['addNote', 'create', 'close']),
		description: `JSON that adds the note. Placeholders: ${placeholderList(NOTE_PLACEHOLDERS)}.`,
	},
	{
		displayName: 'Notes for Revisions and Closes',
		name: 'httpCaseNotesOnUpdate',
		type: 'boolean',
		default: false,
		displayOptions: show(['create', 'close']),
		description: 'Whether a revision’s new description and the close record are also added as notes, for APIs whose cases cannot change their description',
	},
];

/** A header name as HTTP allows it (RFC 9110 5.1, token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Each field by name: its default is also the value read when n8n hides the field for the operation. */
const FIELDS = new Map(properties.map((property) => [property.name, property]));

/** Reads and checks the settings once per item; a bad field is refused by its editor name. */
function readSettings(parameter: ParameterReader): HttpCaseSettings {
	const raw = (name: string): unknown => parameter<unknown>(name, FIELDS.get(name)?.default);
	const text = (name: string): string => {
		const value = raw(name);
		return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
	};
	const label = (name: string) => FIELDS.get(name)?.displayName ?? name;
	const url = (name: string, allowed: readonly string[]) => compileUrlTemplate(text(name), allowed, { field: name, label: label(name) });
	const body = (name: string, allowed: readonly string[]) => compileJsonTemplate(raw(name), allowed, { field: name, label: label(name) });
	const method = <M extends string>(name: string, allowed: readonly M[]): M => {
		const value = text(name).toUpperCase();
		if (!(allowed as readonly string[]).includes(value)) {
			throw new FeedbackError(`${label(name)}: "${value}" is not one of ${allowed.join(', ')}`, name);
		}
		return value as M;
	};

	const idempotencyHeader = text('httpCaseIdempotencyHeader');
	if (idempotencyHeader !== '' && !HEADER_NAME.test(idempotencyHeader)) {
		throw new FeedbackError(`Idempotency Header: "${idempotencyHeader}" is not a header name (letters, digits and - only, e.g. Idempotency-Key)`, 'httpCaseIdempotencyHeader');
	}
	const idPath = text('httpCaseIdPath');
	if (idPath === '') throw new FeedbackError('Case ID Path is empty: say where the case’s ID is in the answers, e.g. id', 'httpCaseIdPath');
	const closeStatus = text('httpCaseCloseStatus');
	if (closeStatus === '') throw new FeedbackError('Close Status is empty: give your API’s word for a closed case, e.g. closed', 'httpCaseCloseStatus');

	const more = raw('httpCaseMoreFields');
	const extra = (typeof more === 'object' && more !== null ? more : {}) as Record<string, unknown>;
	const extraText = (name: string) => (typeof extra[name] === 'string' ? (extra[name] as string).trim() : '');
	const caseLink = extraText('caseLink');
	const lookupUrl = text('httpCaseLookupUrl');

	return {
		create: {
			method: method('httpCaseCreateMethod', ['POST', 'PUT'] as const),
			url: url('httpCaseCreateUrl', ['key']),
			body: body('httpCaseCreateBody', DRAFT_PLACEHOLDERS),
			idempotencyHeader: idempotencyHeader === '' ? null : idempotencyHeader,
		},
		lookup: lookupUrl === '' ? null : { url: url('httpCaseLookupUrl', ['key']), listPath: text('httpCaseLookupListPath') },
		getUrl: url('httpCaseGetUrl', ['id']),
		update: {
			method: method('httpCaseUpdateMethod', ['PATCH', 'POST', 'PUT'] as const),
			url: url('httpCaseUpdateUrl', ['id', 'key']),
			reviseBody: body('httpCaseReviseBody', REVISE_PLACEHOLDERS),
			closeBody: body('httpCaseCloseBody', CLOSE_PLACEHOLDERS),
		},
		closeStatus,
		closedStatuses: new Set(
			[closeStatus, ...text('httpCaseClosedStatuses').split(',')].map((status) => status.trim().toLowerCase()).filter((status) => status !== ''),
		),
		note: {
			method: method('httpCaseNoteMethod', ['PATCH', 'POST', 'PUT'] as const),
			url: url('httpCaseNoteUrl', ['id', 'key']),
			body: body('httpCaseNoteBody', NOTE_PLACEHOLDERS),
		},
		notesOnUpdate: raw('httpCaseNotesOnUpdate') === true,
		paths: {
			record: text('httpCaseRecordPath'),
			id: idPath,
			status: text('httpCaseStatusPath'),
			key: text('httpCaseKeyPath'),
			revision: text('httpCaseRevisionPath'),
			resumeUrl: text('httpCaseResumeUrlPath'),
			integrity: text('httpCaseIntegrityPath'),
			url: extraText('urlPath'),
			priority: extraText('priorityPath'),
			dueAt: extraText('dueAtPath'),
			createdAt: extraText('createdAtPath'),
		},
		caseLink: caseLink === '' ? null : compileUrlTemplate(caseLink, ['id', 'key'], { field: 'httpCaseMoreFields.caseLink', label: 'Case Link', kind: 'link' }),
	};
}

function draftValues(draft: CaseDraft): Record<DraftPlaceholder, TemplateValue> {
	const { requester, assignee, facts } = draft;
	return {
		key: draft.key,
		idempotencyKey: draft.idempotencyKey,
		subject: draft.subject,
		description: draft.description,
		descriptionHtml: draft.descriptionHtml,
		language: draft.language,
		priority: draft.providerPriority,
		priorityLevel: draft.priority,
		'requester.name': requester.name,
		'requester.email': requester.email,
		'requester.phone': requester.phone,
		'assignee.id': assignee?.helpdeskUserId ?? null,
		'assignee.name': assignee?.name ?? null,
		'assignee.email': assignee?.email ?? null,
		'assignee.phone': assignee?.phone ?? null,
		dueAt: draft.dueAt,
		resumeUrl: draft.resumeUrl,
		revision: draft.revision,
		feedbackId: draft.feedbackId,
		tags: draft.tags,
		source: facts.source,
		category: facts.category,
		score: facts.score,
		metric: facts.metric,
		comment: facts.comment,
		topics: facts.topics,
		touchpoint: facts.touchpoint,
		customerId: facts.customerId,
		submittedAt: facts.submittedAt,
	};
}

function closeValues(stored: StoredCase, close: CaseClose, status: string): TemplateValues {
	const { closure } = close;
	return {
		id: stored.id,
		key: stored.key,
		status,
		closedAt: close.closedAt,
		note: close.note,
		rootCause: close.rootCauseLabel,
		rootCauseId: closure.rootCause,
		twoWayContact: closure.twoWayContact,
		resolved: closure.resolved,
		actionTaken: closure.actionTaken,
		notes: closure.notes,
		integrity: close.integrity,
		integrityReasons: close.integrityReasons,
		language: close.language,
	};
}

/** The call as the client's errors name it: method and path under the host, without the query (it can carry a key or an email). */
const callName = (api: ApiClient, method: string, path: string) => `${method} ${new URL(joinApiUrl(api.baseUrl, path)).pathname}`;


/** What a path gave, in words: the message must not quote the answer, which can hold a customer's words. */
function found(value: unknown): string {
	if (value === undefined) return 'nothing is there';
	if (value === null) return 'it is null';
	if (Array.isArray(value)) return 'a list is there';
	return typeof value === 'object' ? 'an object is there' : `a ${typeof value} is there`;
}

function notAsConfigured(call: string, what: string, field: string): ApiAnswerError {
	return new ApiAnswerError(`The ${DISPLAY_NAME} API answered ${call} ${what}`, field);
}

/** The case record in a create, get or update answer, at the Case Record Path. */
function recordIn(answer: unknown, paths: CasePaths, call: string): Record<string, unknown> {
	const record = paths.record === '' ? answer : readPath(answer, paths.record);
	if (!isRecord(record)) {
		const where = paths.record === '' ? 'as its whole answer' : `at "${paths.record}" (Case Record Path)`;
		throw notAsConfigured(call, `without a case object ${where}: ${found(record)}`, paths.record || 'answer');
	}
	return record;
}

/** The text at a path (a number as text); null for an empty path, nothing there, or anything else. */
const textAt = (record: Record<string, unknown>, path: string): string | null => (path === '' ? null : trimmedText(readPath(record, path)));

function revisionAt(record: Record<string, unknown>, path: string): number | null {
	const value = textAt(record, path);
	if (value === null || !/^\d+$/.test(value)) return null;
	return Number(value);
}

function listAt(record: Record<string, unknown>, path: string): string[] | null {
	if (path === '') return null;
	const value = readPath(record, path);
	if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
	if (typeof value === 'string') return value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
	return null;
}

/** What this run knows of the case where the answer does not say: what it sent, or what the case held. */
type Known = Omit<StoredCase, 'id' | 'closed'>;

function storedFrom(record: Record<string, unknown>, settings: HttpCaseSettings, call: string, known: Known): StoredCase {
	const { paths } = settings;
	const id = textAt(record, paths.id);
	if (id === null) {
		const inside = paths.record === '' ? '' : ` inside "${paths.record}"`;
		throw notAsConfigured(call, `without a case ID at "${paths.id}"${inside} (Case ID Path): ${found(readPath(record, paths.id))}`, paths.record ? `${paths.record}.${paths.id}` : paths.id);
	}
	const key = textAt(record, paths.key) ?? known.key;
	const status = textAt(record, paths.status) ?? known.status;
	return {
		id,
		url: textAt(record, paths.url) ?? (settings.caseLink ? settings.caseLink.fill({ id, key }) : known.url),
		key,
		status,
		closed: settings.closedStatuses.has(status.toLowerCase()),
		providerPriority: textAt(record, paths.priority) ?? known.providerPriority,
		dueAt: textAt(record, paths.dueAt) ?? known.dueAt,
		createdAt: textAt(record, paths.createdAt) ?? known.createdAt,
		revision: revisionAt(record, paths.revision) ?? known.revision,
		resumeUrl: textAt(record, paths.resumeUrl) ?? known.resumeUrl,
		integrity: listAt(record, paths.integrity) ?? known.integrity,
		...(known.warnings?.length ? { warnings: known.warnings } : {}),
	};
}

/**
 * The case after an update or a note: the answer's case when it has one, otherwise (204, `{"ok": true}`) what the
 * case held with what was sent. An update answer is not required to carry the case.
 */
function afterUpdate(answer: unknown, stored: StoredCase, settings: HttpCaseSettings, call: string, sent: Partial<Known>): StoredCase {
	const known: Known = { ...stored, ...sent };
	const record = settings.paths.record === '' ? answer : readPath(answer, settings.paths.record);
	if (isRecord(record) && textAt(record, settings.paths.id) !== null) return storedFrom(record, settings, call, known);
	const status = known.status;
	return { ...known, id: stored.id, closed: settings.closedStatuses.has(status.toLowerCase()) };
}

const NOTHING_KNOWN: Known = {
	url: null, key: null, status: 'unknown', providerPriority: null, dueAt: null, createdAt: null, revision: null, resumeUrl: null, integrity: [],
};

/** Warnings when the owner to assign is not sent: the case opens unassigned, and the item says so. */
function assigneeWarnings(draft: CaseDraft, body: RequestTemplate<unknown>): string[] {
	const owner = draft.assignee;
	if (!owner) return [];
	const who = owner.name ?? owner.email ?? 'the owner';
	const byId = body.placeholders.has('assignee.id');
	const byEmail = body.placeholders.has('assignee.email');
	if (!byId && !byEmail) return [`Create Body sends no assignee ({{assignee.id}} or {{assignee.email}}): ${who} was not assigned`];
	if (byId && !byEmail && owner.helpdeskUserId === null) {
		return [`${who} has no helpdesk user ID in the routing table, and Create Body assigns by {{assignee.id}} only: the case was created unassigned`];
	}
	if (byEmail && !byId && owner.email === null) return [`${who} has no email, and Create Body assigns by {{assignee.email}} only: the case was created unassigned`];
	return [];
}

/** Whether an API error is the API refusing with this status (n8n keeps the status as text in `httpCode`). */
const refusedWith = (error: unknown, status: number) => String((error as { httpCode?: unknown } | null)?.httpCode) === String(status);

async function find(api: ApiClient, key: string, settings: HttpCaseSettings): Promise<StoredCase | null> {
	if (!settings.lookup) return null;
	const path = settings.lookup.url.fill({ key });
	const call = callName(api, 'GET', path);
	const answer = await requestUnlessNotFound(api, { method: 'GET', url: path });
	if (!answer.found) return null;
	const { listPath } = settings.lookup;
	const list = listPath === '' ? answer.body : readPath(answer.body, listPath);
	if (list === null) return null;
	const matches = Array.isArray(list) ? list : isRecord(list) ? [list] : undefined;
	if (matches === undefined) {
		const where = listPath === '' ? 'as its whole answer' : `at "${listPath}" (Lookup List Path)`;
		throw notAsConfigured(call, `without a list of cases ${where}: ${found(list)}`, listPath || 'answer');
	}
	const { paths } = settings;
	// A match holding another key is not this case: the API ignored the filter (an unknown query parameter).
	const match = matches.find((entry) => isRecord(entry) && (paths.key === '' || [null, key].includes(textAt(entry, paths.key))));
	if (match === undefined) {
		if (matches.some((entry) => !isRecord(entry))) throw notAsConfigured(call, `with a list whose matches are not case objects: ${found(matches[0])}`, listPath || 'answer');
		return null;
	}
	return storedFrom(match as Record<string, unknown>, settings, call, { ...NOTHING_KNOWN, key });
}

async function addNote(api: ApiClient, stored: StoredCase, note: CaseNote, settings: HttpCaseSettings): Promise<StoredCase> {
	const values = { id: stored.id, key: stored.key, note: note.text, at: note.at };
	// The answer is the note (its id is the note's), not the case: the case is as it was.
	await api.request({ method: settings.note.method, url: settings.note.url.fill(values), body: settings.note.body.fill(values) as object });
	return stored;
}

export const httpCaseProvider: CaseProvider<HttpCaseSettings> = {
	key: KEY,
	displayName: DISPLAY_NAME,
	summary: 'A case in any JSON API, through calls you describe: create, lookup by key, get, update and note',
	credentialType: 'closedLoopCaseHttpApi',
	apiBaseUrl(credentials: ICredentialDataDecryptedObject): string {
		const base = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
		if (!/^https?:\/\/[^/?#]+/i.test(base)) {
			throw new FeedbackError('Closed Loop Case HTTP API credential: Base URL must be a full address starting with https://, e.g. https://api.example.com/v1', 'baseUrl');
		}
		return base.replace(/\/+$/, '');
	},
	defaultPriorities: { P1: 'urgent', P2: 'high', P3: 'normal', P4: 'low' },
	// What holds whatever the settings: nothing. With a Lookup URL it searches first; with an idempotency header the
	// API may deduplicate; a PUT create to a URL naming the key is an upsert (docs/nodes/create-case-http.md).
	capabilities: { idempotency: [], storesResumeUrl: false },
	properties,
	settings: readSettings,

	find,

	async get(api, id, settings) {
		const path = settings.getUrl.fill({ id });
		const answer = await requestUnlessNotFound(api, { method: 'GET', url: path });
		if (!answer.found) return null;
		const call = callName(api, 'GET', path);
		return storedFrom(recordIn(answer.body, settings.paths, call), settings, call, NOTHING_KNOWN);
	},

	async create(api, draft, settings) {
		const { create } = settings;
		const values = draftValues(draft);
		const path = create.url.fill(values);
		const call = callName(api, create.method, path);
		const sends = (name: DraftPlaceholder) => create.body.placeholders.has(name) || create.url.placeholders.has(name);
		let answer: unknown;
		let refused: unknown;
		try {
			answer = await api.request({
				method: create.method,
				url: path,
				body: create.body.fill(values) as object,
				// In a header of the user's naming, so the client's own (Idempotency-Key) is not assumed; repeatable
				// because the API deduplicates on it.
				...(create.idempotencyHeader ? { headers: { [create.idempotencyHeader]: draft.idempotencyKey }, safeToRetry: true } : {}),
			});
		} catch (error) {
			refused = error;
		}
		if (refused !== undefined) {
			// 409 Conflict: the API refused a second case with this key; the first one is the case.
			const existing = refusedWith(refused, 409) ? await find(api, draft.key, settings) : null;
			if (existing) return existing;
			throw refused;
		}
		const warnings = assigneeWarnings(draft, create.body);
		return storedFrom(recordIn(answer, settings.paths, call), settings, call, {
			url: null,
			key: draft.key,
			status: 'open',
			providerPriority: sends('priority') ? draft.providerPriority : null,
			dueAt: sends('dueAt') ? draft.dueAt : null,
			createdAt: null,
			revision: sends('revision') ? draft.revision : null,
			resumeUrl: sends('resumeUrl') ? draft.resumeUrl : null,
			integrity: [],
			warnings,
		});
	},

	async revise(api, stored, draft, settings) {
		const { update } = settings;
		const values: TemplateValues = { ...draftValues(draft), id: stored.id, key: stored.key ?? draft.key, previousRevision: stored.revision };
		const path = update.url.fill(values);
		const answer = await api.request({ method: update.method, url: path, body: update.reviseBody.fill(values) as object });
		const sends = (name: string) => update.reviseBody.placeholders.has(name);
		const revised = afterUpdate(answer, stored, settings, callName(api, update.method, path), {
			revision: sends('revision') ? draft.revision : stored.revision,
			resumeUrl: sends('resumeUrl') ? draft.resumeUrl : stored.resumeUrl,
			providerPriority: sends('priority') ? draft.providerPriority : stored.providerPriority,
			dueAt: sends('dueAt') ? draft.dueAt : stored.dueAt,
		});
		if (settings.notesOnUpdate) await addNote(api, revised, revisionNote(draft, stored.revision), settings);
		return revised;
	},

	async close(api, stored, close, settings) {
		const { update } = settings;
		// The record first: some APIs refuse notes on a closed case.
		if (settings.notesOnUpdate) await addNote(api, stored, { text: close.note, at: close.closedAt }, settings);
		const values = closeValues(stored, close, settings.closeStatus);
		const path = update.url.fill(values);
		const answer = await api.request({ method: update.method, url: path, body: update.closeBody.fill(values) as object });
		return afterUpdate(answer, stored, settings, callName(api, update.method, path), {
			status: settings.closeStatus,
			integrity: update.closeBody.placeholders.has('integrity') ? [...close.integrity] : stored.integrity,
		});
	},

	addNote,
};
