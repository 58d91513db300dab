/**
 * n8n's own Data Tables as the case store: nothing external, and ops staff see and edit the cases in n8n's Data
 * tables view. A community node may not call n8n's Data Table helpers (n8n allows them only for its own Data Table
 * nodes), so this provider speaks n8n's public API (`/api/v1/data-tables`, n8n 2.41.1's openapi.yml) with an API
 * key of scopes `dataTable:*` and `dataTableRow:*`.
 *
 * Data Tables have no unique key besides the row id, so a case is found by its `caseKey` column before one is
 * inserted, and after inserting the provider looks again: when a concurrent run inserted the same key, the row
 * with the lowest id stands and this run deletes its own (`converge`). Each run deletes only the row it inserted,
 * so two runs at once end with one case whichever order they interleave in.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CaseClose, CaseDraft, CaseNote, StoredCase } from '../../core/caseRecord';
import type { ApiClient } from '../../shared/apiClient';
import { credentialBaseUrl, isNotFound } from '../../shared/apiClient';
import type { CaseProvider } from './types';

export const DEFAULT_CASE_TABLE = 'Closed-loop cases';

type ColumnType = 'boolean' | 'date' | 'number' | 'string';

/**
 * The cases table's columns. n8n adds `id`, `createdAt` and `updatedAt` itself (and reserves those names), so a
 * case's opening time is `openedAt`. The SLA sweep template reads `openedAt`, `resolvedAt` and `status`.
 */
export const CASE_COLUMNS: ReadonlyArray<{ name: string; type: ColumnType }> = [
	{ name: 'caseKey', type: 'string' },
	{ name: 'status', type: 'string' },
	{ name: 'priority', type: 'string' },
	{ name: 'subject', type: 'string' },
	{ name: 'description', type: 'string' },
	{ name: 'customerName', type: 'string' },
	{ name: 'customerEmail', type: 'string' },
	{ name: 'customerPhone', type: 'string' },
	{ name: 'customerId', type: 'string' },
	{ name: 'ownerName', type: 'string' },
	{ name: 'ownerEmail', type: 'string' },
	{ name: 'category', type: 'string' },
	{ name: 'score', type: 'number' },
	{ name: 'topics', type: 'string' },
	{ name: 'touchpoint', type: 'string' },
	{ name: 'feedbackId', type: 'string' },
	{ name: 'revision', type: 'number' },
	{ name: 'openedAt', type: 'date' },
	{ name: 'dueAt', type: 'date' },
	{ name: 'resolvedAt', type: 'date' },
	{ name: 'resumeUrl', type: 'string' },
	{ name: 'twoWayContact', type: 'boolean' },
	{ name: 'resolved', type: 'boolean' },
	{ name: 'rootCause', type: 'string' },
	{ name: 'actionTaken', type: 'string' },
	{ name: 'closeNotes', type: 'string' },
	{ name: 'integrity', type: 'string' },
	{ name: 'notes', type: 'string' },
];

export interface DataTableSettings {
	tableName: string;
	projectId: string;
}

interface DataTableInfo {
	id: string;
	name: string;
	projectId: string;
	columns: Array<{ name: string; type: string }>;
}

type CaseRow = IDataObject & { id: number };

const OPEN = 'open';
const CLOSED = 'closed';

const byColumn = (columnName: string, value: string | number) => JSON.stringify({ type: 'and', filters: [{ columnName, condition: 'eq', value }] });

async function findTable(api: ApiClient, settings: DataTableSettings): Promise<DataTableInfo | null> {
	const qs: IDataObject = { filter: JSON.stringify({ name: settings.tableName }), limit: 10 };
	const list = await api.request<{ data?: DataTableInfo[] }>({ method: 'GET', url: '/data-tables', qs });
	// The filter matches names exactly in 2.41.1; a project setting picks among same-named tables of several projects.
	return (list.data ?? []).find((table) => table.name === settings.tableName && (!settings.projectId || table.projectId === settings.projectId)) ?? null;
}

/** The cases table, created with its columns when missing; columns added by a later version are added to an older table. */
async function caseTable(api: ApiClient, settings: DataTableSettings): Promise<DataTableInfo> {
	let table = await findTable(api, settings);
	if (!table) {
		const body: IDataObject = { name: settings.tableName, columns: CASE_COLUMNS.map(({ name, type }) => ({ name, type })) };
		if (settings.projectId) body.projectId = settings.projectId;
		let refused: unknown;
		try {
			table = await api.request<DataTableInfo>({ method: 'POST', url: '/data-tables', body });
		} catch (error) {
			refused = error;
		}
		// 409: a concurrent run created it a moment ago (names are unique per project), so it is there now.
		if (refused !== undefined) {
			table = (refused as { httpCode?: string }).httpCode === '409' ? await findTable(api, settings) : null;
			if (!table) throw refused;
		}
	}
	if (!table) throw new Error(`n8n answered the creation of the Data Table "${settings.tableName}" without the table`);
	const present = new Set(table.columns.map((column) => column.name));
	for (const column of CASE_COLUMNS.filter(({ name }) => !present.has(name))) {
		await api.request({ method: 'POST', url: `/data-tables/${table.id}/columns`, body: { name: column.name, type: column.type } });
	}
	return table;
}

async function rowsWhere(api: ApiClient, tableId: string, column: string, value: string | number): Promise<CaseRow[]> {
	const answer = await api.request<{ data?: CaseRow[] }>({
		method: 'GET',
		url: `/data-tables/${tableId}/rows`,
		qs: { filter: byColumn(column, value), sortBy: 'id:asc', limit: 50 },
	});
	return answer.data ?? [];
}

const text = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));
const instant = (value: unknown): string | null => {
	const given = text(value);
	if (given === null) return null;
	const parsed = new Date(given);
	return Number.isNaN(parsed.getTime()) ? given : parsed.toISOString();
};

function storedCase(row: CaseRow, table: DataTableInfo, baseUrl: string): StoredCase {
	const status = text(row.status) ?? OPEN;
	return {
		id: String(row.id),
		// n8n's editor shows a table at /projects/<project>/datatables/<table>; the API root is <n8n>/api/v1.
		url: `${baseUrl.replace(/\/api\/v1\/?$/, '')}/projects/${table.projectId}/datatables/${table.id}`,
		key: text(row.caseKey),
		status,
		closed: status === CLOSED,
		providerPriority: text(row.priority),
		dueAt: instant(row.dueAt),
		createdAt: instant(row.openedAt) ?? instant(row.createdAt),
		revision: typeof row.revision === 'number' ? row.revision : null,
		resumeUrl: text(row.resumeUrl),
		integrity: (text(row.integrity) ?? '').split(/[,\s]+/).filter(Boolean),
	};
}

/** Notes are one text column, newest last, each line stamped, so the Data tables view reads as a log. */
function appendNote(existing: unknown, note: CaseNote): string {
	const entry = `[${note.at}] ${note.text}`;
	return text(existing) ? `${String(existing)}\n\n${entry}` : entry;
}

async function updateRow(api: ApiClient, table: DataTableInfo, id: string, data: IDataObject): Promise<CaseRow> {
	const updated = await api.request<CaseRow[] | boolean>({
		method: 'PATCH',
		url: `/data-tables/${table.id}/rows/update`,
		body: { filter: JSON.parse(byColumn('id', Number(id))) as IDataObject, data, returnData: true },
	});
	const [row] = Array.isArray(updated) ? updated : [];
	if (!row) throw new Error(`The case row ${id} is no longer in the Data Table "${table.name}"`);
	return row;
}

async function rowById(api: ApiClient, table: DataTableInfo, id: string): Promise<CaseRow | null> {
	if (!/^\d+$/.test(id)) return null;
	const [row] = await rowsWhere(api, table.id, 'id', Number(id));
	return row ?? null;
}

export const dataTableProvider: CaseProvider<DataTableSettings> = {
	key: 'dataTable',
	displayName: 'n8n Data Table',
	summary: 'Cases in a table of this n8n, seen and edited in its Data tables view; needs no other system',
	credentialType: 'closedLoopN8nApi',
	apiBaseUrl: (credentials) => `${credentialBaseUrl(credentials, 'http://localhost:5678')}/api/v1`,
	defaultPriorities: { P1: 'P1', P2: 'P2', P3: 'P3', P4: 'P4' },
	capabilities: { idempotency: ['searchThenConverge'], storesResumeUrl: true },
	properties: [
		{
			displayName: 'Table Name',
			name: 'dataTableName',
			type: 'string',
			default: DEFAULT_CASE_TABLE,
			required: true,
			description: 'The Data Table that holds the cases. Created with its columns the first time a case is opened.',
			displayOptions: { show: { provider: ['dataTable'] } },
		},
		{
			displayName: 'Project ID',
			name: 'dataTableProjectId',
			type: 'string',
			default: '',
			description: 'The project the table belongs to. Empty: the API key owner’s personal project.',
			displayOptions: { show: { provider: ['dataTable'] } },
		},
	] satisfies INodeProperties[],
	settings: (parameter) => ({
		tableName: parameter('dataTableName', DEFAULT_CASE_TABLE).trim() || DEFAULT_CASE_TABLE,
		projectId: parameter('dataTableProjectId', '').trim(),
	}),

	async find(api, key, settings) {
		const table = await findTable(api, settings);
		if (!table) return null;
		const [first] = await rowsWhere(api, table.id, 'caseKey', key);
		return first ? storedCase(first, table, api.baseUrl) : null;
	},

	async get(api, id, settings) {
		const table = await findTable(api, settings);
		if (!table) return null;
		const row = await rowById(api, table, id).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
		return row ? storedCase(row, table, api.baseUrl) : null;
	},

	async create(api, draft: CaseDraft, settings) {
		const table = await caseTable(api, settings);
		const row: IDataObject = {
			caseKey: draft.key,
			status: OPEN,
			priority: draft.providerPriority,
			subject: draft.subject,
			description: draft.description,
			customerName: draft.requester.name,
			customerEmail: draft.requester.email,
			customerPhone: draft.requester.phone,
			customerId: draft.facts.customerId,
			ownerName: draft.assignee?.name ?? null,
			ownerEmail: draft.assignee?.email ?? null,
			category: draft.facts.category,
			score: draft.facts.score,
			topics: draft.facts.topics.join(', '),
			touchpoint: draft.facts.touchpoint,
			feedbackId: draft.feedbackId,
			revision: draft.revision,
			openedAt: new Date().toISOString(),
			dueAt: draft.dueAt,
			resumeUrl: draft.resumeUrl,
		};
		// Not retried on a lost answer: a repeat could insert twice; converge() removes a duplicate all the same.
		const inserted = await api.request<CaseRow[]>({ method: 'POST', url: `/data-tables/${table.id}/rows`, body: { data: [row], returnType: 'all' } });
		const [created] = Array.isArray(inserted) ? inserted : [];
		if (!created || typeof created.id !== 'number') throw new Error(`n8n answered the insert into "${table.name}" without the new row`);
		return storedCase(created, table, api.baseUrl);
	},

	async converge(api, created, key, settings) {
		const table = await caseTable(api, settings);
		const [oldest] = await rowsWhere(api, table.id, 'caseKey', key);
		if (!oldest || String(oldest.id) === created.id) return created;
		await api.request({ method: 'DELETE', url: `/data-tables/${table.id}/rows/delete`, qs: { filter: byColumn('id', Number(created.id)) } });
		return storedCase(oldest, table, api.baseUrl);
	},

	async revise(api, stored, draft, settings) {
		const table = await caseTable(api, settings);
		const current = await rowById(api, table, stored.id);
		const note: CaseNote = { text: `Revision ${draft.revision} of the response`, at: new Date().toISOString() };
		const row = await updateRow(api, table, stored.id, {
			subject: draft.subject,
			description: draft.description,
			priority: draft.providerPriority,
			category: draft.facts.category,
			score: draft.facts.score,
			topics: draft.facts.topics.join(', '),
			revision: draft.revision,
			notes: appendNote(current?.notes, note),
		});
		return storedCase(row, table, api.baseUrl);
	},

	async close(api, stored, close: CaseClose, settings) {
		const table = await caseTable(api, settings);
		const current = await rowById(api, table, stored.id);
		const row = await updateRow(api, table, stored.id, {
			status: CLOSED,
			resolvedAt: close.closedAt,
			twoWayContact: close.closure.twoWayContact,
			resolved: close.closure.resolved,
			rootCause: close.closure.rootCause,
			actionTaken: close.closure.actionTaken,
			closeNotes: close.closure.notes,
			integrity: close.integrity.join(', '),
			notes: appendNote(current?.notes, { text: close.note, at: close.closedAt }),
		});
		return storedCase(row, table, api.baseUrl);
	},

	async addNote(api, stored, note, settings) {
		const table = await caseTable(api, settings);
		const current = await rowById(api, table, stored.id);
		const row = await updateRow(api, table, stored.id, { notes: appendNote(current?.notes, note) });
		return storedCase(row, table, api.baseUrl);
	},
};
