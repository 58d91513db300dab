/**
 * n8n 2.41.1's public Data Table API (`/api/v1/data-tables`), the part Create Case's Data Table store calls, as nock
 * interceptors over an in-memory store: list tables by name (n8n's filter is a case-insensitive LIKE), create a
 * table (409 for a name taken), add columns, insert rows (`returnType: all`), read rows with an `eq` filter and
 * `sortBy`, update and delete rows by filter. Answers and errors are shaped as n8n's handlers and openapi.yml give
 * them, so node tests can interleave concurrent runs against it the way they interleave against a real n8n.
 */
import nock from 'nock';

export interface FakeRow {
	id: number;
	createdAt: string;
	updatedAt: string;
	[column: string]: unknown;
}

interface FakeTable {
	id: string;
	name: string;
	projectId: string;
	columns: Array<{ id: string; name: string; type: string; index: number }>;
	rows: FakeRow[];
	nextId: number;
}

interface Filter {
	type?: 'and' | 'or';
	filters: Array<{ columnName: string; condition: string; value: unknown }>;
}

export interface RecordedCall {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	apiKey: string | undefined;
}

/** One scripted failure: the next call matching `method` and `path` gets `status` (and the store still applies it when `applied`). */
export interface ScriptedFailure {
	method: string;
	path: RegExp;
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** The call takes effect before the failure is answered, as when n8n stored the row and the answer was lost. */
	applied?: boolean;
}

export class FakeDataTableApi {
	readonly tables: FakeTable[] = [];
	readonly calls: RecordedCall[] = [];
	readonly failures: ScriptedFailure[] = [];
	private tableCounter = 0;

	constructor(
		readonly origin: string,
		readonly apiKey: string,
		/** Milliseconds every answer waits, so concurrent runs interleave between their calls. */
		private readonly latencyMs = 0,
	) {}

	/** The cases table's rows, by table name. */
	rows(tableName: string): FakeRow[] {
		return this.tables.find((table) => table.name === tableName)?.rows ?? [];
	}

	callsTo(method: string, pathPattern: RegExp): RecordedCall[] {
		return this.calls.filter((call) => call.method === method && pathPattern.test(call.path));
	}

	install(): void {
		const scope = nock(this.origin).persist();
		// eslint-disable-next-line @typescript-eslint/no-this-alias -- nock gives the request as the reply function's `this`
		const api = this;
		for (const method of ['get', 'post', 'patch', 'delete'] as const) {
			scope[method](/^\/api\/v1\/data-tables/)
				.query(true)
				.delay(this.latencyMs)
				.reply(function (this: nock.ReplyFnContext, uri, body) {
					const key = this.req.headers['x-n8n-api-key'];
					const [status, answer, headers] = api.answer(method.toUpperCase(), uri, body, Array.isArray(key) ? key[0] : key);
					return [status, answer as nock.Body, headers ?? {}];
				});
		}
	}

	answer(method: string, uri: string, rawBody: unknown, apiKey: string | undefined): [number, unknown, Record<string, string>?] {
		const url = new URL(uri, this.origin);
		const query = Object.fromEntries(url.searchParams.entries());
		const body = typeof rawBody === 'string' && rawBody !== '' ? (JSON.parse(rawBody) as unknown) : rawBody;
		const path = url.pathname.replace(/^\/api\/v1/, '');
		this.calls.push({ method, path, query, body, apiKey });
		if (apiKey !== this.apiKey) return [401, { message: 'unauthorized' }];
		const failureIndex = this.failures.findIndex((failure) => failure.method === method && failure.path.test(path));
		if (failureIndex >= 0) {
			const [failure] = this.failures.splice(failureIndex, 1);
			if (failure.applied) this.route(method, path, query, body);
			return [failure.status, failure.body ?? { message: `Scripted HTTP ${failure.status}` }, failure.headers];
		}
		return this.route(method, path, query, body);
	}

	private route(method: string, path: string, query: Record<string, string>, body: unknown): [number, unknown] {
		const now = new Date().toISOString();
		if (path === '/data-tables' && method === 'GET') {
			const wanted = (JSON.parse(query.filter ?? '{}') as { name?: string }).name?.toLowerCase() ?? '';
			const data = this.tables.filter((table) => table.name.toLowerCase().includes(wanted)).map((table) => this.describe(table));
			return [200, { data, nextCursor: null }];
		}
		if (path === '/data-tables' && method === 'POST') {
			const { name, columns, projectId } = body as { name: string; columns: Array<{ name: string; type: string }>; projectId?: string };
			if (this.tables.some((table) => table.name === name)) return [409, { message: `Data table with name '${name}' already exists in this project` }];
			const table: FakeTable = {
				id: `dt${++this.tableCounter}`,
				name,
				projectId: projectId ?? 'personal-project',
				columns: columns.map((column, index) => ({ id: `c${index}`, ...column, index })),
				rows: [],
				nextId: 1,
			};
			this.tables.push(table);
			return [201, this.describe(table)];
		}
		const match = /^\/data-tables\/([^/]+)(\/.*)?$/.exec(path);
		const table = this.tables.find((candidate) => candidate.id === match?.[1]);
		if (!table) return [404, { message: `Could not find the data table: '${match?.[1]}'` }];
		const rest = match?.[2] ?? '';
		if (rest === '/columns' && method === 'POST') {
			const column = body as { name: string; type: string };
			table.columns.push({ id: `c${table.columns.length}`, ...column, index: table.columns.length });
			return [201, table.columns[table.columns.length - 1]];
		}
		if (rest === '/rows' && method === 'GET') {
			const filter = query.filter ? (JSON.parse(query.filter) as Filter) : undefined;
			const [column, direction] = (query.sortBy ?? 'id:asc').split(':');
			const rows = table.rows
				.filter((row) => this.matches(row, filter))
				.sort((a, b) => (a[column] as number) - (b[column] as number))
				.map((row) => ({ ...row }));
			if (direction === 'desc') rows.reverse();
			return [200, { data: rows.slice(0, Number(query.limit ?? 100)), nextCursor: null }];
		}
		if (rest === '/rows' && method === 'POST') {
			const { data, returnType } = body as { data: Array<Record<string, unknown>>; returnType?: string };
			const inserted = data.map((values) => {
				const unknown = Object.keys(values).find((name) => !table.columns.some((known) => known.name === name));
				if (unknown) throw new Error(`unknown column ${unknown}`);
				const row: FakeRow = { id: table.nextId++, ...values, createdAt: now, updatedAt: now };
				table.rows.push(row);
				return row;
			});
			return [200, returnType === 'all' ? inserted : returnType === 'id' ? inserted.map((row) => row.id) : { count: inserted.length }];
		}
		if (rest === '/rows/update' && method === 'PATCH') {
			const { filter, data, returnData } = body as { filter: Filter; data: Record<string, unknown>; returnData?: boolean };
			const updated = table.rows.filter((row) => this.matches(row, filter));
			for (const row of updated) Object.assign(row, data, { updatedAt: now });
			return [200, returnData ? updated.map((row) => ({ ...row })) : true];
		}
		if (rest === '/rows/delete' && method === 'DELETE') {
			if (!query.filter) return [400, { message: 'filter is required' }];
			const filter = JSON.parse(query.filter) as Filter;
			const kept = table.rows.filter((row) => !this.matches(row, filter));
			table.rows.splice(0, table.rows.length, ...kept);
			return [200, true];
		}
		return [404, { message: 'not found' }];
	}

	private matches(row: FakeRow, filter: Filter | undefined): boolean {
		if (!filter || filter.filters.length === 0) return true;
		const results = filter.filters.map(({ columnName, condition, value }) => {
			if (condition !== 'eq') throw new Error(`the fake speaks only eq, not ${condition}`);
			return row[columnName] === value;
		});
		return filter.type === 'or' ? results.some(Boolean) : results.every(Boolean);
	}

	private describe(table: FakeTable) {
		return {
			id: table.id,
			name: table.name,
			projectId: table.projectId,
			columns: table.columns,
			createdAt: '2026-12-01T00:00:00.000Z',
			updatedAt: '2026-12-01T00:00:00.000Z',
			sizeBytes: 0,
		};
	}
}
